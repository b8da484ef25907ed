import { afterEach, describe, expect, it } from 'vitest';
import { commandNames, contract, type CommandName } from '../../../src/shared/contract';
import type { HandlerTable } from '../../../src/main/core/handlers';
import { openTestShop, type TestShop } from '../../helpers/core';

let shop: TestShop | null = null;
afterEach(async () => {
  await shop?.close();
  shop = null;
});

/** Handlers that only record that they ran, so walking every command changes nothing. */
function recordingHandlers(ran: Set<string>): HandlerTable<CommandName> {
  return Object.fromEntries(
    commandNames.map((name) => [
      name,
      () => {
        ran.add(name);
        return null;
      },
    ]),
  ) as unknown as HandlerTable<CommandName>;
}

const ownerCommands = commandNames.filter((name) => contract[name].role === 'owner');
const staffCommands = commandNames.filter((name) => contract[name].role === 'staff');

describe('role enforcement for every command in the contract', () => {
  it('declares the owner-only actions of the issue as owner commands', () => {
    for (const name of [
      'audit.list',
      'audit.export',
      'privacy.exportPerson',
      'privacy.erase',
      'privacy.updateSettings',
      'auth.changePin',
      'shop.updateProfile',
    ] as const) {
      expect(contract[name].role, name).toBe('owner');
    }
    expect(ownerCommands.length).toBeGreaterThan(0);
  });

  it.each(ownerCommands)(
    'a staff session calling %s gets forbidden, and the handler never runs',
    async (name) => {
      const ran = new Set<string>();
      shop = await openTestShop({ setup: false, handlers: recordingHandlers(ran) });
      const result = await shop.staff.invoke(name, {} as never);
      expect(result).toMatchObject({
        ok: false,
        error: { code: 'forbidden', details: { command: name, requiredRole: 'owner' } },
      });
      expect(ran.has(name)).toBe(false);
    },
  );

  it.each(staffCommands)('a staff session may call %s (never forbidden)', async (name) => {
    const ran = new Set<string>();
    shop = await openTestShop({ setup: false, handlers: recordingHandlers(ran) });
    const result = await shop.staff.invoke(name, {} as never);
    if (!result.ok) expect(result.error.code).toBe('invalid_input');
    else expect(ran.has(name)).toBe(true);
  });

  it.each(ownerCommands)('an owner session is let through to %s', async (name) => {
    const ran = new Set<string>();
    shop = await openTestShop({ setup: false, handlers: recordingHandlers(ran) });
    const result = await shop.owner.invoke(name, {} as never);
    if (!result.ok) expect(result.error.code).toBe('invalid_input');
    else expect(ran.has(name)).toBe(true);
  });
});
