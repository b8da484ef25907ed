/**
 * Activity months, cohorts and period edges follow the shop's local calendar (Asia/Shanghai,
 * UTC+8), not UTC: a purchase at 01:00 on 1 February in Shanghai is stored as 31 January 17:00 UTC.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src/main/db/ids';
import { openTestShop, type TestShop } from '../../helpers/core';

const NOW = new Date('2026-06-30T12:00:00.000Z');

describe('loyalty period figures in the shop time zone', () => {
  let shop: TestShop;

  beforeAll(async () => {
    shop = await openTestShop({ clock: () => NOW });
    const db = shop.core.db;
    const ts = '2020-01-01T00:00:00.000Z';
    const customer = db.prepare(
      `INSERT INTO customers (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)`,
    );
    const purchase = db.prepare(
      `INSERT INTO purchases (id, customer_id, purchased_at, total_minor, is_return, created_at, updated_at)
       VALUES (?, ?, ?, ?, 0, ?, ?)`,
    );
    for (const id of ['early-feb', 'late-jan', 'early-mar']) customer.run(id, id, ts, ts);
    // Local 2026-02-01 01:00 — February in the shop, still January in UTC.
    purchase.run(newId(), 'early-feb', '2026-01-31T17:00:00.000Z', 1000, ts, ts);
    purchase.run(newId(), 'early-feb', '2026-02-10T04:00:00.000Z', 1000, ts, ts);
    // Local 2026-01-31 23:30 — January everywhere.
    purchase.run(newId(), 'late-jan', '2026-01-31T15:30:00.000Z', 2000, ts, ts);
    // Local 2026-03-01 01:00 — March in the shop, still February in UTC.
    purchase.run(newId(), 'early-mar', '2026-02-28T17:00:00.000Z', 4000, ts, ts);
  });
  afterAll(() => shop.close());

  it('buckets months and cohorts by the local date', async () => {
    const activity = await shop.staff.call('loyalty.activity', { from: '2026-01-01', to: '2026-03-31' });
    expect(activity.cohorts.map((c) => [c.cohort, c.size])).toEqual([
      ['2026-01', 1],
      ['2026-02', 1],
      ['2026-03', 1],
    ]);
    expect(activity.activity.map((m) => [m.month, m.active, m.new])).toEqual([
      ['2026-01', 1, 1],
      ['2026-02', 1, 1],
      ['2026-03', 1, 1],
    ]);
    expect(activity.headline).toMatchObject({ buyers: 3, newCustomers: 3, revenueMinor: 8000 });
  });

  it('opens and closes the period at local midnight', async () => {
    const february = await shop.staff.call('loyalty.activity', { from: '2026-02-01', to: '2026-02-28' });
    // early-feb's 01:00 purchase is in; late-jan (23:30 on 31 Jan) and early-mar (1 March) are out.
    expect(february.headline).toMatchObject({ buyers: 1, newCustomers: 1, revenueMinor: 2000 });
    expect(february.headline.repeatRate).toBe(1);
    expect(february.cohorts).toEqual([{ cohort: '2026-02', size: 1, retention: [1] }]);
  });

  it('lists a cohort in the drill-down by the local month of the first purchase', async () => {
    const page = await shop.staff.call('loyalty.customers', { filter: { cohort: '2026-02' } });
    expect(page.rows.map((r) => r.id)).toEqual(['early-feb']);
    const march = await shop.staff.call('loyalty.customers', { filter: { cohort: '2026-03' } });
    expect(march.rows.map((r) => r.id)).toEqual(['early-mar']);
  });
});
