import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { WritableDB } from '../../../src/main/db/connection';
import { migrate, schemaVersion } from '../../../src/main/db/migrate';
import { migrations } from '../../../src/main/db/migrations';
import { packedPurchasesSql } from '../../../src/main/domain/analysis/analysis-input.repo';
import { queryPlan, useFreshDbs } from '../../helpers/db';

const freshDb = useFreshDbs();
const ts = '2026-01-01T00:00:00.000Z';

function addCustomer(db: WritableDB): void {
  db.prepare(`INSERT INTO customers (id, name, created_at, updated_at) VALUES ('c1', 'A', ?, ?)`).run(ts, ts);
}
function addPurchase(db: WritableDB, id: string): void {
  db.prepare(
    `INSERT INTO purchases (id, customer_id, purchased_at, total_minor, created_at, updated_at) VALUES (?, 'c1', ?, 100, ?, ?)`,
  ).run(id, ts, ts, ts);
}
let lineNo = 0;
function addLine(db: WritableDB, purchaseId: string, name: string, category = ''): string {
  const id = `l${++lineNo}`;
  db.prepare(
    `INSERT INTO purchase_lines (id, purchase_id, product_name, category, amount_minor, created_at) VALUES (?, ?, ?, ?, 50, ?)`,
  ).run(id, purchaseId, name, category, ts);
  return id;
}
/** Each purchase's basket as its number names it in purchase_baskets (null: no number). */
const numbered = (db: WritableDB): Record<string, [string, string] | null> =>
  Object.fromEntries(
    (
      db
        .prepare(
          `SELECT p.id, b.products, b.categories FROM purchases p
           LEFT JOIN purchase_baskets b ON b.id = p.basket_id ORDER BY p.id`,
        )
        .raw(true)
        .all() as [string, string | null, string | null][]
    ).map(([id, products, categories]) => [id, products === null ? null : [products, categories ?? '']]),
  );
const numberOf = (db: WritableDB, purchaseId: string): number | null =>
  db.prepare(`SELECT basket_id FROM purchases WHERE id = ?`).pluck().get(purchaseId) as number | null;

describe('0009-purchase-basket-ids', () => {
  it('numbers the existing baskets, one number per distinct basket, none without lines', () => {
    const db = freshDb();
    migrate(db, { migrations: migrations.filter((m) => m.version <= 8) });
    addCustomer(db);
    for (const id of ['p1', 'p2', 'p3', 'p4']) addPurchase(db, id);
    addLine(db, 'p1', 'Latte', 'Coffee');
    addLine(db, 'p1', 'Croissant', '');
    addLine(db, 'p2', 'Croissant', '');
    addLine(db, 'p2', 'Latte', 'Coffee');
    addLine(db, 'p3', 'Gift card', '');
    migrate(db, { migrations: migrations.filter((m) => m.version <= 9) });
    expect(schemaVersion(db)).toBe(9);
    expect(numbered(db)).toEqual({
      p1: ['Croissant\u001fLatte', 'Coffee'],
      p2: ['Croissant\u001fLatte', 'Coffee'],
      // Every line uncategorised: the dictionary keeps '' where the purchase keeps NULL.
      p3: ['Gift card', ''],
      p4: null,
    });
    expect(numberOf(db, 'p1')).toBe(numberOf(db, 'p2'));
    expect(db.prepare(`SELECT count(*) FROM purchase_baskets`).pluck().get()).toBe(2);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('keeps each number in step when lines are added, renamed, moved and deleted', () => {
    const db = freshDb();
    migrate(db);
    addCustomer(db);
    addPurchase(db, 'p1');
    addPurchase(db, 'p2');
    const tea = addLine(db, 'p1', 'Tea', 'Drinks');
    addLine(db, 'p1', 'Cake', 'Food');
    expect(numbered(db)['p1']).toEqual(['Cake\u001fTea', 'Drinks\u001fFood']);
    db.prepare(`UPDATE purchase_lines SET product_name = 'Green tea' WHERE id = ?`).run(tea);
    expect(numbered(db)['p1']).toEqual(['Cake\u001fGreen tea', 'Drinks\u001fFood']);
    db.prepare(`UPDATE purchase_lines SET purchase_id = 'p2' WHERE id = ?`).run(tea);
    expect(numbered(db)).toEqual({ p1: ['Cake', 'Food'], p2: ['Green tea', 'Drinks'] });
    db.prepare(`DELETE FROM purchase_lines WHERE id = ?`).run(tea);
    expect(numbered(db)['p2']).toBeNull();
    // The same basket on another purchase gets the number it already has.
    addPurchase(db, 'p3');
    addLine(db, 'p3', 'Cake', 'Food');
    expect(numberOf(db, 'p3')).toBe(numberOf(db, 'p1'));
  });

  it('numbers a purchase written with its basket texts already filled in', () => {
    const db = freshDb();
    migrate(db);
    addCustomer(db);
    db.prepare(
      `INSERT INTO purchases (id, customer_id, purchased_at, total_minor, created_at, updated_at, basket_products, basket_categories)
       VALUES ('p1', 'c1', ?, 100, ?, ?, 'Mocha', NULL)`,
    ).run(ts, ts, ts);
    expect(numbered(db)).toEqual({ p1: ['Mocha', ''] });
  });

  it("answers the analysis read from purchases_analysis alone, the basket's number included", () => {
    const db = freshDb();
    migrate(db);
    const plan = queryPlan(db, packedPurchasesSql(''), ['2030-01-01']);
    expect(plan).toContain('COVERING INDEX purchases_analysis');
    expect(plan).not.toMatch(/purchase_lines|purchase_baskets/);
  });

  // The triggers must stay readable to an older SQLite, as 0006's (see that test).
  const sqliteTool = (() => {
    try {
      return execFileSync('sqlite3', ['--version']).toString().split(' ')[0] ?? null;
    } catch {
      return null;
    }
  })();
  it.skipIf(sqliteTool === null)(
    `stays readable by the system's sqlite3 tool (${sqliteTool ?? 'not installed: skipped'})`,
    () => {
      const db = freshDb();
      migrate(db);
      addCustomer(db);
      addPurchase(db, 'p1');
      addLine(db, 'p1', 'Tea', 'Drinks');
      db.pragma('wal_checkpoint(TRUNCATE)');
      const file = db.name;
      db.close();
      const out = execFileSync('sqlite3', [
        file,
        'SELECT b.products, b.categories FROM purchases p JOIN purchase_baskets b ON b.id = p.basket_id',
      ]).toString();
      expect(out.trim()).toBe('Tea|Drinks');
    },
  );
});
