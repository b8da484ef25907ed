import { describe, expect, it } from 'vitest';
import { AnalysisWorkerPool } from '../../../src/main/workers/pool';
import { defaultAnalysisWorkerLocation } from '../../../src/main/workers/location';
import { openTestShop } from '../../helpers/core';

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
      expect(await pool.checkpoint(shop.core.context.dbFile)).toBeGreaterThanOrEqual(0);
      expect(pool.threadCount).toBe(2);
    } finally {
      await pool.close();
      await shop.close();
    }
  });
});
