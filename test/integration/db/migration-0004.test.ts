import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../src/main/db/migrate';
import { migrations } from '../../../src/main/db/migrations';
import { useFreshDbs } from '../../helpers/db';

const freshDb = useFreshDbs();

describe('0004-analysis-reason-shapes', () => {
  it('adds a nullable, JSON-checked reason_shapes column to the runs, keeping existing runs', () => {
    const db = freshDb();
    migrate(db, { migrations: migrations.filter((m) => m.version < 4) });
    db.exec(`INSERT INTO local_analysis_runs (id, status, started_at, as_of, time_unit, params)
             VALUES ('r1', 'done', '2024-01-01T00:00:00Z', '2024-01-01', 'day', '{}');`);
    migrate(db, { migrations: migrations.filter((m) => m.version <= 4) });
    expect(schemaVersion(db)).toBe(4);
    expect(db.prepare(`SELECT id, reason_shapes FROM local_analysis_runs`).get()).toEqual({
      id: 'r1',
      reason_shapes: null,
    });
    db.prepare(`UPDATE local_analysis_runs SET reason_shapes = ?`).run('[["tier.prospect",[]]]');
    expect(() => db.prepare(`UPDATE local_analysis_runs SET reason_shapes = 'not json'`).run()).toThrow(
      /CHECK/,
    );
  });
});
