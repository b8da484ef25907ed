import { afterEach, describe, expect, it, vi } from 'vitest';
import { openTestShop, type TestShop } from '../../helpers/core';
import { consentingCustomerIds, phoneForRole } from '../../../src/main/domain/privacy';
import { PERSON, seedPerson } from './person-fixture';

let shop: TestShop | null = null;
afterEach(async () => {
  await shop?.close();
  shop = null;
});

describe('marketing consent', () => {
  it('keeps every record with date and source, the latest per channel wins', async () => {
    shop = await openTestShop();
    const { customerId } = seedPerson(shop.core.db);
    await shop.staff.call('privacy.setConsent', {
      customerId,
      channel: 'wechat',
      granted: true,
      recordedAt: '2025-04-01T00:00:00.000Z',
      source: 'QR code at the till',
    });
    const consents = await shop.staff.call('privacy.setConsent', {
      customerId,
      channel: 'sms',
      granted: false,
      recordedAt: '2025-05-01T00:00:00.000Z',
      source: 'replied TD',
    });
    expect(consents.current).toEqual([
      { channel: 'sms', granted: false, recordedAt: '2025-05-01T00:00:00.000Z', source: 'replied TD' },
      {
        channel: 'wechat',
        granted: true,
        recordedAt: '2025-04-01T00:00:00.000Z',
        source: 'QR code at the till',
      },
    ]);
    expect(consents.history).toHaveLength(3);
  });

  it('consentingCustomerIds restricts a campaign to customers whose latest answer is yes', async () => {
    shop = await openTestShop();
    const db = shop.core.db;
    const yes = seedPerson(db, { phone: '+8613700000001' }).customerId; // the fixture grants sms
    const withdrawn = seedPerson(db, { phone: '+8613700000002' }).customerId;
    const erased = seedPerson(db, { phone: '+8613700000003' }).customerId;
    const never = seedPerson(db, { phone: '+8613700000004' }).customerId;
    db.prepare(`DELETE FROM consents WHERE customer_id = ?`).run(never);
    await shop.staff.call('privacy.setConsent', { customerId: withdrawn, channel: 'sms', granted: false });
    await shop.staff.call('privacy.setConsent', { customerId: never, channel: 'email', granted: true });
    await shop.owner.call('privacy.erase', { customerId: erased });
    expect([...consentingCustomerIds(db, 'sms')]).toEqual([yes]);
    expect([...consentingCustomerIds(db, 'email')]).toEqual([never]);
    expect(consentingCustomerIds(db, 'phone').size).toBe(0);
  });
});

describe('phone masking for staff', () => {
  it('shows staff only the last 4 digits when the owner turns it on', async () => {
    // The display form with the middle hidden (was `+•••••••••5678`, the raw E.164 with bullets).
    expect(
      phoneForRole(PERSON.phone, 'staff', { maskPhonesForStaff: true, retentionYears: null }, 'CN'),
    ).toBe('139 **** 5678');
    expect(
      phoneForRole(PERSON.phone, 'owner', { maskPhonesForStaff: true, retentionYears: null }, 'CN'),
    ).toBe(PERSON.phone);
    expect(
      phoneForRole(PERSON.phone, 'staff', { maskPhonesForStaff: false, retentionYears: null }, 'CN'),
    ).toBe(PERSON.phone);
    shop = await openTestShop();
    await shop.owner.call('privacy.updateSettings', { maskPhonesForStaff: true });
    expect(await shop.staff.call('privacy.settings', {})).toEqual({
      maskPhonesForStaff: true,
      retentionYears: null,
    });
  });
});

