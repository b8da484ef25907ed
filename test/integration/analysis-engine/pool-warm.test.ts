import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ANALYSIS_THREAD_NICENESS } from '../../../src/main/workers/thread-cpu';
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

  // Linux keeps a nice value per thread (field 19 of /proc/<pid>/task/<tid>/stat); elsewhere
  // lowering one thread would lower the process, and the workers leave it alone.
  it.runIf(process.platform === 'linux')(
    'runs its threads at a lower priority than the thread that started them (Linux)',
    async () => {
      const niceOf = (tid: string): number => {
        const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
        // The command name (field 2) may hold spaces; the fields after its ')' are fixed.
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
      };
      const starter = niceOf(readFileSync('/proc/thread-self/stat', 'utf8').split(' ')[0]!);
      const lowered = (): number =>
        readdirSync('/proc/self/task').filter(
          (tid) => niceOf(tid) === Math.min(19, starter + ANALYSIS_THREAD_NICENESS),
        ).length;
      const before = lowered();
      const pool = new AnalysisWorkerPool(defaultAnalysisWorkerLocation(), 2);
      try {
        await pool.warm();
        expect(lowered() - before).toBe(2);
        expect(niceOf(readFileSync('/proc/thread-self/stat', 'utf8').split(' ')[0]!)).toBe(starter);
      } finally {
        await pool.close();
      }
    },
  );
});
