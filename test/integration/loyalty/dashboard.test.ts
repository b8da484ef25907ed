/**
 * Every aggregate behind the Loyalty screen on a hand-built shop whose right answers can be worked
 * out by hand. The analysis runs are written directly (test/helpers/loyalty-snapshot.ts) following
 * storage-contract.md, because the real writer (issue 5) is built in parallel.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestShop, type TestShop } from '../../helpers/core';
import { insertAnalysisRun, type SnapshotRowInput } from '../../helpers/loyalty-snapshot';
import { newId } from '../../../src/main/db/ids';
import { defaultAnalysisSettings } from '../../../src/shared/analysis/settings';
import type { LoyaltyDashboard, LoyaltyFilter } from '../../../src/shared/contract/loyalty';

const NOW = new Date('2026-06-30T12:00:00.000Z');
const ids = { A: 'cust-a', B: 'cust-b', C: 'cust-c', D: 'cust-d', E: 'cust-e', P: 'cust-p' } as const;

function seedRawTables(shop: TestShop): void {
  const db = shop.core.db;
  const ts = '2020-01-01T00:00:00.000Z';
  const customer = db.prepare(
    `INSERT INTO customers (id, name, phone_digits, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
  );
  for (const [key, id] of Object.entries(ids))
    customer.run(id, `Customer ${key}`, `1380000000${key.charCodeAt(0) % 10}`, ts, ts);
  const purchase = db.prepare(
    `INSERT INTO purchases (id, customer_id, purchased_at, total_minor, is_return, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const buy = (id: string, at: string, total: number, isReturn = 0): void => {
    purchase.run(newId(), id, `${at}T10:00:00.000Z`, total, isReturn, ts, ts);
  };
  buy(ids.A, '2025-08-10', 10000);
  buy(ids.A, '2026-02-10', 5000);
  buy(ids.A, '2026-06-01', 5000);
  buy(ids.B, '2024-03-01', 3000);
  buy(ids.B, '2026-06-05', 7000);
  buy(ids.C, '2026-01-15', 1000);
  buy(ids.D, '2025-09-01', 2000);
  buy(ids.D, '2025-09-20', -500, 1);
  buy(ids.E, '2023-01-01', 3000);
  // Deleted purchases never count.
  db.prepare(
    `INSERT INTO purchases (id, customer_id, purchased_at, total_minor, created_at, updated_at, deleted_at)
     VALUES (?, ?, '2026-03-03T10:00:00.000Z', 99999, ?, ?, ?)`,
  ).run(newId(), ids.C, ts, ts, ts);

  const interaction = db.prepare(
    `INSERT INTO interactions (id, customer_id, occurred_at, channel, direction, satisfaction, created_at, updated_at)
     VALUES (?, ?, ?, 'face_to_face', 'inbound', ?, ?, ?)`,
  );
  interaction.run(newId(), ids.A, '2025-10-01T09:00:00.000Z', 5, ts, ts);
  interaction.run(newId(), ids.A, '2026-03-01T09:00:00.000Z', 4, ts, ts);
  interaction.run(newId(), ids.B, '2026-06-06T09:00:00.000Z', 2, ts, ts);
  interaction.run(newId(), ids.C, '2024-06-06T09:00:00.000Z', 3, ts, ts);

  const complaint = db.prepare(
    `INSERT INTO complaints (id, customer_id, received_at, description, cause, status, resolved_at, created_at, updated_at)
     VALUES (?, ?, ?, 'x', ?, ?, ?, ?, ?)`,
  );
  complaint.run(
    newId(),
    ids.A,
    '2026-01-01T00:00:00.000Z',
    'quality',
    'resolved',
    '2026-01-03T00:00:00.000Z',
    ts,
    ts,
  );
  complaint.run(
    newId(),
    ids.B,
    '2026-02-01T00:00:00.000Z',
    'communication',
    'followed_up',
    '2026-02-05T00:00:00.000Z',
    ts,
    ts,
  );
  complaint.run(newId(), ids.B, '2026-06-01T00:00:00.000Z', 'communication', 'received', null, ts, ts);
  complaint.run(
    newId(),
    ids.E,
    '2024-01-01T00:00:00.000Z',
    'price',
    'resolved',
    '2024-01-02T00:00:00.000Z',
    ts,
    ts,
  );
}

const latestRows: SnapshotRowInput[] = [
  {
    customer_id: ids.A,
    r_score: 5,
    f_score: 5,
    segment: 'champions',
    abc_class: 'A',
    value_tier: 'vip',
    lifecycle_stage: 'stability',
    loyalty_type: 'premium',
    monetary_minor: 20000,
    frequency: 3,
    recency_days: 29,
    p_alive: 0.9,
  },
  {
    customer_id: ids.B,
    r_score: 5,
    f_score: 4,
    segment: 'champions',
    abc_class: 'A',
    value_tier: 'major',
    lifecycle_stage: 'formation',
    loyalty_type: 'inertia',
    monetary_minor: 10000,
    frequency: 2,
    recency_days: 25,
    p_alive: 0.8,
  },
  {
    customer_id: ids.C,
    r_score: 4,
    f_score: 1,
    segment: 'promising',
    abc_class: 'B',
    value_tier: 'ordinary',
    lifecycle_stage: 'exploration',
    loyalty_type: 'latent',
    monetary_minor: 1000,
    frequency: 1,
    recency_days: 166,
    p_alive: 1,
  },
  {
    customer_id: ids.D,
    r_score: 2,
    f_score: 3,
    segment: 'atRisk',
    abc_class: 'C',
    value_tier: 'small',
    lifecycle_stage: 'decline',
    loyalty_type: 'none',
    monetary_minor: 1500,
    frequency: 1,
    recency_days: 302,
    p_alive: 0.3,
    at_risk: 1,
    predicted_clv_minor: 800,
    value_at_stake_minor: 800,
  },
  {
    customer_id: ids.E,
    r_score: 1,
    f_score: 1,
    segment: 'hibernating',
    abc_class: 'C',
    value_tier: 'small',
    lifecycle_stage: 'lost',
    loyalty_type: 'price',
    monetary_minor: 3000,
    frequency: 1,
    recency_days: 1276,
    p_alive: 0.05,
    at_risk: 1,
    predicted_clv_minor: 200,
    value_at_stake_minor: 200,
  },
  { customer_id: ids.P, value_tier: 'prospect', lifecycle_stage: 'prospect' },
];
const previousRows: SnapshotRowInput[] = [
  { customer_id: ids.A, r_score: 5, f_score: 5, segment: 'champions', frequency: 2, monetary_minor: 15000 },
  {
    customer_id: ids.B,
    r_score: 4,
    f_score: 4,
    segment: 'loyalCustomers',
    frequency: 1,
    monetary_minor: 3000,
  },
  {
    customer_id: ids.D,
    r_score: 3,
    f_score: 3,
    segment: 'needAttention',
    frequency: 1,
    monetary_minor: 1500,
  },
  { customer_id: ids.E, r_score: 1, f_score: 1, segment: 'hibernating', frequency: 1, monetary_minor: 3000 },
];

describe('loyalty dashboard on a hand-built shop', () => {
  let shop: TestShop;
  let dashboard: LoyaltyDashboard;
  let latestRunId: string;

  beforeAll(async () => {
    shop = await openTestShop({ clock: () => NOW });
    seedRawTables(shop);
    insertAnalysisRun(shop.core.db, {
      asOf: '2025-12-31',
      finishedAt: '2026-01-01T00:00:00.000Z',
      rows: previousRows,
    });
    latestRunId = insertAnalysisRun(shop.core.db, {
      asOf: '2026-06-30',
      finishedAt: '2026-06-30T08:00:00.000Z',
      summary: {
        shopMedianGapDays: 30,
        pareto: {
          curve: [
            { customerShare: 0, revenueShare: 0 },
            { customerShare: 0.2, revenueShare: 0.5 },
            { customerShare: 0.4, revenueShare: 0.75 },
            { customerShare: 1, revenueShare: 1 },
          ],
        },
      },
      rows: latestRows,
      rules: [
        {
          level: 'product',
          antecedent: ['Latte'],
          consequent: 'Croissant',
          support: 0.1,
          confidence: 0.4,
          lift: 1.5,
        },
        {
          level: 'product',
          antecedent: ['Tea', 'Scone'],
          consequent: 'Jam',
          support: 0.05,
          confidence: 0.6,
          lift: 2,
        },
        {
          level: 'category',
          antecedent: ['Coffee'],
          consequent: 'Pastry',
          support: 0.2,
          confidence: 0.35,
          lift: 1.2,
        },
      ],
    });
    dashboard = await shop.staff.call('loyalty.dashboard', {});
  });
  afterAll(() => shop.close());

  it('defaults to the last 12 months and reports the latest run with its predecessor', () => {
    expect(dashboard.period).toEqual({ from: '2025-07-01', to: '2026-06-30' });
    expect(dashboard.run?.id).toBe(latestRunId);
    expect(dashboard.run?.previousRunId).not.toBeNull();
    expect(dashboard.currency).toBe('CNY');
    // What the run was computed with, for the screen to say (the defaults: all history, 80/95 %).
    expect(dashboard.run?.windowDays).toBeNull();
    expect(dashboard.run?.abcCutoffs).toEqual({ a: 0.8, b: 0.95 });
  });

  it('headline: CSI over the period only, customers at risk from the run', () => {
    expect(dashboard.headline.csi).toBeCloseTo((5 + 4 + 2) / 3, 10);
    expect(dashboard.headline.satisfactionScores).toBe(3);
    expect(dashboard.headline.atRisk).toBe(2);
  });

  it('activity headline: buyers, new customers, repeat rate, net revenue and the top-20 % share', async () => {
    const activity = await shop.staff.call('loyalty.activity', {});
    expect(activity.headline).toEqual({
      buyers: 4, // A, B, C, D; E bought only in 2023
      newCustomers: 3, // A, C, D; B's first purchase was in 2024
      repeatRate: 0.25, // only A bought twice or more in the period
      revenueMinor: 20000 + 7000 + 1000 + 1500, // D's return is netted; C's deleted purchase ignored
      top20RevenueShare: 20000 / 29500, // ceil(0.2 × 4) = 1 customer: A
    });
  });

  it('cohorts of first purchase and the monthly active / new / returning / lost line', async () => {
    const activity = await shop.staff.call('loyalty.activity', {});
    expect(activity.cohorts.map((c) => [c.cohort, c.size])).toEqual([
      ['2025-08', 1],
      ['2025-09', 1],
      ['2026-01', 1],
    ]);
    const august = activity.cohorts[0]!;
    // A bought in 2025-08, 2026-02 and 2026-06: months 0, 6 and 10 after the first.
    expect(august.retention.length).toBe(11);
    expect(august.retention.map((r, k) => (r > 0 ? k : -1)).filter((k) => k >= 0)).toEqual([0, 6, 10]);
    expect(activity.activity.length).toBe(12);
    const byMonth = new Map(activity.activity.map((m) => [m.month, m]));
    expect(byMonth.get('2025-08')).toEqual({ month: '2025-08', active: 1, new: 1, returning: 0, lost: 0 });
    expect(byMonth.get('2025-09')).toEqual({ month: '2025-09', active: 1, new: 1, returning: 0, lost: 1 });
    expect(byMonth.get('2026-06')).toEqual({ month: '2026-06', active: 2, new: 0, returning: 2, lost: 0 });
  });

  it('RFM grid: 25 cells with counts, revenue and the segment of each cell', () => {
    expect(dashboard.rfmGrid).toHaveLength(25);
    const cell = (r: number, f: number) => dashboard.rfmGrid.find((c) => c.r === r && c.f === f)!;
    expect(cell(5, 5)).toEqual({ r: 5, f: 5, customers: 1, revenueMinor: 20000, segment: 'champions' });
    expect(cell(2, 3)).toMatchObject({ customers: 1, segment: 'atRisk' });
    expect(cell(3, 3)).toMatchObject({ customers: 0, segment: 'needAttention' });
    expect(dashboard.rfmGrid.reduce((s, c) => s + c.customers, 0)).toBe(5);
  });

  it('segment table: customers, share, revenue, average spend and the previous run', () => {
    const row = (segment: string) => dashboard.segments.find((s) => s.segment === segment)!;
    expect(row('champions')).toEqual({
      segment: 'champions',
      customers: 2,
      share: 0.4,
      revenueMinor: 30000,
      averageSpendMinor: 15000,
      previousCustomers: 1,
    });
    expect(row('atRisk')).toMatchObject({ customers: 1, previousCustomers: 0 });
    expect(row('loyalCustomers')).toMatchObject({ customers: 0, previousCustomers: 1 });
  });

  it('Pareto: the stored curve, the ABC bands and the pyramid', () => {
    expect(dashboard.pareto.curve).toHaveLength(4);
    // This run's summary has no headline (older runs): the top 20 % is read off the curve.
    expect(dashboard.pareto.headline).toEqual({ topShare: 0.2, topCustomers: null, revenueShare: 0.5 });
    expect(dashboard.pareto.abc).toEqual([
      { abc: 'A', customers: 2, revenueMinor: 30000 },
      { abc: 'B', customers: 1, revenueMinor: 1000 },
      { abc: 'C', customers: 2, revenueMinor: 4500 },
    ]);
    expect(dashboard.pyramid.map((t) => [t.tier, t.customers])).toEqual([
      ['vip', 1],
      ['major', 1],
      ['ordinary', 1],
      ['small', 2],
      ['prospect', 1],
    ]);
  });

  it('lifecycle: customers, average purchases, spend per purchase and revenue per stage', () => {
    const stage = (s: string) => dashboard.lifecycle.find((row) => row.stage === s)!;
    expect(stage('stability')).toEqual({
      stage: 'stability',
      customers: 1,
      averagePurchases: 3,
      spendPerPurchaseMinor: Math.round(20000 / 3),
      revenueMinor: 20000,
    });
    expect(stage('prospect')).toMatchObject({ customers: 1, averagePurchases: 0, revenueMinor: 0 });
    expect(dashboard.lifecycle.map((row) => row.stage)).toEqual([
      'prospect',
      'lost',
      'exploration',
      'formation',
      'decline',
      'stability',
    ]);
  });

  it('loyalty quadrants and the satisfaction–loyalty scatter', () => {
    expect(dashboard.loyaltyQuadrants.map((q) => [q.quadrant, q.customers])).toEqual([
      ['premium', 1],
      ['inertiaIncentive', 1],
      ['latent', 1],
      ['priceNone', 2],
    ]);
    const points = [...dashboard.satisfactionScatter].sort((a, b) =>
      a.customerId.localeCompare(b.customerId),
    );
    expect(points).toEqual([
      { customerId: ids.A, satisfaction: 4.5, purchases: 3 },
      { customerId: ids.B, satisfaction: 2, purchases: 2 },
    ]);
  });

  it('churn: P(alive) histogram by tenths and the win-back list by value at stake', () => {
    expect(dashboard.pAliveHistogram).toHaveLength(10);
    const bucket = (i: number) => dashboard.pAliveHistogram[i]!.customers;
    expect([bucket(0), bucket(3), bucket(8), bucket(9)]).toEqual([1, 1, 1, 2]); // P = 1 falls in the top tenth
    expect(dashboard.pAliveHistogram.reduce((s, b) => s + b.customers, 0)).toBe(5);
    expect(dashboard.winBack.map((w) => w.customerId)).toEqual([ids.D, ids.E]);
    const d = dashboard.winBack[0]!;
    expect(d.lastPurchase).toBe('2025-09-01'); // the later return is not a visit
    expect(d.usualIntervalDays).toBe(30); // one visit only: the shop's median gap
    expect(d.name).toBe('Customer D');
  });

  it('segment movement since the previous run', () => {
    expect(dashboard.movement).toEqual(
      expect.arrayContaining([
        { from: 'loyalCustomers', to: 'champions', customers: 1 },
        { from: 'needAttention', to: 'atRisk', customers: 1 },
      ]),
    );
    expect(dashboard.movement).toHaveLength(2);
  });

  it('cross-sell rules, strongest lift first, antecedents parsed', () => {
    expect(dashboard.rules.map((r) => r.consequent)).toEqual(['Jam', 'Croissant', 'Pastry']);
    expect(dashboard.rules[0]!.antecedent).toEqual(['Tea', 'Scone']);
  });

  it('complaints in the period: causes, resolved count and mean days to resolve', () => {
    expect(dashboard.complaints.total).toBe(3);
    expect(dashboard.complaints.resolved).toBe(2);
    expect(dashboard.complaints.averageDaysToResolve).toBeCloseTo(3, 10);
    const causes = Object.fromEntries(dashboard.complaints.causes.map((c) => [c.cause, c.complaints]));
    expect(causes).toMatchObject({ quality: 1, communication: 2, price: 0 });
  });

  it('a shorter period changes the period figures, not the snapshot ones', async () => {
    const narrow = await shop.staff.call('loyalty.dashboard', { from: '2026-06-01', to: '2026-06-30' });
    expect(narrow.headline.csi).toBe(2);
    expect(narrow.complaints.total).toBe(1);
    expect(narrow.rfmGrid).toEqual(dashboard.rfmGrid);
    const activity = await shop.staff.call('loyalty.activity', { from: '2026-06-01', to: '2026-06-30' });
    expect(activity.headline.buyers).toBe(2);
    expect(activity.headline.newCustomers).toBe(0);
  });

  describe('drill-down: the customers behind each chart element', () => {
    const idsOf = async (filter: LoyaltyFilter): Promise<string[]> => {
      const page = await shop.staff.call('loyalty.customers', { filter, limit: 500 });
      expect(page.rows.length).toBe(page.total);
      return page.rows.map((r) => r.id).sort();
    };
    it.each<[string, LoyaltyFilter, string[]]>([
      ['an RFM cell', { rfm: { r: 5, f: 5 } }, [ids.A]],
      ['a segment', { segment: 'champions' }, [ids.A, ids.B]],
      ['an ABC class', { abc: 'C' }, [ids.D, ids.E]],
      ['a tier', { tier: 'prospect' }, [ids.P]],
      ['a stage', { stage: 'decline' }, [ids.D]],
      ['a loyalty quadrant', { loyalty: ['price', 'none'] }, [ids.D, ids.E]],
      ['at risk', { atRisk: true }, [ids.D, ids.E]],
      ['a P(alive) bar', { pAlive: { min: 0.9, max: 1 } }, [ids.A, ids.C]],
      ['a segment move', { movedFrom: 'loyalCustomers', movedTo: 'champions' }, [ids.B]],
      ['a cohort', { cohort: '2025-08' }, [ids.A]],
      ['a complaint cause', { complaintCause: 'communication' }, [ids.B]],
      ['a list of ids', { ids: [ids.C, ids.E, 'nobody'] }, [ids.C, ids.E]],
    ])('%s', async (_label, filter, expected) => {
      expect(await idsOf(filter)).toEqual([...expected].sort());
    });

    it('every RFM cell lists exactly the customers it counts', async () => {
      for (const cell of dashboard.rfmGrid) {
        const page = await shop.staff.call('loyalty.customers', {
          filter: { rfm: { r: cell.r, f: cell.f } },
        });
        expect(page.total).toBe(cell.customers);
      }
    });

    it('pages by spend and shows phones as the privacy setting says: in full, masked for staff when on', async () => {
      const stored = '+8613812345678';
      shop.core.db.prepare(`UPDATE customers SET phone = ? WHERE id = ?`).run(stored, ids.A);
      const page = await shop.staff.call('loyalty.customers', { filter: { segment: 'champions' }, limit: 1 });
      expect(page.total).toBe(2);
      expect(page.rows).toHaveLength(1);
      expect(page.rows[0]!.id).toBe(ids.A);
      expect(page.rows[0]!.phone).toBe(stored);

      await shop.owner.call('privacy.updateSettings', { maskPhonesForStaff: true });
      try {
        const masked = await shop.staff.call('loyalty.customers', {
          filter: { segment: 'champions' },
          limit: 1,
        });
        expect(masked.rows[0]!.phone).toMatch(/\*{4}/);
        expect(masked.rows[0]!.phone).not.toBe(stored);
        const owner = await shop.owner.call('loyalty.customers', {
          filter: { segment: 'champions' },
          limit: 1,
        });
        expect(owner.rows[0]!.phone).toBe(stored);
      } finally {
        await shop.owner.call('privacy.updateSettings', { maskPhonesForStaff: false });
      }
    });
  });

  it('one click adds win-back reminders once per customer', async () => {
    const first = await shop.staff.call('loyalty.addWinBackReminders', {
      customerIds: [ids.D, ids.E, ids.D],
    });
    expect(first).toEqual({ created: 2, skipped: 0 });
    const again = await shop.staff.call('loyalty.addWinBackReminders', { customerIds: [ids.D, 'missing'] });
    expect(again).toEqual({ created: 0, skipped: 2 });
    const rows = shop.core.db
      .prepare(`SELECT customer_id, kind, due_at, title FROM reminders ORDER BY customer_id`)
      .all() as { customer_id: string; kind: string; due_at: string; title: string }[];
    expect(rows.map((r) => [r.customer_id, r.kind])).toEqual([
      [ids.D, 'win_back'],
      [ids.E, 'win_back'],
    ]);
    expect(rows[0]!.due_at.startsWith('2026-06-30')).toBe(true);
    expect(rows[0]!.title).toBe('挽回回访'); // the test shop is zh-CN
    const after = await shop.staff.call('loyalty.dashboard', {});
    expect(after.winBack.every((w) => w.hasOpenWinBackReminder)).toBe(true);
  });

  it('a newer run replaces the cached aggregates and becomes the comparison base', async () => {
    const newest = insertAnalysisRun(shop.core.db, {
      asOf: '2026-06-30',
      finishedAt: '2026-06-30T09:00:00.000Z',
      rows: [
        {
          customer_id: ids.A,
          r_score: 1,
          f_score: 1,
          segment: 'hibernating',
          frequency: 3,
          monetary_minor: 20000,
        },
      ],
    });
    const next = await shop.staff.call('loyalty.dashboard', {});
    expect(next.run?.id).toBe(newest);
    expect(next.run?.previousRunId).toBe(latestRunId);
    expect(next.rfmGrid.find((c) => c.r === 1 && c.f === 1)?.customers).toBe(1);
    expect(next.movement).toEqual([{ from: 'champions', to: 'hibernating', customers: 1 }]);
    expect(next.headline.atRisk).toBe(0);
  });

  it("the Pareto headline is the run's own, with its configured share and window", async () => {
    const params = {
      ...defaultAnalysisSettings,
      window: { kind: 'days' as const, days: 365 },
      abc: { aCutoffShare: 0.7, bCutoffShare: 0.9, headlineTopShare: 0.1 },
    };
    insertAnalysisRun(shop.core.db, {
      asOf: '2026-06-30',
      finishedAt: '2026-06-30T10:00:00.000Z',
      params,
      summary: {
        pareto: {
          headline: { topShare: 0.1, topCustomers: 3, revenueShare: 0.42, reason: { key: 'x', params: {} } },
          curve: [
            { customerShare: 0, revenueShare: 0 },
            { customerShare: 1, revenueShare: 1 },
          ],
        },
      },
      rows: [{ customer_id: ids.A, r_score: 5, f_score: 5, segment: 'champions', monetary_minor: 100 }],
    });
    const next = await shop.staff.call('loyalty.dashboard', {});
    expect(next.pareto.headline).toEqual({ topShare: 0.1, topCustomers: 3, revenueShare: 0.42 });
    expect(next.run?.windowDays).toBe(365);
    expect(next.run?.abcCutoffs).toEqual({ a: 0.7, b: 0.9 });
  });
});

describe('loyalty dashboard before any analysis', () => {
  it('returns empty snapshot charts (not zero-filled axes) and no at-risk figure', async () => {
    const shop = await openTestShop({ clock: () => NOW });
    try {
      const dashboard = await shop.staff.call('loyalty.dashboard', {});
      expect(dashboard.run).toBeNull();
      expect(dashboard.rfmGrid).toEqual([]);
      expect(dashboard.pAliveHistogram).toEqual([]);
      expect(dashboard.movement).toBeNull();
      expect(dashboard.headline.atRisk).toBeNull();
      expect(dashboard.headline.csi).toBeNull();
      const activity = await shop.staff.call('loyalty.activity', {});
      expect(activity.headline.repeatRate).toBeNull();
      expect(activity.cohorts).toEqual([]);
      const page = await shop.staff.call('loyalty.customers', { filter: { segment: 'champions' } });
      expect(page.total).toBe(0);
    } finally {
      await shop.close();
    }
  });
});
