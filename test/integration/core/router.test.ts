import { afterEach, describe, expect, it, vi } from 'vitest';
import { commandNames, contract } from '../../../src/shared/contract';
import { handlers } from '../../../src/main/domain/handlers';
import { openTestShop, type TestShop } from '../../helpers/core';

const shops: TestShop[] = [];
async function shop(options: Parameters<typeof openTestShop>[0] = {}): Promise<TestShop> {
  const s = await openTestShop(options);
  shops.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(shops.splice(0).map((s) => s.close()));
});

describe('command router', () => {
  it('has exactly one handler per contract entry', () => {
    expect(Object.keys(handlers).sort()).toEqual([...commandNames].sort());
  });

  it('refuses unknown commands with an error value, not an exception', async () => {
    const { core } = await shop();
    const result = await core.invoke(core.createSession('test'), 'customers.dropAll', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown_command' } });
  });

  it('validates input against the contract schema and explains what is wrong', async () => {
    const { staff } = await shop({ setup: false });
    const result = await staff.invoke('shop.create', { name: '', currency: 'yuan' } as never);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('invalid_input');
      const paths = (result.error.details?.issues as { path: string[] }[]).map((i) => i.path.join('.'));
      expect(paths).toEqual(expect.arrayContaining(['name', 'currency']));
    }
  });

  it('applies schema defaults before the handler runs', async () => {
    const { staff } = await shop({ setup: false });
    const info = await staff.call('shop.create', { name: '街角咖啡' });
    expect(info.profile).toEqual({
      name: '街角咖啡',
      currency: 'CNY',
      locale: 'zh-CN',
      country: 'CN',
      timezone: 'Asia/Shanghai',
    });
  });

  it('enforces the role declared in the contract, in the core', async () => {
    const { staff, owner } = await shop();
    const refused = await staff.invoke('shop.updateProfile', { name: 'Renamed' });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'forbidden', details: { requiredRole: 'owner' } },
    });
    expect((await staff.call('shop.info', {})).profile?.name).toBe('Test Shop');
    const allowed = await owner.call('shop.updateProfile', { name: 'Renamed' });
    expect(allowed.profile?.name).toBe('Renamed');
  });

  it('refuses every owner command to a staff session', async () => {
    const { staff } = await shop();
    const ownerCommands = commandNames.filter((name) => contract[name].role === 'owner');
    expect(ownerCommands.length).toBeGreaterThan(0);
    for (const name of ownerCommands) {
      const result = await staff.invoke(name, {} as never);
      expect(result, name).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
  });

  it('returns domain errors as values with their code', async () => {
    const { staff } = await shop();
    const again = await staff.invoke('shop.create', { name: 'Second' });
    expect(again).toMatchObject({ ok: false, error: { code: 'already_initialized' } });
  });

  it('emits db.changed after a mutating command, and not after a query', async () => {
    const { core, staff } = await shop();
    const seen: string[][] = [];
    core.events.on('db.changed', (payload) => seen.push([...payload.tables]));
    await staff.call('shop.info', {});
    expect(seen).toEqual([]);
    await staff.call('ui.setLanguage', { uiLanguage: 'en' });
    expect(seen).toEqual([['local_settings']]);
  });

  it('hides unexpected failures behind an internal error that names no data', async () => {
    const { staff } = await shop({
      handlers: {
        ...handlers,
        'shop.stats': () => {
          throw new Error('secret customer 张三 13800138000');
        },
      },
    });
    const logged: string[] = [];
    const spy = vi
      .spyOn(console, 'error')
      .mockImplementation((...args: unknown[]) => void logged.push(args.join(' ')));
    const previous = process.env.PATRON_LOG;
    process.env.PATRON_LOG = 'all';
    try {
      const result = await staff.invoke('shop.stats', {});
      expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
      expect(JSON.stringify(result)).not.toMatch(/张三|13800138000/);
    } finally {
      spy.mockRestore();
      process.env.PATRON_LOG = previous;
    }
    expect(logged.join('\n')).toContain('command shop.stats failed');
    expect(logged.join('\n')).toContain('router.test.ts'); // the stack frames survive
    expect(logged.join('\n')).not.toMatch(/张三|13800138000/);
  });

  it('ends owner mode after the grant expires', async () => {
    let now = new Date('2026-01-01T10:00:00Z');
    const { core } = await shop({ clock: () => now });
    const session = core.createSession('test');
    session.grantOwner(now.getTime() + 60_000);
    expect(session.role()).toBe('owner');
    now = new Date(now.getTime() + 61_000);
    expect(session.role()).toBe('staff');
  });
});
