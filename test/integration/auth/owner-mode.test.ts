import { afterEach, describe, expect, it } from 'vitest';
import { openTestShop, type TestShop } from '../../helpers/core';
import { createDirectClient } from '../../../src/main/transport/direct';
import { DEFAULT_OWNER_SESSION_POLICY } from '../../../src/main/domain/auth/owner-session';

let shop: TestShop | null = null;
afterEach(async () => {
  await shop?.close();
  shop = null;
});

const PIN = '204817';
let nowMs = Date.parse('2026-02-01T09:00:00Z');
const clock = (): Date => new Date(nowMs);

async function freshShop(): Promise<TestShop> {
  nowMs = Date.parse('2026-02-01T09:00:00Z');
  shop = await openTestShop({ clock });
  return shop;
}

function auditActions(s: TestShop): string[] {
  return s.core.db.prepare(`SELECT action FROM audit_log ORDER BY at, id`).pluck().all() as string[];
}

describe('owner PIN and owner mode', () => {
  it('opens as staff; the first PIN is set once, stored as scrypt, and unlocks this window', async () => {
    const s = await freshShop();
    expect(await s.staff.call('auth.status', {})).toMatchObject({
      role: 'staff',
      ownerSecretSet: false,
      lockedForMs: 0,
    });
    await expect(s.staff.call('auth.setupPin', { secret: '123456' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    const status = await s.staff.call('auth.setupPin', { secret: PIN });
    expect(status).toMatchObject({ role: 'owner', ownerSecretSet: true });
    const stored = s.core.db
      .prepare(`SELECT value FROM shop_settings WHERE key = 'auth.ownerSecretHash'`)
      .pluck()
      .get() as string;
    expect(JSON.parse(stored)).toMatch(/^scrypt\$ln=15,r=8,p=3\$/);
    expect(stored).not.toContain(PIN);
    await expect(s.staff.call('auth.setupPin', { secret: '370519' })).rejects.toMatchObject({
      code: 'conflict',
    });
    expect(auditActions(s)).toContain('role.pinChanged');
  });

  it('a wrong PIN is refused, the right one unlocks owner commands, lock ends it', async () => {
    const s = await freshShop();
    await s.owner.call('auth.setupPin', { secret: PIN });
    const window = createDirectClient(s.core, s.core.createSession('test'));
    await expect(window.call('audit.list', {})).rejects.toMatchObject({ code: 'forbidden' });
    expect(await window.call('auth.unlock', { secret: '999888' })).toEqual({
      kind: 'rejected',
      attemptsLeft: 4,
    });
    await expect(window.call('audit.list', {})).rejects.toMatchObject({ code: 'forbidden' });
    expect(await window.call('auth.unlock', { secret: PIN })).toEqual({ kind: 'unlocked' });
    expect((await window.call('audit.list', {})).entries.map((e) => e.action)).toContain(
      'role.ownerUnlocked',
    );
    await window.call('auth.lock', {});
    await expect(window.call('audit.list', {})).rejects.toMatchObject({ code: 'forbidden' });
    // Another window stays staff: owner mode belongs to the window that unlocked.
    await window.call('auth.unlock', { secret: PIN });
    await expect(s.staff.call('audit.list', {})).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('owner mode ends after the idle timeout; owner commands and user activity keep it alive, staff reads do not', async () => {
    const s = await freshShop();
    await s.owner.call('auth.setupPin', { secret: PIN });
    const window = createDirectClient(s.core, s.core.createSession('test'));
    await window.call('auth.unlock', { secret: PIN });
    const idle = DEFAULT_OWNER_SESSION_POLICY.idleTimeoutMs;
    nowMs += idle - 1000;
    await window.call('audit.list', {});
    nowMs += idle - 1000;
    await window.call('auth.activity', {});
    nowMs += idle - 1000;
    expect((await window.call('auth.status', {})).role).toBe('owner');
    await window.call('shop.info', {});
    nowMs += 1000;
    expect((await window.call('auth.status', {})).role).toBe('staff');
    await expect(window.call('audit.list', {})).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('too many wrong PINs lock owner mode for a while, even for the right PIN and for a new window', async () => {
    const s = await freshShop();
    await s.owner.call('auth.setupPin', { secret: PIN });
    const window = createDirectClient(s.core, s.core.createSession('test'));
    for (let i = 0; i < DEFAULT_OWNER_SESSION_POLICY.maxFailedAttempts - 1; i += 1) {
      expect((await window.call('auth.unlock', { secret: '555000' })).kind).toBe('rejected');
    }
    expect(await window.call('auth.unlock', { secret: '555000' })).toEqual({
      kind: 'locked-out',
      retryAfterMs: DEFAULT_OWNER_SESSION_POLICY.lockoutBaseMs,
    });
    expect((await window.call('auth.unlock', { secret: PIN })).kind).toBe('locked-out');
    const another = createDirectClient(s.core, s.core.createSession('test'));
    expect((await another.call('auth.unlock', { secret: PIN })).kind).toBe('locked-out');
    expect((await another.call('auth.status', {})).lockedForMs).toBe(
      DEFAULT_OWNER_SESSION_POLICY.lockoutBaseMs,
    );
    expect(auditActions(s)).toContain('role.lockedOut');
    nowMs += DEFAULT_OWNER_SESSION_POLICY.lockoutBaseMs;
    expect(await window.call('auth.unlock', { secret: PIN })).toEqual({ kind: 'unlocked' });
  });

  it('changing the PIN needs owner mode and the current PIN', async () => {
    const s = await freshShop();
    await s.owner.call('auth.setupPin', { secret: PIN });
    await expect(s.staff.call('auth.changePin', { current: PIN, next: '370519' })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(s.owner.call('auth.changePin', { current: '000111', next: '370519' })).rejects.toMatchObject(
      { code: 'unauthorized' },
    );
    await s.owner.call('auth.changePin', { current: PIN, next: '370519' });
    const window = createDirectClient(s.core, s.core.createSession('test'));
    expect((await window.call('auth.unlock', { secret: PIN })).kind).toBe('rejected');
    expect((await window.call('auth.unlock', { secret: '370519' })).kind).toBe('unlocked');
    expect(auditActions(s).filter((a) => a === 'role.pinChanged')).toHaveLength(2);
  });

  it('the CLI session is the owner without a PIN', async () => {
    const s = await freshShop();
    const cli = createDirectClient(s.core, s.core.createSession('cli', 'owner'));
    expect(await cli.call('auth.status', {})).toMatchObject({ role: 'owner', ownerIdleLeftMs: null });
    await cli.call('auth.lock', {});
    expect((await cli.call('audit.export', { format: 'csv' })).rowCount).toBeGreaterThan(0);
    const row = s.core.db
      .prepare(`SELECT actor_role, details FROM audit_log WHERE action = 'export'`)
      .get() as { actor_role: string };
    expect(row.actor_role).toBe('owner');
  });
});
