/**
 * With two threads the analysis splits the read, merges the helper's ingested part and runs the
 * rules, suggestions and clusters on the helper; with one (a single-core machine) everything runs
 * in the analysing worker. Both must give the same shop result and the same snapshot rows (with
 * two, the helper writes the rows the analysing worker builds, batch by batch).
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AnalysisWorkerPool, type JobOutcome } from '../../../src/main/workers/pool';
import { defaultAnalysisWorkerLocation } from '../../../src/main/workers/location';
import { SNAPSHOT_COMMIT_ROWS } from '../../../src/main/domain/analysis/snapshot-store.repo';
import { analysisStoreFileFor } from '../../../src/main/db/analysis-store';
import { removeDatabaseFile } from '../../../src/main/db/files';
import { openReadable } from '../../../src/main/db/connection';
import { SNAPSHOT_ROW_COLUMNS } from '../../../src/main/domain/analysis/snapshot-rows';
import type { AnalysisJob } from '../../../src/main/workers/protocol';
import { defaultAnalysisSettings } from '../../../src/shared/analysis/settings';
import { openTestShop, type TestShop } from '../../helpers/core';
import { tempDir } from '../../helpers/cli';

const shops: TestShop[] = [];
afterEach(async () => {
  for (const shop of shops.splice(0)) await shop.close();
});

const job = (dbFile: string, runId: string): AnalysisJob => ({
  dbFile,
  runId,
  settings: defaultAnalysisSettings,
  asOf: '2026-06-14',
  timeUnit: 'day',
  timeZone: 'Asia/Shanghai',
});

/** Runs the job and reads back the rows it wrote to the store, in customer order, run id left out. */
async function runWith(
  threads: number,
  dbFile: string,
  runId: string,
): Promise<{ outcome: JobOutcome; rows: unknown[]; completed: number | undefined }> {
  const pool = new AnalysisWorkerPool(defaultAnalysisWorkerLocation(), threads);
  try {
    const outcome = await pool.run(job(dbFile, runId));
    const db = openReadable(dbFile, { analysisStore: true });
    try {
      const rows = db
        .prepare(
          `SELECT ${SNAPSHOT_ROW_COLUMNS.join(', ')} FROM local_analysis_snapshot WHERE run_id = ? ORDER BY customer_id`,
        )
        .raw()
        .all(runId);
      const completed = db
        .prepare(`SELECT rows FROM local_analysis_snapshot_runs WHERE run_id = ?`)
        .pluck()
        .get(runId) as number | undefined;
      return { outcome, rows, completed };
    } finally {
      db.close();
    }
  } finally {
    await pool.close();
  }
}

describe('the analysis on one thread and on two', () => {
  it('gives the same shop result and the same snapshot rows', async () => {
    const shop = await openTestShop({ setup: false, clock: () => new Date('2026-06-15T10:00:00Z') });
    shops.push(shop);
    // More customers than one committed batch of rows, so the batches' order is tested too.
    await shop.staff.call('shop.createDemo', {
      customers: SNAPSHOT_COMMIT_ROWS + 600,
      locale: 'zh-CN',
      seed: 5,
    });
    const one = await runWith(1, shop.core.context.dbFile, 'run-one');
    const two = await runWith(2, shop.core.context.dbFile, 'run-two');
    expect(one.outcome.stats.helper).toBeUndefined();
    expect(two.outcome.stats.helper?.customers).toBeGreaterThan(0);
    expect(one.rows.length).toBe(one.outcome.stats.customers);
    expect(one.rows.length).toBeGreaterThan(SNAPSHOT_COMMIT_ROWS);
    // Each run's completion line counts its rows.
    expect(one.completed).toBe(one.rows.length);
    expect(two.completed).toBe(two.rows.length);
    // The shop must exercise what the helper computes.
    expect(one.outcome.shop.rules.length).toBeGreaterThan(0);
    expect(one.outcome.shop.clusters.length).toBeGreaterThan(0);
    // Each thread reads the attitudes (scores, referrals, complaints) of its own range: customers on
    // both sides of the split must have them.
    const attachment = SNAPSHOT_ROW_COLUMNS.indexOf('attachment');
    const known = (rows: unknown[], from: number, to: number): number =>
      rows.slice(from, to).filter((row) => (row as unknown[])[attachment] !== 'unknown').length;
    const split = one.rows.length - (two.outcome.stats.helper?.customers ?? 0);
    expect(known(one.rows, 0, split)).toBeGreaterThan(0);
    expect(known(one.rows, split, one.rows.length)).toBeGreaterThan(0);
    const comparable = (outcome: JobOutcome): unknown => ({ ...outcome.shop, timings: [], totalMs: 0 });
    expect(comparable(two.outcome)).toEqual(comparable(one.outcome));
    expect(two.outcome.reasonShapes).toEqual(one.outcome.reasonShapes);
    expect(two.rows).toEqual(one.rows);
  }, 120_000);

  it('fails the job with the reason when the snapshot rows cannot be written, and serves the next', async () => {
    const shop = await openTestShop({ setup: false, clock: () => new Date('2026-06-15T10:00:00Z') });
    shops.push(shop);
    await shop.staff.call('shop.createDemo', { customers: 300, locale: 'en', seed: 2 });
    // A copy of the shop whose store cannot be opened: a directory stands where the file goes.
    const copy = join(tempDir(), 'copy.db');
    shop.core.context.db.prepare('VACUUM INTO ?').run(copy);
    const store = analysisStoreFileFor(copy);
    for (const threads of [1, 2]) {
      const pool = new AnalysisWorkerPool(defaultAnalysisWorkerLocation(), threads);
      try {
        removeDatabaseFile(store);
        mkdirSync(store);
        await expect(pool.run(job(copy, `blocked-${threads}`)), `${threads} threads`).rejects.toThrow(
          /The analysis failed: .*(unable to open database file|Cannot open database)/,
        );
        rmSync(store, { recursive: true });
        const outcome = await pool.run(job(copy, `after-${threads}`));
        expect(outcome.rowCount).toBe(outcome.stats.customers);
      } finally {
        await pool.close();
      }
    }
  }, 120_000);
});
