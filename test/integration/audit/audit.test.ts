import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../../helpers/cli';
import { PatronCore } from '../../../src/main/core/core';
import { openTestShop, type TestShop } from '../../helpers/core';
import { PERSON, seedPerson } from '../privacy/person-fixture';

let shop: TestShop | null = null;
afterEach(async () => {
  await shop?.close();
  shop = null;
});

interface Row {
  actor_role: string;
  action: string;
  entity_id: string | null;
  details: string;
}

function auditRows(s: TestShop): Row[] {
  return s.core.db
    .prepare(`SELECT actor_role, action, entity_id, details FROM audit_log ORDER BY at, id`)
    .all() as Row[];
}

describe('audit trail', () => {
  it('records each audited action of this area with who, when and what — never names or phones', async () => {
    shop = await openTestShop();
    const person = seedPerson(shop.core.db);
    await shop.owner.call('auth.setupPin', { secret: '204817' });
    await shop.owner.call('privacy.updateSettings', { maskPhonesForStaff: true });
    await shop.owner.call('privacy.exportPerson', { customerId: person.customerId });
    const exported = await shop.owner.call('audit.export', { format: 'json' });
    await shop.owner.call('privacy.erase', { customerId: person.customerId });

    const rows = auditRows(shop);
    expect(rows.map((r) => r.action)).toEqual([
      'shop.created',
      'role.pinChanged',
      'settings.changed',
      'person.exported',
      'export',
      'customer.erased',
    ]);
    expect(rows.every((r) => r.actor_role.length > 0)).toBe(true);
    const exportRow = rows.find((r) => r.action === 'export');
    expect(JSON.parse(exportRow?.details ?? '{}')).toEqual({
      what: 'audit',
      format: 'json',
      rowCount: exported.rowCount,
      filter: null,
    });
    expect(JSON.parse(rows.find((r) => r.action === 'settings.changed')?.details ?? '{}')).toMatchObject({
      group: 'privacy',
      maskPhonesForStaff: true,
    });
    expect(rows.find((r) => r.action === 'person.exported')?.entity_id).toBe(person.customerId);

    const all = JSON.stringify(rows);
    for (const secret of [PERSON.name, PERSON.phoneDigits, PERSON.email, PERSON.address])
      expect(all).not.toContain(secret);
  });

  it('is append-only', async () => {
    shop = await openTestShop();
    expect(() => shop?.core.db.prepare(`DELETE FROM audit_log`).run()).toThrow(/append-only/);
    expect(() => shop?.core.db.prepare(`UPDATE audit_log SET action = 'x'`).run()).toThrow(/append-only/);
  });

  it('is listed newest first, page by page, and exported as CSV safe for spreadsheets', async () => {
    let now = Date.parse('2026-03-01T08:00:00Z');
    shop = await openTestShop({ clock: () => new Date((now += 1000)) });
    for (let i = 0; i < 5; i += 1) await shop.owner.call('privacy.updateSettings', { retentionYears: i + 1 });
    const first = await shop.owner.call('audit.list', { limit: 4 });
    expect(first.entries).toHaveLength(4);
    expect(first.entries[0]?.details).toMatchObject({ retentionYears: 5 });
    expect(first.nextBefore).not.toBeNull();
    const second = await shop.owner.call('audit.list', { limit: 4, before: first.nextBefore ?? undefined });
    expect(second.entries.map((e) => e.action)).toEqual(['settings.changed', 'shop.created']);
    expect(second.nextBefore).toBeNull();
    const filtered = await shop.owner.call('audit.list', { action: 'shop.created' });
    expect(filtered.entries).toHaveLength(1);

    const csv = await shop.owner.call('audit.export', { format: 'csv' });
    expect(csv.fileName).toMatch(/^patron-audit-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = csv.content
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('at,role,action,entity,entity_id,details');
    expect(lines).toHaveLength(1 + csv.rowCount);
    expect(csv.rowCount).toBe(6);
  });
});

describe('the CLI acts as the owner and is audited like the app', () => {
  it('audit-export and erase write audit entries with the owner role', async () => {
    const dbFile = path.join(tempDir(), 'shop.db');
    expect(runCli(['init', '--db', dbFile, '--name', 'CLI Shop']).status).toBe(0);
    const core = PatronCore.open({ dbFile, transport: 'direct' });
    const { customerId } = seedPerson(core.db);
    await core.close();

    expect(runCli(['erase', '--db', dbFile, '--customer', customerId]).status).toBe(2);
    const erase = runCli(['erase', '--db', dbFile, '--customer', customerId, '--yes']);
    expect(erase.status, erase.stderr).toBe(0);
    const out = path.join(tempDir(), 'audit.json');
    const exported = runCli(['audit-export', '--db', dbFile, '--out', out, '--format', 'json']);
    expect(exported.status, exported.stderr).toBe(0);
    const file = JSON.parse(readFileSync(out, 'utf8')) as {
      entries: { action: string; actorRole: string }[];
    };
    expect(file.entries.find((e) => e.action === 'customer.erased')?.actorRole).toBe('owner');

    const reopened = PatronCore.open({ dbFile, transport: 'direct' });
    const actions = reopened.db.prepare(`SELECT action, actor_role FROM audit_log ORDER BY at, id`).all();
    await reopened.close();
    expect(actions.slice(-2)).toEqual([
      { action: 'customer.erased', actor_role: 'owner' },
      { action: 'export', actor_role: 'owner' },
    ]);
  });
});
