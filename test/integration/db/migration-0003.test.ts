import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../src/main/db/migrate';
import { migrations } from '../../../src/main/db/migrations';
import { queryPlan, useFreshDbs } from '../../helpers/db';

const freshDb = useFreshDbs();

describe('0003-analysis-snapshot-columns', () => {
  it('adds the nullable snapshot columns of the storage contract to a file with an existing snapshot', () => {
    const db = freshDb();
    migrate(db, { migrations: migrations.filter((m) => m.version < 3) });
    db.exec(`INSERT INTO local_analysis_runs (id, status, started_at, as_of, time_unit, params)
             VALUES ('r1', 'done', '2024-01-01T00:00:00Z', '2024-01-01', 'day', '{}');
             INSERT INTO local_analysis_snapshot (run_id, customer_id) VALUES ('r1', 'c1');`);
    migrate(db, { migrations: migrations.filter((m) => m.version <= 3) });
    expect(schemaVersion(db)).toBe(3);
    const columns = db.prepare(`PRAGMA table_info(local_analysis_snapshot)`).all() as {
      name: string;
      notnull: number;
    }[];
    for (const name of [
      'visits',
      'first_purchase',
      'last_purchase',
      'attachment',
      'tier_rank',
      'clv_minor',
      'clv_basis',
      'value_at_stake_minor',
      'win_back_rank',
      'suggestions',
    ]) {
      expect(
        columns.find((c) => c.name === name),
        name,
      ).toMatchObject({ notnull: 0 });
    }
    expect(db.prepare(`SELECT visits, suggestions FROM local_analysis_snapshot`).get()).toEqual({
      visits: null,
      suggestions: null,
    });
    expect(() => db.prepare(`UPDATE local_analysis_snapshot SET clv_basis = 'guess'`).run()).toThrow(/CHECK/);
    expect(() => db.prepare(`UPDATE local_analysis_snapshot SET suggestions = 'not json'`).run()).toThrow(
      /CHECK/,
    );
  });

  it("serves the worker's streaming read from covering indexes, and the newest run from an index", () => {
    const db = freshDb();
    migrate(db);
    db.exec('ANALYZE');
    const purchasesPlan = queryPlan(
      db,
      `SELECT p.customer_id, p.purchased_at, p.total_minor, p.discount_minor, p.is_return,
              (SELECT group_concat(l.product_name, char(31)) FROM purchase_lines l WHERE l.purchase_id = p.id) AS items
       FROM purchases p WHERE p.deleted_at IS NULL AND p.purchased_at < '2025-01-01' ORDER BY p.customer_id, p.purchased_at`,
    );
    expect(purchasesPlan).toContain('SCAN p USING COVERING INDEX purchases_analysis');
    expect(purchasesPlan).toContain('USING COVERING INDEX purchase_lines_names (purchase_id=?)');
    expect(purchasesPlan).not.toContain('TEMP B-TREE');
    expect(
      queryPlan(
        db,
        `SELECT id FROM local_analysis_runs WHERE status = 'done' ORDER BY started_at DESC, id DESC LIMIT 1`,
      ),
    ).toContain('USING INDEX local_analysis_runs_started (status=?)');
    expect(queryPlan(db, `SELECT COUNT(*) FROM local_analysis_snapshot WHERE run_id = 'r'`)).toMatch(
      /USING (COVERING |PRIMARY KEY|INDEX)/,
    );
  });
});
