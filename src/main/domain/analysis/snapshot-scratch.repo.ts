/**
 * How a run's snapshot rows get from the analysing worker into the shop file without main binding
 * 100k rows of 34 values in JavaScript. The worker writes the rows into a scratch SQLite file of its
 * own (never the shop file: workers only read that), committing every few thousand rows and saying
 * how many are in; main attaches the scratch file and copies them into `local_analysis_snapshot`
 * with `INSERT … SELECT`, a slice of about 8 ms at a time. The copy runs in SQLite's C code.
 *
 * Measured on the 100k-customer seed's real rows (microbenchmark): main's share fell from ~15–20 µs
 * per row (JSON.parse of the chunk, then one bound insert per row) to ~7 µs, and the worker's
 * scratch insert (0.65–0.92 s) costs about what the JSON serialization did.
 */
import Database from 'better-sqlite3';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { WritableDB } from '../../db/connection';
import { relaxedTransaction, yieldToEventLoop } from './analysis.repo';
import type { CustomerAnalysis, CustomerReasons } from '../../../shared/analysis/types';
import { ReasonEncoder, type ReasonShape } from '../../../shared/analysis/reason-codec';
import {
  SNAPSHOT_COLUMNS,
  SNAPSHOT_ROW_COLUMNS as ROW_COLUMNS,
  snapshotValues,
  type SqlValue,
} from './snapshot-rows';

const SCRATCH_SCHEMA = 'analysis_scratch';
const SCRATCH_TABLE = 'scratch_snapshot';
/** Rows per worker commit: each commit lets main copy what is in. */
export const SCRATCH_COMMIT_ROWS = 2_000;

/**
 * Worker side: writes every customer's row into a new scratch file, calling `committed` with the
 * rows in so far after each commit. Returns the reason shapes the rows' compact reasons refer to.
 */
export function writeScratchSnapshot(
  file: string,
  customers: readonly CustomerAnalysis[],
  committed: (rows: number, total: number) => void,
): ReasonShape[] {
  const reasons = new ReasonEncoder();
  const text = (r: CustomerReasons): string => reasons.encode(r);
  writeScratchRows(file, customers.length, (i) => snapshotValues(customers[i]!, text), committed);
  return reasons.shapes;
}

/** Writes `count` rows (values in SNAPSHOT_COLUMNS order, run id left out) into a new scratch file. */
export function writeScratchRows(
  file: string,
  count: number,
  rowAt: (index: number) => SqlValue[],
  committed: (rows: number, total: number) => void,
): void {
  const writer = new ScratchWriter(file);
  try {
    for (const batch of scratchBatches(count, rowAt)) {
      writer.write(batch);
      committed(writer.rows, count);
    }
  } finally {
    writer.close();
  }
}

/** Rows 0..count−1 in the batches that are committed one at a time (SCRATCH_COMMIT_ROWS each). */
export function* scratchBatches(
  count: number,
  rowAt: (index: number) => SqlValue[],
): Generator<SqlValue[][]> {
  for (let from = 0; from < count; from += SCRATCH_COMMIT_ROWS) {
    const to = Math.min(count, from + SCRATCH_COMMIT_ROWS);
    const batch = new Array<SqlValue[]>(to - from);
    for (let i = from; i < to; i++) batch[i - from] = rowAt(i);
    yield batch;
  }
}

/**
 * A new scratch file, written one committed batch at a time: by the analysing worker itself
 * (writeScratchRows), or by the helper thread from rows the analysing worker sends it, so that the
 * binding runs beside the building of the next rows.
 */
export class ScratchWriter {
  private readonly db: Database.Database;
  private readonly writeBatch: (rows: readonly SqlValue[][]) => void;
  /** Rows committed so far. */
  rows = 0;

  constructor(file: string) {
    removeScratch(file);
    const db = new Database(file);
    try {
      // Scratch data: if the machine dies mid-run the run is failed and the file thrown away, so no
      // syncs. WAL lets main read committed rows while the next batch is being written.
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = OFF');
      db.exec(`CREATE TABLE ${SCRATCH_TABLE} (${ROW_COLUMNS.join(', ')})`);
      const insert = db.prepare(
        `INSERT INTO ${SCRATCH_TABLE} (${ROW_COLUMNS.join(', ')}) VALUES (${ROW_COLUMNS.map(() => '?').join(', ')})`,
      );
      this.writeBatch = db.transaction((rows: readonly SqlValue[][]) => {
        for (const row of rows) insert.run(row);
      });
    } catch (error) {
      db.close();
      throw error;
    }
    this.db = db;
  }

  /** Appends the rows in one transaction; they are readable by main once this returns. */
  write(rows: readonly SqlValue[][]): void {
    this.writeBatch(rows);
    this.rows += rows.length;
  }

  close(): void {
    this.db.close();
  }
}

const SCRATCH_NAME = /^patron-analysis-(\d+)-[\w-]+\.sqlite(?:-wal|-shm)?$/;

/** The scratch file of one run of this process, in `dir` (the OS temp dir). */
export function scratchFileFor(dir: string, runId: string): string {
  return join(dir, `patron-analysis-${process.pid}-${runId}.sqlite`);
}

