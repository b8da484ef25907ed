/**
 * The snapshot is written in many small transactions while its run is 'running'; only the final
 * flip to 'done' makes it visible. These tests leave a run half written (as a crash or a cancel
 * during the write would) and check that no reader shows it and that its rows are cleaned up, and
 * that a done run whose rows the analysis store lost is no longer shown.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { PatronCore } from '../../../src/main/core/core';
import { analysisService } from '../../../src/main/domain/analysis/analysis.service';
import { finishRun, insertRunningRun, readLatestRun } from '../../../src/main/domain/analysis/analysis.repo';
import { deleteStoredRuns, SnapshotWriter } from '../../../src/main/domain/analysis/snapshot-store.repo';
import { SNAPSHOT_COLUMNS } from '../../../src/main/domain/analysis/snapshot-rows';
import { analysisStoreFileFor } from '../../../src/main/db/analysis-store';
import { removeDatabaseFile } from '../../../src/main/db/files';
import type { ShopAnalysis } from '../../../src/shared/analysis/types';
import { defaultAnalysisSettings } from '../../../src/shared/analysis/settings';
import { createDirectClient } from '../../../src/main/transport/direct';
import { openTestShop, type TestShop } from '../../helpers/core';
import { REQUIRED_SNAPSHOT_VALUES, snapshotRow } from '../../helpers/snapshot-row';

const shops: TestShop[] = [];
const cores: PatronCore[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
  for (const shop of shops.splice(0)) await shop.close();
});

async function analysedShop(): Promise<{
  shop: TestShop;
  doneRunId: string;
  customerId: string;
  result: ShopAnalysis;
}> {
  const shop = await openTestShop({ setup: false });
  shops.push(shop);
  await shop.staff.call('shop.createDemo', { customers: 150, locale: 'en', seed: 3 });
  const outcome = await analysisService(shop.core.context).start('manual').done;
  expect(outcome.status).toBe('done');
  const customerId = shop.core.db
    .prepare(`SELECT customer_id FROM local_analysis_snapshot WHERE run_id = ? AND frequency > 0 LIMIT 1`)
    .pluck()
    .get(outcome.runId) as string;
  return { shop, doneRunId: outcome.runId, customerId, result: outcome.shop! };
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

  it('cannot be made visible before its completion line, and its rows can be deleted', async () => {
    const { shop, doneRunId, result } = await analysedShop();
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
      .prepare(`SELECT ${SNAPSHOT_COLUMNS.slice(1).join(', ')} FROM local_analysis_snapshot WHERE run_id = ?`)
      .raw()
      .all(doneRunId) as (string | number | null)[][];
    // The worker stopped after one batch: rows in, no completion line.
    const writer = new SnapshotWriter(shop.dbFile, runId);
    try {
      writer.write(rows.slice(0, 40));
    } finally {
      writer.close();
    }
    expect(rowsOf(db, runId)).toBe(40);
    const exclusive = (work: () => void): Promise<void> => shop.core.context.writeGate.exclusive(work);
    const timings = {
      stages: [],
      totalMs: 0,
      readMs: 0,
      computeMs: 0,
      serializeMs: 0,
      writeMs: 0,
      peakWorkerHeapBytes: 0,
      trigger: 'manual' as const,
    };
    const finish = { shop: result, reasonShapes: [], finishedAt: '2099-01-01T00:01:00.000Z', timings };
    const noPrune = (): Promise<void> => Promise.reject(new Error('nothing may be pruned'));
    await expect(finishRun(db, runId, finish, exclusive, noPrune)).rejects.toThrow(/not complete/);
    expect(db.prepare(`SELECT status FROM local_analysis_runs WHERE id = ?`).pluck().get(runId)).toBe(
      'running',
    );
    expect(readLatestRun(db, 'done')?.id).toBe(doneRunId);
    expect(deleteStoredRuns(shop.dbFile, [runId])).toBe(40);
    expect(rowsOf(db, runId)).toBe(0);
    expect(rowsOf(db, doneRunId)).toBe(rows.length);
  });

  it('is no longer shown once the store lost its rows, and rows of unknown runs go', async () => {
    const { shop, doneRunId } = await analysedShop();
    const file = shop.dbFile;
    // Rows of a run the shop file does not know, as a backup restored over a newer shop leaves.
    const writer = new SnapshotWriter(file, 'zzzz-unknown');
    try {
      writer.write([snapshotRow('c1', REQUIRED_SNAPSHOT_VALUES)]);
      writer.complete();
    } finally {
      writer.close();
    }
    await shop.close();
    shops.splice(0);
    let core = PatronCore.open({ dbFile: file, transport: 'direct' });
    cores.push(core);
    await analysisService(core.context).settled();
    expect(rowsOf(core.db, 'zzzz-unknown')).toBe(0);
    expect(rowsOf(core.db, doneRunId)).toBeGreaterThan(0);
    expect(readLatestRun(core.db, 'done')?.id).toBe(doneRunId);
    await core.close();
    cores.splice(0);

    // The store is gone (deleted, or started afresh): the done run can no longer be shown.
    removeDatabaseFile(analysisStoreFileFor(file));
    core = PatronCore.open({ dbFile: file, transport: 'direct' });
    cores.push(core);
    await analysisService(core.context).settled();
    expect(
      core.db.prepare(`SELECT status, error FROM local_analysis_runs WHERE id = ?`).get(doneRunId),
    ).toEqual({
      status: 'failed',
      error: 'snapshot missing',
    });
    const client = createDirectClient(core, core.createSession('test', 'staff'));
    expect((await client.call('analysis.status', {})).latest).toBeNull();
  });
});
