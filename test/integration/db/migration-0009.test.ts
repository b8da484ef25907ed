import { describe, expect, it } from 'vitest';
import type { WritableDB } from '../../../src/main/db/connection';
import { migrate, schemaVersion } from '../../../src/main/db/migrate';
import { migrations } from '../../../src/main/db/migrations';
import { packedPurchasesSql } from '../../../src/main/domain/analysis/analysis-input.repo';
import {
  addFixtureCustomer,
  addFixtureLine,
  addFixturePurchase,
  queryPlan,
  useFreshDbs,
  queryWithSystemSqlite,
  systemSqliteVersion,
} from '../../helpers/db';

const freshDb = useFreshDbs();

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
    addFixtureCustomer(db);
    for (const id of ['p1', 'p2', 'p3', 'p4']) addFixturePurchase(db, id);
    addFixtureLine(db, 'p1', 'Latte', 'Coffee');
    addFixtureLine(db, 'p1', 'Croissant', '');
    addFixtureLine(db, 'p2', 'Croissant', '');
    addFixtureLine(db, 'p2', 'Latte', 'Coffee');
    addFixtureLine(db, 'p3', 'Gift card', '');
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

  it('keeps each number naming its purchase’s baskets through every kind of line write', () => {
    const db = freshDb();
    migrate(db);
    addFixtureCustomer(db);
    for (const id of ['p1', 'p2', 'p3']) addFixturePurchase(db, id);
    const misnumbered = (): number =>
      db
        .prepare(
          `SELECT count(*) FROM purchases p WHERE p.basket_id IS NOT (SELECT b.id FROM purchase_baskets b
             WHERE b.products = p.basket_products AND b.categories = ifnull(p.basket_categories, ''))`,
        )
        .pluck()
        .get() as number;
    const steps: [string, () => unknown][] = [
      ['add', () => addFixtureLine(db, 'p1', 'Tea', 'Drinks')],
      ['add another', () => addFixtureLine(db, 'p1', 'Cake', 'Food')],
      [
        'rename',
        () =>
          db.prepare(`UPDATE purchase_lines SET product_name = 'Green tea' WHERE product_name = 'Tea'`).run(),
      ],
      [
        'move',
        () =>
          db.prepare(`UPDATE purchase_lines SET purchase_id = 'p2' WHERE product_name = 'Green tea'`).run(),
      ],
      ['delete', () => db.prepare(`DELETE FROM purchase_lines WHERE purchase_id = 'p2'`).run()],
      ['same basket elsewhere', () => addFixtureLine(db, 'p3', 'Cake', 'Food')],
    ];
    for (const [step, write] of steps) {
      write();
      expect(misnumbered(), `after ${step}`).toBe(0);
    }
    expect(numberOf(db, 'p2')).toBeNull();
    // The same basket on another purchase gets the number it already has.
    expect(numberOf(db, 'p3')).toBe(numberOf(db, 'p1'));
    expect(numbered(db)['p1']).toEqual(['Cake', 'Food']);
  });

  it('numbers a purchase written with its basket texts already filled in', () => {
    const db = freshDb();
    migrate(db);
    addFixtureCustomer(db);
    db.prepare(
      `INSERT INTO purchases (id, customer_id, purchased_at, total_minor, created_at, updated_at, basket_products, basket_categories)
       VALUES ('p1', 'c1', ?, 100, ?, ?, 'Mocha', NULL)`,
    ).run('2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');
    expect(numbered(db)).toEqual({ p1: ['Mocha', ''] });
  });

  it("answers the analysis read from purchases_analysis alone, the basket's number included", () => {
    const db = freshDb();
    migrate(db);
    const plan = queryPlan(db, packedPurchasesSql(''), ['2030-01-01']);
    expect(plan).toContain('COVERING INDEX purchases_analysis');
    expect(plan).not.toMatch(/purchase_lines|purchase_baskets/);
  });

  // Every migrated shop file must stay readable to an older SQLite: Debian's own (3.40) predates
  // `group_concat(... ORDER BY ...)`, and a trigger using it (0006's first version) made the whole
  // file "malformed" to that tool. Skipped where no sqlite3 tool is installed.
  const sqliteTool = systemSqliteVersion();
  it.skipIf(sqliteTool === null)(
    `stays readable by the system's sqlite3 tool (${sqliteTool ?? 'not installed: skipped'})`,
    () => {
      const db = freshDb();
      migrate(db);
      addFixtureCustomer(db);
      addFixturePurchase(db, 'p1');
      addFixtureLine(db, 'p1', 'Tea', 'Drinks');
      expect(
        queryWithSystemSqlite(
          db,
          `SELECT p.basket_products, p.basket_categories, b.products, b.categories
           FROM purchases p JOIN purchase_baskets b ON b.id = p.basket_id`,
        ),
      ).toBe('Tea|Drinks|Tea|Drinks');
    },
  );
});
