import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../src/main/db/migrate';
import { migrations } from '../../../src/main/db/migrations';
import { queryPlan, useFreshDbs } from '../../helpers/db';

const freshDb = useFreshDbs();

const snapshotTablesIn = (db: ReturnType<typeof freshDb>, schema: string): string[] =>
  db
    .prepare(
      `SELECT name FROM ${schema}.sqlite_master WHERE name LIKE 'local_analysis_snapshot%' ORDER BY name`,
    )
    .pluck()
    .all() as string[];

describe('0010-analysis-snapshot-own-file', () => {
  it('drops the snapshot from the shop file, keeps the runs, and leaves the store to answer', () => {
    const db = freshDb();
    migrate(db, { migrations: migrations.filter((m) => m.version <= 9) });
    const ts = '2026-01-01T00:00:00.000Z';
    db.prepare(
      `INSERT INTO local_analysis_runs (id, status, started_at, as_of, time_unit, params)
       VALUES ('r1', 'done', ?, '2026-01-01', 'day', '{}')`,
    ).run(ts);
    db.prepare(
      `INSERT INTO main.local_analysis_snapshot (run_id, customer_id, segment) VALUES ('r1', 'c1', 'champions')`,
    ).run();
    expect(snapshotTablesIn(db, 'main')).toEqual([
      'local_analysis_snapshot',
      'local_analysis_snapshot_segment',
    ]);

    migrate(db, { migrations: migrations.filter((m) => m.version <= 10) });
    expect(schemaVersion(db)).toBe(10);
    expect(snapshotTablesIn(db, 'main')).toEqual([]);
    // The run stays on record (the analysis service finds its rows missing and re-runs).
    expect(db.prepare(`SELECT status FROM local_analysis_runs WHERE id = 'r1'`).pluck().get()).toBe('done');
    // Unqualified names now reach the store, with its indexes.
    expect(snapshotTablesIn(db, 'analysis')).toEqual([
      'local_analysis_snapshot',
      'local_analysis_snapshot_runs',
      'local_analysis_snapshot_segment',
    ]);
    expect(db.prepare(`SELECT count(*) FROM local_analysis_snapshot`).pluck().get()).toBe(0);
    expect(
      queryPlan(db, `SELECT customer_id FROM local_analysis_snapshot WHERE run_id = 'r1' AND segment = 'x'`),
    ).toMatch(/USING COVERING INDEX local_analysis_snapshot_segment/);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
