import { existsSync } from 'node:fs';
import path from 'node:path';
import { PatronCore } from '../core/core';
import { backupBeforePendingMigration } from '../domain/backup/backup.service';
import { createDirectClient, type DirectClient } from '../transport/direct';
import { UsageError } from './framework';

/**
 * Opens a shop file for a CLI command, as the owner. `mustExist` guards
 * commands that only make sense on an existing shop from silently creating
 * an empty file at a mistyped path.
 */
export async function withShop<T>(
  dbFile: string | undefined,
  options: { mustExist: boolean },
  run: (client: DirectClient, core: PatronCore) => Promise<T>,
): Promise<T> {
  if (!dbFile) throw new UsageError('--db is required.');
  const file = path.resolve(dbFile);
  if (options.mustExist && !existsSync(file)) throw new UsageError(`No shop file at ${file}.`);
  // An older file is backed up (verified) before the core migrates it.
  await backupBeforePendingMigration(file, () => new Date());
  const core = PatronCore.open({ dbFile: file, transport: 'direct' });
  try {
    return await run(createDirectClient(core, core.createSession('cli', 'owner')), core);
  } finally {
    await core.close();
  }
}

export function formatInt(n: number): string {
  return n.toLocaleString('en-US');
}
