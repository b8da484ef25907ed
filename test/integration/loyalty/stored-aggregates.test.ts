/**
 * The Loyalty screen's stored aggregates (migration 0005): a fresh core on the same file (an app
 * restart) serves exactly what a fresh computation gives, and a new sale, edit or deletion makes
 * the period figures recomputed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PatronCore } from '../../../src/main/core/core';
import { createDirectClient, type DirectClient } from '../../../src/main/transport/direct';
import { seedDemoShop } from '../../../src/main/domain/demo';
import {
  buildActivity,
  buildDashboard,
  resolvePeriod,
} from '../../../src/main/domain/loyalty/loyalty.service';
import { openTestShop, type TestShop } from '../../helpers/core';
import { writeAnalysisSnapshot } from '../../helpers/loyalty-snapshot';

const NOW = new Date('2026-06-30T12:00:00.000Z');
const SHOP = { currency: 'CNY', locale: 'zh-CN', timeZone: 'Asia/Shanghai' } as const;

describe('stored loyalty aggregates on a seeded shop', () => {
  let shop: TestShop;
  let restarted: PatronCore | null = null;

  function fresh(period = resolvePeriod({}, NOW)) {
    return {
      dashboard: buildDashboard(shop.core.db, period, SHOP),
      activity: buildActivity(shop.core.db, period, SHOP.timeZone),
    };
  }
  function storedRows(kind: string): number {
    return shop.core.db
      .prepare(`SELECT COUNT(*) FROM loyalty_aggregates WHERE kind = ?`)
      .pluck()
      .get(kind) as number;
  }
  async function restart(): Promise<DirectClient> {
    await restarted?.close();
    restarted = PatronCore.open({ dbFile: shop.dbFile, transport: 'direct', clock: () => NOW });
    return createDirectClient(restarted, restarted.createSession('test', 'staff'));
  }

  beforeAll(async () => {
    shop = await openTestShop({ clock: () => NOW });
    seedDemoShop(shop.core.db, { customers: 300, seed: 3, locale: 'zh-CN', endDate: NOW });
    writeAnalysisSnapshot(shop.core.db, '2026-05-31', '2026-05-31T12:00:00.000Z');
    writeAnalysisSnapshot(shop.core.db, '2026-06-30', '2026-06-30T08:00:00.000Z');
  }, 60_000);
  afterAll(async () => {
    await restarted?.close();
    await shop.close();
  });

  it('stores the figures on first load and a restarted core serves the same as a fresh computation', async () => {
    const first = await shop.staff.call('loyalty.dashboard', {});
    const firstActivity = await shop.staff.call('loyalty.activity', {});
    expect(storedRows('snapshot')).toBe(1);
    expect(storedRows('attitude')).toBe(1);
    expect(storedRows('activity')).toBe(1);
    const expected = fresh();
    expect(first).toEqual(expected.dashboard);
    expect(firstActivity).toEqual(expected.activity);
    // A seeded shop gives every chart something to compare.
    expect(expected.dashboard.rfmGrid.some((c) => c.customers > 0)).toBe(true);
    expect(expected.dashboard.winBack.length).toBeGreaterThan(0);
    expect(expected.dashboard.movement).not.toBeNull();
    expect(expected.activity.cohorts.length).toBeGreaterThan(0);
    // Names are read live on every load, never stored (an erased customer's name must not linger).
    const storedSnapshot = JSON.parse(
      shop.core.db
        .prepare(`SELECT payload FROM loyalty_aggregates WHERE kind = 'snapshot'`)
        .pluck()
        .get() as string,
    ) as { winBack: { name: string }[] };
    expect(storedSnapshot.winBack.length).toBe(expected.dashboard.winBack.length);
    expect(storedSnapshot.winBack.every((entry) => entry.name === '')).toBe(true);
    expect(first.winBack.every((entry) => entry.name.length > 0)).toBe(true);

    const client = await restart();
    expect(await client.call('loyalty.dashboard', {})).toEqual(expected.dashboard);
    expect(await client.call('loyalty.activity', {})).toEqual(expected.activity);
  });

  it('serves the stored rows after a restart instead of recomputing them', async () => {
    await shop.staff.call('loyalty.activity', {});
    // Only a stored row can answer with a figure the tables do not give.
    shop.core.db
      .prepare(
        `UPDATE loyalty_aggregates SET payload = json_set(payload, '$.headline.buyers', -1) WHERE kind = 'activity'`,
      )
      .run();
    const client = await restart();
    expect((await client.call('loyalty.activity', {})).headline.buyers).toBe(-1);
    shop.core.db.prepare(`DELETE FROM loyalty_aggregates WHERE kind = 'activity'`).run();
  });

  it('a new sale, an edit and a deletion each make the period figures recomputed', async () => {
    const client = await restart();
    const before = await client.call('loyalty.activity', {});
    const customerId = shop.core.db
      .prepare(`SELECT id FROM customers WHERE deleted_at IS NULL ORDER BY id LIMIT 1`)
      .pluck()
      .get() as string;

    // Recorded through another core (as a second window or the CLI would), so only the stored
    // data version can tell the restarted core that its figures are stale.
    const sale = await shop.staff.call('sales.record', {
      customerId,
      purchasedAt: '2026-06-29T04:00:00.000Z',
      totalMinor: 123_456,
    });
    const afterSale = await client.call('loyalty.activity', {});
    expect(afterSale.headline.revenueMinor).toBe(before.headline.revenueMinor + 123_456);
    expect(afterSale).toEqual(fresh().activity);
    expect((await client.call('loyalty.dashboard', {})).satisfactionScatter).toEqual(
      fresh().dashboard.satisfactionScatter,
    );

    await shop.owner.call('sales.update', {
      id: sale.id,
      purchasedAt: '2026-06-29T04:00:00.000Z',
      totalMinor: 1,
    });
    const afterEdit = await client.call('loyalty.activity', {});
    expect(afterEdit.headline.revenueMinor).toBe(before.headline.revenueMinor + 1);

    await shop.owner.call('sales.delete', { id: sale.id });
    expect(await client.call('loyalty.activity', {})).toEqual(before);
    expect(await client.call('loyalty.activity', {})).toEqual(fresh().activity);
  });

  it('keeps one stored period row per period and drops rows of older data versions', async () => {
    const client = await restart();
    await client.call('loyalty.activity', { from: '2026-01-01', to: '2026-03-31' });
    await client.call('loyalty.activity', {});
    expect(storedRows('activity')).toBe(2);
    const customerId = shop.core.db.prepare(`SELECT id FROM customers LIMIT 1`).pluck().get() as string;
    await shop.staff.call('sales.record', {
      customerId,
      purchasedAt: '2026-06-01T04:00:00.000Z',
      totalMinor: 5,
    });
    expect(await client.call('loyalty.activity', {})).toEqual(fresh().activity);
    expect(storedRows('activity')).toBe(1);
  });
});
