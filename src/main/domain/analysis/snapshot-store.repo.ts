/**
 * How a run's snapshot rows get into the analysis store (src/main/db/analysis-store.ts): the
 * analysing worker, or the helper thread from rows the analysing worker sends it, writes them on
 * its own connection to the store, committing every few thousand rows and saying how many are in.
 * The rows belong to a run that is still 'running', which no reader looks at; main makes the run
 * visible with one small commit in the shop file once the last line is in (`finishRun`).
 *
 * Before the store had a file of its own, main copied the rows from a scratch file into the shop
 * file, 1.0–1.5 s of its CPU per run on the 100k seed; the rows are now written once.
 */
import type Database from 'better-sqlite3';
import { openAnalysisStoreWriter } from '../../db/analysis-store';
import type { CustomerAnalysis, CustomerReasons } from '../../../shared/analysis/types';
import { ReasonEncoder, type ReasonShape } from '../../../shared/analysis/reason-codec';
import { SNAPSHOT_ROW_COLUMNS as ROW_COLUMNS, snapshotValues, type SqlValue } from './snapshot-rows';

/** Rows per commit: each commit is one progress step for main. */
export const SNAPSHOT_COMMIT_ROWS = 2_000;

/**
 * Writes every customer's row of run `runId` into the store of the shop file `dbFile`, calling
 * `committed` with the rows in so far after each commit. Returns the reason shapes the rows'
 * compact reasons refer to.
 */
export function writeSnapshot(
  dbFile: string,
  runId: string,
  customers: readonly CustomerAnalysis[],
  committed: (rows: number, total: number) => void,
): ReasonShape[] {
  const reasons = new ReasonEncoder();
  const text = (r: CustomerReasons): string => reasons.encode(r);
  writeSnapshotRows(dbFile, runId, customers.length, (i) => snapshotValues(customers[i]!, text), committed);
  return reasons.shapes;
}

/** Writes `count` rows (values in SNAPSHOT_ROW_COLUMNS order) of run `runId`, then its completion line. */
export function writeSnapshotRows(
  dbFile: string,
  runId: string,
  count: number,
  rowAt: (index: number) => SqlValue[],
  committed: (rows: number, total: number) => void,
): void {
  const writer = new SnapshotWriter(dbFile, runId);
  try {
    for (const batch of snapshotBatches(count, rowAt)) {
      writer.write(batch);
      committed(writer.rows, count);
    }
    writer.complete();
  } finally {
    writer.close();
  }
}

/** Rows 0..count−1 in the batches that are committed one at a time (SNAPSHOT_COMMIT_ROWS each). */
export function* snapshotBatches(
  count: number,
  rowAt: (index: number) => SqlValue[],
): Generator<SqlValue[][]> {
  for (let from = 0; from < count; from += SNAPSHOT_COMMIT_ROWS) {
    const to = Math.min(count, from + SNAPSHOT_COMMIT_ROWS);
    const batch = new Array<SqlValue[]>(to - from);
    for (let i = from; i < to; i++) batch[i - from] = rowAt(i);
    yield batch;
  }
}

/**
 * One run's rows, written into the store one committed batch at a time: by the analysing worker
 * itself (writeSnapshotRows), or by the helper thread from rows the analysing worker sends it, so
 * that the binding runs beside the building of the next rows.
 */
export class SnapshotWriter {
  private readonly db: Database.Database;
  private readonly writeBatch: (rows: readonly SqlValue[][]) => void;
  private readonly runId: string;
  /** Rows committed so far. */
  rows = 0;

  constructor(dbFile: string, runId: string) {
    const db = openAnalysisStoreWriter(dbFile);
    try {
      // The run id is bound by name beside each row's values, so no row array is copied to add it.
      const insert = db.prepare(
        `INSERT INTO local_analysis_snapshot (run_id, ${ROW_COLUMNS.join(', ')})
         VALUES (@run, ${ROW_COLUMNS.map(() => '?').join(', ')})`,
      );
      const named = { run: runId };
      this.writeBatch = db.transaction((rows: readonly SqlValue[][]) => {
        for (const row of rows) insert.run(row, named);
      });
    } catch (error) {
      db.close();
      throw error;
    }
    this.db = db;
    this.runId = runId;
  }

  /** Appends the rows in one transaction. */
  write(rows: readonly SqlValue[][]): void {
    this.writeBatch(rows);
    this.rows += rows.length;
  }

  /** Records that the run's rows are all in (readers trust a run's rows only with this line). */
  complete(): void {
    this.db
      .prepare(`INSERT INTO local_analysis_snapshot_runs (run_id, rows) VALUES (?, ?)`)
      .run(this.runId, this.rows);
  }

  close(): void {
    this.db.close();
  }
}

/**
 * Deletes the rows and completion lines of `runIds` from the store (a transaction per run; the
 * line goes with the rows), then copies the store's WAL into its file and empties it. On a worker:
 * a big shop's run is ~100k rows, ~0.5 s of deleting. Returns the rows deleted.
 */
export function deleteStoredRuns(dbFile: string, runIds: readonly string[]): number {
  const db = openAnalysisStoreWriter(dbFile);
  try {
    const deleteRows = db.prepare(`DELETE FROM local_analysis_snapshot WHERE run_id = ?`);
    const deleteLine = db.prepare(`DELETE FROM local_analysis_snapshot_runs WHERE run_id = ?`);
    let rows = 0;
    for (const runId of runIds) {
      db.transaction(() => {
        rows += deleteRows.run(runId).changes;
        deleteLine.run(runId);
      })();
    }
    // The writers never checkpoint while a run is written (see openAnalysisStoreWriter); every run
    // is followed by a prune, so this keeps the WAL from growing run after run.
    db.pragma('wal_checkpoint(TRUNCATE)');
    return rows;
  } finally {
    db.close();
  }
}

/** A batch of rows the worker committed: rows 1..`rows` of `total` are in the store. */
export interface SnapshotProgress {
  readonly rows: number;
  readonly total: number;
}
