import { describe, expect, it } from 'vitest';
import { AnalysisWorkerPool } from '../../../src/main/workers/pool';
import { defaultAnalysisWorkerLocation } from '../../../src/main/workers/location';
import { openTestShop } from '../../helpers/core';
import { defaultAnalysisSettings } from '../../../src/shared/analysis/settings';

describe('analysis worker pool warm-up', () => {
  it('starts every thread once, and a warmed thread then serves a job', async () => {
    const shop = await openTestShop();
    const pool = new AnalysisWorkerPool(defaultAnalysisWorkerLocation(), 2);
    try {
      expect(pool.threadCount).toBe(0);
      await pool.warm();
      expect(pool.threadCount).toBe(2);
      await pool.warm();
      expect(pool.threadCount).toBe(2);
      const outcome = await pool.run({
        dbFile: shop.core.context.dbFile,
        runId: 'warm-run',
        settings: defaultAnalysisSettings,
        asOf: '2026-06-14',
        timeUnit: 'day',
        timeZone: 'Asia/Shanghai',
      });
      expect(outcome.rowCount).toBe(outcome.stats.customers);
      expect(pool.threadCount).toBe(2);
    } finally {
      await pool.close();
      await shop.close();
    }
  });
});
