import path from 'node:path';
import { PatronCore, type CoreOptions } from '../../src/main/core/core';
import { createDirectClient, type DirectClient } from '../../src/main/transport/direct';
import { tempDir } from './cli';

export interface TestShop {
  readonly core: PatronCore;
  readonly staff: DirectClient;
  readonly owner: DirectClient;
  readonly dbFile: string;
  close(): Promise<void>;
}

/**
 * A fresh, migrated shop file in a temp folder, with a staff and an owner
 * client. `setup: true` (the default) creates the shop profile too.
 */
export async function openTestShop(
  options: { setup?: boolean; clock?: () => Date } & Partial<Pick<CoreOptions, 'handlers'>> = {},
): Promise<TestShop> {
  const dbFile = path.join(tempDir(), 'shop.db');
  const core = PatronCore.open({
    dbFile,
    transport: 'direct',
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.handlers ? { handlers: options.handlers } : {}),
  });
  const staff = createDirectClient(core, core.createSession('test', 'staff'));
  const owner = createDirectClient(core, core.createSession('test', 'owner'));
  if (options.setup !== false) {
    await staff.call('shop.create', {
      name: 'Test Shop',
      currency: 'CNY',
      locale: 'zh-CN',
      country: 'CN',
      timezone: 'Asia/Shanghai',
    });
  }
  return { core, staff, owner, dbFile, close: () => core.close() };
}
