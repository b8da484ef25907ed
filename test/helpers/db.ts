/**
 * A fresh, empty shop file per test for the migration tests, closed after each test (the caller's
 * file registers the `afterEach` by calling `useFreshDbs()` once at its top level).
 */
import { execFileSync } from 'node:child_process';
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

/**
 * Purchase fixtures for the basket migrations' tests: one customer ('c1'), purchases of it, and
 * lines (each with a new id), written straight into the tables.
 */
const FIXTURE_TIME = '2026-01-01T00:00:00.000Z';
export function addFixtureCustomer(db: WritableDB): void {
  db.prepare(`INSERT INTO customers (id, name, created_at, updated_at) VALUES ('c1', 'A', ?, ?)`).run(
    FIXTURE_TIME,
    FIXTURE_TIME,
  );
}
export function addFixturePurchase(db: WritableDB, id: string): void {
  db.prepare(
    `INSERT INTO purchases (id, customer_id, purchased_at, total_minor, created_at, updated_at) VALUES (?, 'c1', ?, 100, ?, ?)`,
  ).run(id, FIXTURE_TIME, FIXTURE_TIME, FIXTURE_TIME);
}
let fixtureLines = 0;
export function addFixtureLine(db: WritableDB, purchaseId: string, name: string, category = ''): string {
  const id = `l${++fixtureLines}`;
  db.prepare(
    `INSERT INTO purchase_lines (id, purchase_id, product_name, category, amount_minor, created_at) VALUES (?, ?, ?, ?, 50, ?)`,
  ).run(id, purchaseId, name, category, FIXTURE_TIME);
  return id;
}

/** The system's sqlite3 tool's version, or null where none is installed. */
export function systemSqliteVersion(): string | null {
  try {
    return execFileSync('sqlite3', ['--version']).toString().split(' ')[0] ?? null;
  } catch {
    return null;
  }
}

/** Closes `db` (its WAL checkpointed into the file) and runs `sql` on the file with the system's sqlite3 tool. */
export function queryWithSystemSqlite(db: WritableDB, sql: string): string {
  db.pragma('wal_checkpoint(TRUNCATE)');
  const file = db.name;
  db.close();
  return execFileSync('sqlite3', [file, sql]).toString().trim();
}
