import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../src/main/db/migrate';
import { migrations } from '../../../src/main/db/migrations';
import { SNAPSHOT_COLUMNS } from '../../../src/main/domain/analysis/snapshot-rows';
import { eraseCustomers } from '../../../src/main/domain/customers/customers.repo';
import { queryPlan, useFreshDbs } from '../../helpers/db';

const freshDb = useFreshDbs();
const ts = '2026-01-01T00:00:00.000Z';

describe('0008-lean-analysis-snapshot', () => {
  it('keeps every snapshot row and column, drops the JSON checks and the customer-only index', () => {
    const db = freshDb();
    migrate(db, { migrations: migrations.filter((m) => m.version <= 7) });
    db.exec(`INSERT INTO local_analysis_runs (id, status, started_at, as_of, time_unit, params)
             VALUES ('r1', 'done', '${ts}', '2026-01-01', 'day', '{}'), ('r2', 'done', '${ts}', '2026-01-02', 'day', '{}')`);
    const insert = db.prepare(
      `INSERT INTO local_analysis_snapshot (${SNAPSHOT_COLUMNS.join(', ')}) VALUES (${SNAPSHOT_COLUMNS.map(() => '?').join(', ')})`,
    );
    // Every column gets a distinct value, so a column dropped or swapped in the copy shows.
    const row = (run: string, customer: string): (string | number | null)[] =>
      SNAPSHOT_COLUMNS.map((column, i) => {
        if (column === 'run_id') return run;
        if (column === 'customer_id') return customer;
        if (column === 'reasons') return `[[${i},"${customer}"]]`;
        if (column === 'suggestions')
          return customer === 'c2' ? null : `[{"item":"Tea","confidence":0.5,"lift":${i}}]`;
        if (column === 'clv_basis') return 'model';
        if (column === 'p_alive' || column === 'expected_purchases') return i / 100;
        const text = [
          'segment',
          'abc_class',
          'value_tier',
          'lifecycle_stage',
          'loyalty_type',
          'difference_block',
        ];
        if (
          [
            ...text,
            'loyalty_scale',
            'credit_loyalty',
            'first_purchase',
            'last_purchase',
            'attachment',
          ].includes(column)
        ) {
          return `${column}-${customer}`;
        }
        return i * 10 + (customer === 'c2' ? 1 : 0);
      });
    const before = [row('r1', 'c1'), row('r1', 'c2'), row('r2', 'c1')];
    for (const values of before) insert.run(values);
    const snapshot = (): unknown[] =>
      db
        .prepare(
          `SELECT ${SNAPSHOT_COLUMNS.join(', ')} FROM local_analysis_snapshot ORDER BY run_id, customer_id`,
        )
        .raw()
        .all();
    expect(snapshot()).toEqual(before);
    const tableSql = (): string =>
      db
        .prepare(`SELECT sql FROM sqlite_master WHERE name = 'local_analysis_snapshot'`)
        .pluck()
        .get() as string;
    expect(tableSql()).toMatch(/json_valid/);

    migrate(db, { migrations: migrations.filter((m) => m.version <= 8) });
    expect(schemaVersion(db)).toBe(8);
    expect(snapshot()).toEqual(before);
    expect(tableSql()).not.toMatch(/json_valid/);
    expect(tableSql()).toMatch(/WITHOUT ROWID/);
    const indexes = db
      .prepare(
        `SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'local_analysis_snapshot' ORDER BY name`,
      )
      .pluck()
      .all();
    expect(indexes).toEqual(['local_analysis_snapshot_segment']);
    // The rows still go with their run.
    db.prepare(`DELETE FROM local_analysis_runs WHERE id = 'r2'`).run();
    expect(db.prepare(`SELECT count(*) FROM local_analysis_snapshot`).pluck().get()).toBe(2);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('answers the per-customer snapshot questions from the primary key, and erasure still reaches every run', () => {
    const db = freshDb();
    migrate(db);
    const plan = (sql: string): string => queryPlan(db, sql);
    // The card's latest labels, the export's join, the segment-movement join, erasure.
    for (const sql of [
      `SELECT s.segment FROM local_analysis_snapshot s
       JOIN (SELECT id FROM local_analysis_runs WHERE status = 'done' AND finished_at IS NOT NULL
             ORDER BY finished_at DESC LIMIT 1) r ON r.id = s.run_id
       WHERE s.customer_id = 'x'`,
      `SELECT c.id, s.segment FROM customers c LEFT JOIN local_analysis_snapshot s ON s.run_id = 'r' AND s.customer_id = c.id`,
      `SELECT p.segment, s.segment FROM local_analysis_snapshot s
       JOIN local_analysis_snapshot p ON p.run_id = 'q' AND p.customer_id = s.customer_id WHERE s.run_id = 'r'`,
      `DELETE FROM local_analysis_snapshot WHERE run_id IN (SELECT id FROM local_analysis_runs) AND customer_id IN ('x', 'y')`,
    ]) {
      const detail = plan(sql);
      expect(detail, sql).not.toMatch(/SCAN (s|p|local_analysis_snapshot)\b(?! USING)/);
      expect(detail, sql).toMatch(/PRIMARY KEY \(run_id=\? AND customer_id=\?\)/);
    }

    db.prepare(
      `INSERT INTO customers (id, name, created_at, updated_at) VALUES ('c1', 'A', ?, ?), ('c2', 'B', ?, ?)`,
    ).run(ts, ts, ts, ts);
    db.exec(`INSERT INTO local_analysis_runs (id, status, started_at, as_of, time_unit, params)
             VALUES ('r1', 'done', '${ts}', '2026-01-01', 'day', '{}'), ('r2', 'done', '${ts}', '2026-01-02', 'day', '{}')`);
    for (const [run, customer] of [
      ['r1', 'c1'],
      ['r2', 'c1'],
      ['r2', 'c2'],
    ]) {
      db.prepare(`INSERT INTO local_analysis_snapshot (run_id, customer_id) VALUES (?, ?)`).run(
        run,
        customer,
      );
    }
    eraseCustomers(db, ['c1']);
    expect(db.prepare(`SELECT run_id, customer_id FROM local_analysis_snapshot`).raw().all()).toEqual([
      ['r2', 'c2'],
    ]);
  });
});
