import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../src/main/db/migrate';
import { migrations } from '../../../src/main/db/migrations';
import { periodBuyersSql } from '../../../src/main/domain/loyalty/loyalty.repo';
import { queryPlan, useFreshDbs } from '../../helpers/db';

const freshDb = useFreshDbs();

const ts = '2026-01-01T00:00:00.000Z';

describe('0005-loyalty-aggregates', () => {
  it('adds the aggregate store and a data version to a file with purchases, starting at 0', () => {
    const db = freshDb();
    migrate(db, { migrations: migrations.filter((m) => m.version < 5) });
    db.prepare(`INSERT INTO customers (id, name, created_at, updated_at) VALUES ('c1', 'A', ?, ?)`).run(
      ts,
      ts,
    );
    db.prepare(
      `INSERT INTO purchases (id, customer_id, purchased_at, total_minor, created_at, updated_at) VALUES ('p1', 'c1', ?, 100, ?, ?)`,
    ).run(ts, ts, ts);
    migrate(db, { migrations: migrations.filter((m) => m.version <= 5) });
    expect(schemaVersion(db)).toBe(5);
    expect(db.prepare(`SELECT version FROM loyalty_data_version`).all()).toEqual([{ version: 0 }]);
    expect(db.prepare(`SELECT COUNT(*) AS n FROM loyalty_aggregates`).get()).toEqual({ n: 0 });
    expect(() =>
      db.prepare(`INSERT INTO loyalty_aggregates VALUES ('activity', 'k', 'v1', 'not json', ?)`).run(ts),
    ).toThrow(/CHECK/);
    expect(() => db.prepare(`INSERT INTO loyalty_data_version VALUES (2, 0)`).run()).toThrow(/CHECK/);
  });

  it('bumps the data version on every write to purchases, interactions and complaints only', () => {
    const db = freshDb();
    migrate(db);
    const version = (): number =>
      db.prepare(`SELECT version FROM loyalty_data_version WHERE id = 1`).pluck().get() as number;
    db.prepare(`INSERT INTO customers (id, name, created_at, updated_at) VALUES ('c1', 'A', ?, ?)`).run(
      ts,
      ts,
    );
    expect(version()).toBe(0);
    const steps = [
      `INSERT INTO purchases (id, customer_id, purchased_at, total_minor, created_at, updated_at) VALUES ('p1', 'c1', '${ts}', 100, '${ts}', '${ts}')`,
      `UPDATE purchases SET total_minor = 200 WHERE id = 'p1'`,
      `UPDATE purchases SET deleted_at = '${ts}' WHERE id = 'p1'`,
      `DELETE FROM purchases WHERE id = 'p1'`,
      `INSERT INTO interactions (id, customer_id, occurred_at, channel, direction, satisfaction, created_at, updated_at) VALUES ('i1', 'c1', '${ts}', 'phone', 'inbound', 4, '${ts}', '${ts}')`,
      `UPDATE interactions SET satisfaction = 5 WHERE id = 'i1'`,
      `DELETE FROM interactions WHERE id = 'i1'`,
      `INSERT INTO complaints (id, customer_id, received_at, description, status, created_at, updated_at) VALUES ('k1', 'c1', '${ts}', 'x', 'received', '${ts}', '${ts}')`,
      `UPDATE complaints SET status = 'resolved', resolved_at = '${ts}' WHERE id = 'k1'`,
      `DELETE FROM complaints WHERE id = 'k1'`,
    ];
    steps.forEach((sql, i) => {
      db.exec(sql);
      expect(version(), sql).toBe(i + 1);
    });
    db.exec(`UPDATE customers SET name = 'B' WHERE id = 'c1'`);
    expect(version()).toBe(steps.length);
  });

  it('reads a stored aggregate by its key and the period from the covering index without a sort', () => {
    const db = freshDb();
    migrate(db);
    db.exec('ANALYZE');
    expect(
      queryPlan(db, `SELECT version, payload FROM loyalty_aggregates WHERE kind = 'a' AND key = 'b'`),
    ).toMatch(
      /SEARCH loyalty_aggregates USING INDEX sqlite_autoindex_loyalty_aggregates_1 \(kind=\? AND key=\?\)/,
    );
    const bounds: Record<string, string> = { from: '2025-01-01', to: '2026-01-01' };
    for (let i = 0; i < 12; i++) bounds[`m${i}`] = `2025-${String(i + 2).padStart(2, '0')}-01`;
    const periodPlan = queryPlan(db, periodBuyersSql(12), [bounds]);
    expect(periodPlan).toContain('SCAN purchases USING COVERING INDEX purchases_analysis');
    expect(periodPlan).not.toContain('TEMP B-TREE FOR GROUP BY');
  });
});
