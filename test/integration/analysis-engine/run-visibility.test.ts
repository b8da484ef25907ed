/**
 * The snapshot is written in many small transactions while its run is 'running'; only the final
 * flip to 'done' makes it visible. These tests leave a run half written (as a crash or a cancel
 * during the write would) and check that no reader shows it and that its rows are cleaned up.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PatronCore } from '../../../src/main/core/core';
import { analysisService } from '../../../src/main/domain/analysis/analysis.service';
import {
  deleteRunRows,
  insertRunningRun,
  readLatestRun,
} from '../../../src/main/domain/analysis/analysis.repo';
import {
  copyScratchSnapshot,
  removeScratch,
  writeScratchRows,
  type ScratchProgress,
} from '../../../src/main/domain/analysis/snapshot-scratch.repo';
import { AsyncQueue } from '../../../src/main/domain/analysis/chunk-queue';
import { defaultAnalysisSettings } from '../../../src/shared/analysis/settings';
import { createDirectClient } from '../../../src/main/transport/direct';
import { openTestShop, type TestShop } from '../../helpers/core';
import { tempDir } from '../../helpers/cli';

const shops: TestShop[] = [];
const cores: PatronCore[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
  for (const shop of shops.splice(0)) await shop.close();
});

async function analysedShop(): Promise<{ shop: TestShop; doneRunId: string; customerId: string }> {
  const shop = await openTestShop({ setup: false });
  shops.push(shop);
  await shop.staff.call('shop.createDemo', { customers: 150, locale: 'en', seed: 3 });
  const outcome = await analysisService(shop.core.context).start('manual').done;
  expect(outcome.status).toBe('done');
  const customerId = shop.core.db
    .prepare(`SELECT customer_id FROM local_analysis_snapshot WHERE run_id = ? AND frequency > 0 LIMIT 1`)
    .pluck()
    .get(outcome.runId) as string;
  return { shop, doneRunId: outcome.runId, customerId };
}

/** A second run left 'running' with a copy of the done run's rows, every segment changed. */
function halfWrittenRun(shop: TestShop, doneRunId: string): string {
  const db = shop.core.db;
  const runId = 'zzzz-half-written';
  db.transaction(() => {
    insertRunningRun(db, {
      id: runId,
      startedAt: '2099-01-01T00:00:00.000Z',
      asOf: '2099-01-01',
      timeUnit: 'day',
      params: defaultAnalysisSettings,
    });
    db.prepare(
      `INSERT INTO local_analysis_snapshot (run_id, customer_id, frequency, segment, value_tier, lifecycle_stage, reasons)
       SELECT ?, customer_id, frequency, 'half-written', value_tier, lifecycle_stage, reasons
       FROM local_analysis_snapshot WHERE run_id = ?`,
    ).run(runId, doneRunId);
  })();
  return runId;
}

const rowsOf = (db: PatronCore['db'], runId: string): number =>
  db.prepare(`SELECT COUNT(*) FROM local_analysis_snapshot WHERE run_id = ?`).pluck().get(runId) as number;

describe('a snapshot that is still being written', () => {
  it('is seen by no reader, and the next start marks its run failed and removes its rows', async () => {
    const { shop, doneRunId, customerId } = await analysedShop();
    const halfRunId = halfWrittenRun(shop, doneRunId);
    expect(rowsOf(shop.core.db, halfRunId)).toBeGreaterThan(0);

    const status = await shop.staff.call('analysis.status', {});
    expect(status.latest?.id).toBe(doneRunId);
    const card = await shop.staff.call('card.get', { id: customerId });
    expect(card.analysis?.runId).toBe(doneRunId);
    expect(card.analysis?.labels.find((l) => l.name === 'segment')?.value).not.toBe('half-written');
    const options = await shop.staff.call('customers.listOptions', {});
    expect(options.segments).not.toContain('half-written');
    const dashboard = await shop.staff.call('loyalty.dashboard', {});
    expect(dashboard.segments.map((s) => s.segment)).not.toContain('half-written');

    // A crash: the file is opened again by a new core, whose analysis service cleans up.
    const file = shop.dbFile;
    await shop.close();
    shops.splice(0);
    const core = PatronCore.open({ dbFile: file, transport: 'direct' });
    cores.push(core);
    const service = analysisService(core.context);
    await service.settled();
    expect(
      core.db.prepare(`SELECT status FROM local_analysis_runs WHERE id = ?`).pluck().get(halfRunId),
    ).toBe('failed');
    expect(rowsOf(core.db, halfRunId)).toBe(0);
    expect(rowsOf(core.db, doneRunId)).toBeGreaterThan(0);
    const client = createDirectClient(core, core.createSession('test', 'staff'));
    expect((await client.call('analysis.status', {})).latest?.id).toBe(doneRunId);
  });

  it('stops at a cancel between slices, leaving the run running and invisible until its rows are deleted', async () => {
    const { shop, doneRunId } = await analysedShop();
    const db = shop.core.db;
    const runId = 'zzzz-cancelled';
    db.transaction(() =>
      insertRunningRun(db, {
        id: runId,
        startedAt: '2099-01-01T00:00:00.000Z',
        asOf: '2099-01-01',
        timeUnit: 'day',
        params: defaultAnalysisSettings,
      }),
    )();
    const rows = db
      .prepare(`SELECT * FROM local_analysis_snapshot WHERE run_id = ? ORDER BY customer_id`)
      .raw()
      .all(doneRunId) as unknown[][];
    const columns = (
      db.prepare(`SELECT * FROM local_analysis_snapshot LIMIT 1`).columns() as { name: string }[]
    ).map((c) => c.name);
    const { SNAPSHOT_COLUMNS } = await import('../../../src/main/domain/analysis/snapshot-rows');
    const asValues = (row: unknown[]): (string | number | null)[] =>
      SNAPSHOT_COLUMNS.slice(1).map((name) => (row[columns.indexOf(name)] ?? null) as string | number | null);
    const scratch = join(tempDir(), 'scratch.sqlite');
    const queue = new AsyncQueue<ScratchProgress>();
    writeScratchRows(
      scratch,
      rows.length,
      (i) => asValues(rows[i]!),
      (written, total) => queue.push({ rows: written, total }),
    );
    queue.end();
    let checkpoints = 0;
    await expect(
      copyScratchSnapshot(db, scratch, queue, {
        runId,
        sliceMs: 0,
        exclusive: (work) => shop.core.context.writeGate.exclusive(work),
        checkpoint: () => {
          if (++checkpoints === 1) throw new Error('cancelled');
        },
      }),
    ).rejects.toThrow('cancelled');
    // The scratch file was detached on the way out, so it can go.
    removeScratch(scratch);
    expect(existsSync(scratch)).toBe(false);
    const written = rowsOf(db, runId);
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(rows.length);
    expect(db.prepare(`SELECT status FROM local_analysis_runs WHERE id = ?`).pluck().get(runId)).toBe(
      'running',
    );
    expect(readLatestRun(db, 'done')?.id).toBe(doneRunId);
    await deleteRunRows(db, runId, (work) => shop.core.context.writeGate.exclusive(work), 0);
    expect(rowsOf(db, runId)).toBe(0);
    expect(rowsOf(db, doneRunId)).toBe(rows.length);
  });
});
