/**
 * The analysis snapshot (one row per customer per kept run, with every label and its reason) lives
 * in a file of its own beside the shop file, `<shop file>.analysis`, attached to the connections
 * that read it as the schema `analysis`. Queries name its tables unqualified; SQLite finds them
 * there because the shop file no longer has them (migration 0010).
 *
 * Why a file of its own: a run writes ~100k rows (~65 MB) for a big shop. In the shop file only
 * main's writer could write them, so either main bound them (seconds of its event loop) or a worker
 * wrote them to a scratch file and main copied them over, slice by slice (1.0–1.5 s of main's CPU
 * per run on the 100k seed, plus a worker checkpointing ~50 MB of the shop's WAL and the copy's
 * lock waits, the longest main stalls left). Here the worker that builds the rows writes them
 * straight into this file, which the shop's writer never needs to write during a run; workers
 * still only read the shop file. The shop's WAL and backups carry no derived data.
 *
 * Everything in it can be computed again: a file that is missing, unreadable or of another version
 * is replaced by an empty one, and the runs it no longer holds are marked failed and re-run
 * (AnalysisService). A run's rows are complete once its line in `local_analysis_snapshot_runs` is
 * there: the writer adds that line after its last batch, and a WAL keeps commits in order.
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { removeDatabaseFile } from './files';

export const ANALYSIS_SCHEMA = 'analysis';
/** Bumped when the tables change; a file of another version is started afresh. */
export const ANALYSIS_STORE_VERSION = 1;

export function analysisStoreFileFor(dbFile: string): string {
  return `${dbFile}.analysis`;
}

/** Column definitions of the snapshot (the shape migration 0008 gave the table in the shop file). */
const SNAPSHOT_COLUMNS_DDL = `
      run_id                 TEXT NOT NULL,
      customer_id            TEXT NOT NULL,
      recency_days           INTEGER,
      frequency              INTEGER,
      monetary_minor         INTEGER,
      r_score                INTEGER,
      f_score                INTEGER,
      m_score                INTEGER,
      segment                TEXT,
      abc_class              TEXT,
      value_tier             TEXT,
      lifecycle_stage        TEXT,
      loyalty_type           TEXT,
      difference_block       TEXT,
      loyalty_scale          TEXT,
      credit_loyalty         TEXT,
      p_alive                REAL,
      expected_purchases     REAL,
      expected_spend_minor   INTEGER,
      predicted_clv_minor    INTEGER,
      historical_value_minor INTEGER,
      at_risk                INTEGER NOT NULL DEFAULT 0,
      cluster                INTEGER,
      reasons                TEXT NOT NULL DEFAULT '{}',
      visits                 INTEGER,
      first_purchase         TEXT,
      last_purchase          TEXT,
      attachment             TEXT,
      tier_rank              INTEGER,
      clv_minor              INTEGER,
      clv_basis              TEXT CHECK (clv_basis IN ('model', 'historical')),
      value_at_stake_minor   INTEGER,
      win_back_rank          INTEGER,
      suggestions            TEXT,
      PRIMARY KEY (run_id, customer_id)`;

function schemaSql(schema: string): string {
  return `
    CREATE TABLE ${schema}.local_analysis_snapshot (${SNAPSHOT_COLUMNS_DDL}
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX ${schema}.local_analysis_snapshot_segment ON local_analysis_snapshot(run_id, segment);
    CREATE TABLE ${schema}.local_analysis_snapshot_runs (
      run_id TEXT PRIMARY KEY,
      rows   INTEGER NOT NULL
    ) STRICT;
    PRAGMA ${schema}.user_version = ${ANALYSIS_STORE_VERSION};`;
}

/**
 * Creates the tables in `schema` unless they are there at this version; a store of another version
 * (an older or newer Patron) is emptied first.
 */