describe('person export', () => {
  it('holds everything about the person, as JSON and an escaped HTML page', async () => {
    shop = await openTestShop();
    const db = shop.core.db;
    const person = seedPerson(db);
    const other = seedPerson(db, { name: '<script>alert(1)</script>', phone: '+8613700009999' });
    const { json, html } = await shop.owner.call('privacy.exportPerson', { customerId: person.customerId });
    const data = JSON.parse(json.content) as Record<string, unknown[]> & {
      customer: Record<string, unknown>;
    };
    expect(data.customer).toMatchObject({
      id: person.customerId,
      name: PERSON.name,
      phone: PERSON.phone,
      email: PERSON.email,
    });
    const expected: Record<string, number> = {
      consents: 1,
      tags: 1,
      purchases: 2,
      purchase_lines: 2,
      customer_costs: 1,
      interactions: 1,
      complaints: 1,
      complaint_events: 1,
      reminders: 1,
      customer_changes: 1,
      campaign_contacts: 1,
    };
    for (const [section, count] of Object.entries(expected))
      expect(data[section], section).toHaveLength(count);
    // Completeness: every table that references customers(id) is in the export.
    const referencing = (
      db
        .prepare(
          `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'local_%' AND name NOT IN ('audit_log','erasure_ledger','customers')`,
        )
        .pluck()
        .all() as string[]
    ).filter((table) =>
      (db.prepare(`PRAGMA foreign_key_list(${table})`).all() as { table: string }[]).some(
        (fk) => fk.table === 'customers',
      ),
    );
    for (const table of referencing)
      expect(Object.keys(data), table).toContain(table === 'customer_tags' ? 'tags' : table);
    expect(JSON.stringify(data)).not.toContain(other.customerId);
    expect(html.content).toContain(PERSON.complaint);
    expect(html.content).toContain(PERSON.address);
    expect(html.content).not.toContain('<script>');

    const otherHtml = await shop.owner.call('privacy.exportPerson', { customerId: other.customerId });
    expect(otherHtml.html.content).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(otherHtml.html.content).not.toContain('<script>');
    await expect(
      shop.staff.call('privacy.exportPerson', { customerId: person.customerId }),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('retention', () => {
  it('proposes customers inactive for the set number of years', async () => {
    shop = await openTestShop({ clock: () => new Date('2030-06-01T00:00:00Z') });
    const old = seedPerson(shop.core.db, { at: '2025-01-01T00:00:00.000Z', phone: '+8613700000011' });
    const recent = seedPerson(shop.core.db, { at: '2025-01-01T00:00:00.000Z', phone: '+8613700000012' });
    shop.core.db
      .prepare(`UPDATE purchases SET purchased_at = '2029-12-01T00:00:00.000Z' WHERE customer_id = ?`)
      .run(recent.customerId);
    expect(await shop.owner.call('privacy.retentionCandidates', {})).toEqual([]);
    await shop.owner.call('privacy.updateSettings', { retentionYears: 3 });
    const candidates = await shop.owner.call('privacy.retentionCandidates', {});
    expect(candidates.map((c) => c.customerId)).toEqual([old.customerId]);
    expect(candidates[0]?.lastActivityAt).toBe('2025-03-03T09:00:00.000Z');
  });
});

describe('logs', () => {
  it('never carry names or phone numbers, even when a privacy command fails inside', async () => {
    const { logger } = await import('../../../src/main/core/logger');
    const lines: string[] = [];
    const record = (message: string, detail?: string): void => {
      lines.push(`${message} ${detail ?? ''}`);
    };
    const spies = [vi.spyOn(logger, 'info'), vi.spyOn(logger, 'warn'), vi.spyOn(logger, 'error')];
    for (const spy of spies) spy.mockImplementation(record);
    try {
      shop = await openTestShop();
      const { customerId } = seedPerson(shop.core.db);
      await shop.owner.call('privacy.exportPerson', { customerId });
      await shop.staff.call('privacy.setConsent', {
        customerId,
        channel: 'email',
        granted: true,
        source: PERSON.name,
      });
      // A missing table makes the erase fail deep inside SQL, which the router logs with its stack.
      shop.core.db.exec(`ALTER TABLE complaint_events RENAME TO complaint_events_moved`);
      await expect(shop.owner.call('privacy.erase', { customerId })).rejects.toMatchObject({
        code: 'internal',
      });
      expect(lines.length).toBeGreaterThan(0);
      const all = lines.join('\n');
      for (const secret of [PERSON.name, PERSON.phoneDigits, PERSON.email, PERSON.complaint])
        expect(all).not.toContain(secret);
      // The failed erase changed nothing.
      expect(shop.core.db.prepare(`SELECT name FROM customers WHERE id = ?`).pluck().get(customerId)).toBe(
        PERSON.name,
      );
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });
});
