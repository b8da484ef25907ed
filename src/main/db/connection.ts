import Database from 'better-sqlite3';
import type { Database as SqliteDatabase } from 'better-sqlite3';
import {
  attachAnalysisStore,
  attachAnalysisStoreReadOnly,
  attachMemoryAnalysisStore,
} from './analysis-store';

declare const writableBrand: unique symbol;
declare const readableBrand: unique symbol;

/**
 * Branded handles (after Signal Desktop): a repository function that writes
 * asks for a `WritableDB`, so a worker's read-only connection cannot be passed
 * to it by mistake. Both are plain better-sqlite3 connections at run time.
 */
export type ReadableDB = SqliteDatabase & { readonly [readableBrand]: true };
export type WritableDB = ReadableDB & { readonly [writableBrand]: true };

const BUSY_TIMEOUT_MS = 5000;

/**
 * The one writer connection of the process that owns the shop file, with the shop's analysis store
 * attached (analysis-store.ts).
 */
export function openWritable(file: string): WritableDB {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    // better-sqlite3's compile-time default under WAL is NORMAL, which can lose
    // the last committed sale on power loss; a shop till must not.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('temp_store = MEMORY');
    attachAnalysisStore(db, file);
    return db as WritableDB;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * A read-only connection, as used by analysis workers and checks; `analysisStore` attaches the
 * shop's analysis store (read-only too) for readers of the snapshot.
 */
export function openReadable(file: string, options: { analysisStore?: boolean } = {}): ReadableDB {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    if (options.analysisStore) attachAnalysisStoreReadOnly(db, file);
    return db as ReadableDB;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** An in-memory writable database, for tests. */
export function openMemory(): WritableDB {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  attachMemoryAnalysisStore(db);
  return db as WritableDB;
}
