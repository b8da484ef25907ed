/**
 * A fresh, empty shop file per test for the migration tests, closed after each test (the caller's
 * file registers the `afterEach` by calling `useFreshDbs()` once at its top level).
 */
import path from 'node:path';
import { afterEach } from 'vitest';
import { openWritable, type WritableDB } from '../../src/main/db/connection';
import { tempDir } from './cli';

export function useFreshDbs(): () => WritableDB {
  const opened: WritableDB[] = [];
  afterEach(() => opened.splice(0).forEach((db) => db.open && db.close()));
  return () => {
    const db = openWritable(path.join(tempDir(), 'shop.db'));
    opened.push(db);
    return db;
  };
}

/** SQLite's query plan for `sql`, its steps joined with ' | ', for asserting which index answers. */
export function queryPlan(db: WritableDB, sql: string, params: unknown[] = []): string {
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[])
    .map((row) => row.detail)
    .join(' | ');
}
