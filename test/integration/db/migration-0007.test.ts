import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../src/main/db/migrate';
import { migrations } from '../../../src/main/db/migrations';
import { queryPlan, useFreshDbs } from '../../helpers/db';

const freshDb = useFreshDbs();

describe('0007-drop-purchases-customer-index', () => {
  it('drops the customer/date index and keeps the purchases', () => {
    const db = freshDb();
    migrate(db, { migrations: migrations.filter((m) => m.version <= 6) });
    const ts = '2026-01-01T00:00:00.000Z';
    db.prepare(`INSERT INTO customers (id, name, created_at, updated_at) VALUES ('c1', 'A', ?, ?)`).run(
      ts,
      ts,
    );
    db.prepare(
      `INSERT INTO purchases (id, customer_id, purchased_at, total_minor, created_at, updated_at)
       VALUES ('p1', 'c1', ?, 100, ?, ?)`,
    ).run(ts, ts, ts);
    const indexes = (): string[] =>
      db
        .prepare(
          `SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'purchases' ORDER BY name`,
        )
        .pluck()
        .all() as string[];
    expect(indexes()).toContain('purchases_customer');
    migrate(db, { migrations: migrations.filter((m) => m.version <= 7) });
    expect(schemaVersion(db)).toBe(7);
    expect(indexes()).not.toContain('purchases_customer');
    expect(indexes()).toContain('purchases_analysis');
    expect(db.prepare(`SELECT count(*) FROM purchases WHERE customer_id = 'c1'`).pluck().get()).toBe(1);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('answers every per-customer purchase query from the wider analysis index, never a scan', () => {
    const db = freshDb();
    migrate(db);
    const plan = (sql: string): string => queryPlan(db, sql);
    // The shapes the card, the person export, the summary triggers and erasure ask for.
    for (const sql of [
      `SELECT * FROM purchases WHERE customer_id = 'x' ORDER BY purchased_at`,
      `SELECT purchased_at, total_minor FROM purchases WHERE customer_id = 'x' AND purchased_at >= '2026' AND deleted_at IS NULL`,
      `SELECT max(purchased_at), sum(total_minor), sum(is_return = 0) FROM purchases WHERE customer_id = 'x' AND deleted_at IS NULL`,
      `SELECT id FROM purchases WHERE customer_id IN ('x', 'y')`,
    ]) {
      expect(plan(sql), sql).toMatch(/USING (COVERING )?INDEX purchases_analysis \(customer_id=/);
      expect(plan(sql), sql).not.toMatch(/SCAN purchases(?! USING)/);
    }
  });
});