function ensureSchema(db: Database.Database, schema: string): void {
  const version = db.pragma(`${schema}.user_version`, { simple: true }) as number;
  if (version === ANALYSIS_STORE_VERSION) return;
  db.transaction(() => {
    const tables = db
      .prepare(`SELECT name FROM ${schema}.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
      .pluck()
      .all() as string[];
    for (const table of tables) db.exec(`DROP TABLE ${schema}."${table.replaceAll('"', '""')}"`);
    db.exec(schemaSql(schema));
  })();
}

/** Deletes a shop file and what is kept beside it: its WAL companions and its analysis store. */
export function removeShopFiles(dbFile: string): void {
  removeDatabaseFile(dbFile);
  removeDatabaseFile(analysisStoreFileFor(dbFile));
}

function attach(db: Database.Database, file: string): void {
  db.prepare(`ATTACH DATABASE ? AS ${ANALYSIS_SCHEMA}`).run(file);
}

function detachQuietly(db: Database.Database): void {
  try {
    db.exec(`DETACH DATABASE ${ANALYSIS_SCHEMA}`);
  } catch {
    // Not attached.
  }
}

/**
 * Attaches the store of the shop file `dbFile` to its writer connection, creating it (or starting
 * it afresh when it cannot be read) as needed.
 */
export function attachAnalysisStore(db: Database.Database, dbFile: string): void {
  const file = analysisStoreFileFor(dbFile);
  const tryAttach = (): void => {
    attach(db, file);
    db.pragma(`${ANALYSIS_SCHEMA}.journal_mode = WAL`);
    // NORMAL, not the shop's FULL: derived data, and a run whose rows a power cut took is found
    // by its missing completion line and computed again. This connection only reads the store
    // after this (the workers write it), so it never checkpoints the store's WAL on main.
    db.pragma(`${ANALYSIS_SCHEMA}.synchronous = NORMAL`);
    ensureSchema(db, ANALYSIS_SCHEMA);
  };
  try {
    tryAttach();
  } catch {
    // Unreadable or damaged: nothing in it that the next run does not write again.
    detachQuietly(db);
    removeDatabaseFile(file);
    tryAttach();
  }
}

/**
 * Attaches the store to a read-only connection of the shop file (it opens read-only too). Returns
 * false when there is none yet (no writer has opened the shop since the store came in).
 */
export function attachAnalysisStoreReadOnly(db: Database.Database, dbFile: string): boolean {
  const file = analysisStoreFileFor(dbFile);
  if (!existsSync(file)) return false;
  attach(db, file);
  return true;
}

/** An in-memory store, for an in-memory shop (tests, the recovery stand-in). */
export function attachMemoryAnalysisStore(db: Database.Database): void {
  attach(db, ':memory:');
  ensureSchema(db, ANALYSIS_SCHEMA);
}

/**
 * Runs `work` (a write on the shop's writer connection that also touches the store, such as an
 * erasure deleting a customer's snapshot rows) with SQLite's automatic checkpoint off. It is per
 * connection: on, main's commit would checkpoint the store's WAL whenever it is past 1000 pages,
 * which during a run and until the prune after it means copying up to a whole run's rows on main.
 * The shop file's WAL is checkpointed at the next commit as usual.
 */
export function withoutAutoCheckpoint<T>(db: Database.Database, work: () => T): T {
  const previous = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  db.pragma('wal_autocheckpoint = 0');
  try {
    return work();
  } finally {
    db.pragma(`wal_autocheckpoint = ${previous}`);
  }
}

/**
 * A worker's own connection to the store, the one that writes a run's rows or deletes old runs.
 * The shop's writer has created the store when it opened the shop; a store of another version is
 * started afresh here too.
 *
 * It never checkpoints by itself: at the default of every 1000 pages, the ~65 MB of a big shop's
 * run meant ~16 checkpoints inside the write, each syncing the file, and the writing thread sat
 * waiting for the disk (the machine's idle time during a run went from ~1.4 s to ~2.5 s on the
 * 100k seed). The prune that follows every run checkpoints once (deleteStoredRuns).
 */
export function openAnalysisStoreWriter(dbFile: string): Database.Database {
  const db = new Database(analysisStoreFileFor(dbFile));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('wal_autocheckpoint = 0');
    db.pragma('busy_timeout = 5000');
    ensureSchema(db, 'main');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