/**
 * Deletes the scratch files in `dir` left by Patron processes that no longer run (one that crashed
 * or was killed mid-run); a live process's files are its own business. Returns how many went.
 */
export function removeStaleScratch(dir: string): number {
  let removed = 0;
  for (const name of readdirSync(dir)) {
    const pid = Number(SCRATCH_NAME.exec(name)?.[1] ?? Number.NaN);
    if (Number.isNaN(pid) || pid === process.pid || processIsAlive(pid)) continue;
    rmSync(join(dir, name), { force: true });
    removed++;
  }
  return removed;
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Deletes a scratch file and its WAL companions (missing ones are fine). */
export function removeScratch(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
}

export interface ScratchCopyOptions {
  readonly runId: string;
  /**
   * Runs one synchronous piece of writing while no other write is under way (the core's write
   * gate), so a slice's transaction never wraps someone else's write.
   */
  readonly exclusive: (work: () => void) => Promise<void>;
  /** Called between slices with rows copied so far; throwing (e.g. on cancel) stops the copy. */
  readonly checkpoint: (rowsCopied: number, rowsTotal: number) => void;
  /** Longest stretch of synchronous work before yielding to the event loop. */
  readonly sliceMs?: number;
}

/** A batch of rows the worker committed: rows 1..`rows` of `total` are in the scratch file. */
export interface ScratchProgress {
  readonly rows: number;
  readonly total: number;
}

export interface RowWriteStats {
  /** From the first batch's arrival to the last row copied (main yields between slices). */
  readonly writeMs: number;
  /** Copying transactions, the main-thread time they took together, and the longest. */
  readonly slices: number;
  readonly busyMs: number;
  readonly longestSliceMs: number;
  readonly rows: number;
}

/**
 * Main side: copies the rows of a run that is still 'running' (so no reader sees them: every
 * reader looks at 'done' runs only) from the scratch file as the worker commits them, in small
 * transactions of about `sliceMs` each, yielding to the event loop between them. The slices commit
 * with synchronous=NORMAL: the snapshot is derived data, and `finishRun` commits with FULL, whose
 * WAL sync makes every slice durable before the run counts as done. A failed or cancelled copy
 * leaves rows that `deleteRunRows` removes.
 */
export async function copyScratchSnapshot(
  db: WritableDB,
  file: string,
  batches: AsyncIterable<ScratchProgress>,
  options: ScratchCopyOptions,
): Promise<RowWriteStats> {
  const sliceMs = options.sliceMs ?? 8;
  const stats = { slices: 0, busyMs: 0, longestSliceMs: 0, rows: 0 };
  let started: number | null = null;
  let attached = false;
  // Prepared once the scratch file is attached (it names the attached table).
  let copy: Database.Statement | null = null;
  try {
    let copied = 0;
    // Rows per slice, adjusted after each slice to what fits in `sliceMs`.
    let sliceRows = 100;
    for await (const batch of batches) {
      started ??= performance.now();
      if (!copy) {
        // ATTACH cannot run inside a transaction; the gate guarantees none is open.
        await options.exclusive(() => {
          db.prepare(`ATTACH DATABASE ? AS ${SCRATCH_SCHEMA}`).run(file);
          attached = true;
          // Closing the scratch at DETACH checkpoints its WAL; at the connection's default of FULL
          // that checkpoint fsynced the 50 MB file, a 50 ms stall of main's event loop.
          db.pragma(`${SCRATCH_SCHEMA}.synchronous = OFF`);
          copy = db.prepare(
            `INSERT INTO main.local_analysis_snapshot (${SNAPSHOT_COLUMNS.join(', ')})
             SELECT ?, ${ROW_COLUMNS.join(', ')} FROM ${SCRATCH_SCHEMA}.${SCRATCH_TABLE} WHERE rowid > ? AND rowid <= ?`,
          );
        });
      }
      const statement = copy!;
      while (copied < batch.rows) {
        await options.exclusive(() => {
          const sliceStarted = performance.now();
          const to = Math.min(batch.rows, copied + sliceRows);
          relaxedTransaction(db, () => statement.run(options.runId, copied, to));
          const ms = performance.now() - sliceStarted;
          // At most double at a time: one quick slice (warm caches) must not make the next one long.
          const fitting = Math.round(((to - copied) * sliceMs) / Math.max(ms, 0.1));
          sliceRows = Math.max(100, Math.min(sliceRows * 2, fitting));
          copied = to;
          stats.slices++;
          stats.busyMs += ms;
          stats.longestSliceMs = Math.max(stats.longestSliceMs, ms);
        });
        await yieldToEventLoop();
        options.checkpoint(copied, batch.total);
      }
      stats.rows = copied;
    }
  } finally {
    if (attached) {
      await options.exclusive(() => {
        db.prepare(`DETACH DATABASE ${SCRATCH_SCHEMA}`).run();
      });
    }
  }
  return { writeMs: started === null ? 0 : performance.now() - started, ...stats };
}
