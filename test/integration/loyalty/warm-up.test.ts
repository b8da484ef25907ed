/**
 * The warm-up after an analysis run and after sales: a worker computes the default period's
 * figures on its own read-only connection and main stores them, so the next open reads them.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { seedDemoShop } from '../../../src/main/domain/demo';
import { startLoyaltyWarmUp } from '../../../src/main/domain/loyalty/loyalty.commands';
import {
  buildActivity,
  buildDashboard,
  LoyaltyAggregateStore,
  resolvePeriod,
} from '../../../src/main/domain/loyalty/loyalty.service';
import { openTestShop, type TestShop } from '../../helpers/core';
import { writeAnalysisSnapshot } from '../../helpers/loyalty-snapshot';

const NOW = new Date('2026-06-30T12:00:00.000Z');
const SHOP = { currency: 'CNY', locale: 'zh-CN', timeZone: 'Asia/Shanghai' } as const;

describe('loyalty warm-up', () => {
  let shop: TestShop;
  const stored = (): { kind: string; version: string }[] =>
    shop.core.db.prepare(`SELECT kind, version FROM loyalty_aggregates ORDER BY kind`).all() as {
      kind: string;
      version: string;
    }[];

  beforeAll(async () => {
    shop = await openTestShop({ clock: () => NOW });
    seedDemoShop(shop.core.db, { customers: 200, seed: 7, locale: 'zh-CN', endDate: NOW });
    writeAnalysisSnapshot(shop.core.db, '2026-06-30', '2026-06-30T08:00:00.000Z');
  }, 60_000);
  afterAll(() => shop.close());

  it('stores every figure of the default period when an analysis run ends', async () => {
    const warmUp = startLoyaltyWarmUp(shop.core.context);
    expect(stored()).toEqual([]);
    const runId = shop.core.db.prepare(`SELECT id FROM local_analysis_runs`).pluck().get() as string;
    shop.core.events.emit('analysis.done', { runId, status: 'done' });
    await warmUp.settle();
    expect(stored().map((r) => r.kind)).toEqual(['activity', 'attitude', 'snapshot']);
    // The version names this run and no previous one, after the figures' shape number.
    expect(stored().find((r) => r.kind === 'snapshot')?.version).toMatch(new RegExp(`^\\d+\\|${runId}\\|$`));

    // What the worker stored is what the screen gets, and equals a fresh computation.
    const period = resolvePeriod({}, NOW);
    expect(await shop.staff.call('loyalty.dashboard', {})).toEqual(
      buildDashboard(shop.core.db, period, SHOP),
    );
    expect(await shop.staff.call('loyalty.activity', {})).toEqual(
      buildActivity(shop.core.db, period, SHOP.timeZone),
    );
  }, 60_000);

  it('recomputes the period figures after a sale, keeping the unchanged snapshot', async () => {
    const warmUp = startLoyaltyWarmUp(shop.core.context);
    const before = stored();
    const customerId = shop.core.db.prepare(`SELECT id FROM customers LIMIT 1`).pluck().get() as string;
    await shop.staff.call('sales.record', {
      customerId,
      purchasedAt: '2026-06-30T03:00:00.000Z',
      totalMinor: 777,
    });
    await warmUp.settle();
    const after = stored();
    expect(after.find((r) => r.kind === 'snapshot')).toEqual(before.find((r) => r.kind === 'snapshot'));
    expect(after.find((r) => r.kind === 'activity')?.version).not.toBe(
      before.find((r) => r.kind === 'activity')?.version,
    );
    const fresh = buildActivity(shop.core.db, resolvePeriod({}, NOW), SHOP.timeZone);
    const served = shop.core.db
      .prepare(`SELECT payload FROM loyalty_aggregates WHERE kind = 'activity'`)
      .pluck()
      .get() as string;
    expect(JSON.parse(served)).toEqual(fresh);
  }, 60_000);

  it('a screen opened right after a sale waits for the worker instead of computing on main', async () => {
    startLoyaltyWarmUp(shop.core.context);
    const customerId = shop.core.db.prepare(`SELECT id FROM customers LIMIT 1`).pluck().get() as string;
    await shop.staff.call('sales.record', {
      customerId,
      purchasedAt: '2026-06-30T04:00:00.000Z',
      totalMinor: 888,
    });
    // The sale's debounced warm-up is 30 s away; the screen's request must not wait for it.
    const fromWorker = vi.spyOn(LoyaltyAggregateStore.prototype, 'putSerialized');
    try {
      const served = await shop.staff.call('loyalty.activity', {});
      const period = resolvePeriod({}, NOW, SHOP.timeZone);
      expect(served).toEqual(buildActivity(shop.core.db, period, SHOP.timeZone));
      expect(fromWorker.mock.calls.map(([entry]) => entry.kind)).toContain('activity');
    } finally {
      fromWorker.mockRestore();
    }
  }, 60_000);
});
