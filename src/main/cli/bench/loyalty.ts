import { openReadable } from '../../db/connection';
import {
  buildActivity,
  buildDashboard,
  listCustomers,
  SnapshotCache,
  resolvePeriod,
} from '../../domain/loyalty/loyalty.service';
import { readProfile } from '../../domain/shop/shop.service';
import { formatMs, summarize, type Benchmark } from './types';

/**
 * The Loyalty screen's service-level load time: `loyalty.dashboard` (default 12-month period) and one
 * drill-down page. Needs a shop file with a stored analysis run (else only the period half runs).
 */
export const loyaltyBenchmark: Benchmark = {
  name: 'loyalty',
  summary:
    'loyalty.dashboard, loyalty.activity and one RFM-cell drill-down page on a shop file with an analysis run',
  run: async ({ dbFile, iterations, io }) => {
    const db = openReadable(dbFile);
    try {
      const profile = readProfile(db);
      const shop = { currency: profile?.currency ?? 'CNY', locale: profile?.locale ?? 'zh-CN' };
      const now = new Date();
      const period = resolvePeriod({}, now);
      const first = buildDashboard(db, period, shop);
      io.out(
        `run: ${first.run ? first.run.id : 'none'}; ` +
          `RFM buyers ${first.rfmGrid.reduce((s, c) => s + c.customers, 0)}`,
      );
      const rounds = Math.max(1, Math.min(iterations, 30));
      // Cold: every aggregate of the run computed (the first open after an analysis finishes).
      const dashboard: number[] = [];
      for (let i = 0; i < rounds; i++) {
        const t0 = performance.now();
        buildDashboard(db, period, shop);
        dashboard.push(performance.now() - t0);
      }
      // Warm: the run's aggregates kept by the core, only period and live figures re-read.
      const cache = new SnapshotCache();
      buildDashboard(db, period, shop, cache);
      const warm: number[] = [];
      for (let i = 0; i < rounds; i++) {
        const t0 = performance.now();
        buildDashboard(db, period, shop, cache);
        warm.push(performance.now() - t0);
      }
      const activity: number[] = [];
      for (let i = 0; i < Math.min(rounds, 3); i++) {
        const t0 = performance.now();
        buildActivity(db, period);
        activity.push(performance.now() - t0);
      }
      const drill: number[] = [];
      for (let i = 0; i < rounds; i++) {
        const t0 = performance.now();
        listCustomers(db, { rfm: { r: 5, f: 5 } }, 0, 50, now);
        drill.push(performance.now() - t0);
      }
      io.out('measurement            n    p50 ms  p95 ms  max ms');
      for (const [label, samples] of [
        ['dashboard (cold run)', dashboard],
        ['dashboard (warm run)', warm],
        ['loyalty.customers 5-5', drill],
        ['loyalty.activity', activity],
      ] as const) {
        const s = summarize(samples);
        io.out(
          `${label.padEnd(22)} ${String(s.n).padStart(3)} ${formatMs(s.p50).padStart(8)} ${formatMs(s.p95).padStart(7)} ${formatMs(s.max).padStart(7)}`,
        );
      }
    } finally {
      db.close();
    }
  },
};
