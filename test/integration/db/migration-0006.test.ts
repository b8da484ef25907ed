import { describe, expect, it } from 'vitest';
import type { WritableDB } from '../../../src/main/db/connection';
import { migrate, schemaVersion } from '../../../src/main/db/migrate';
import { migrations } from '../../../src/main/db/migrations';
import { basketColumnsOf } from '../../../src/main/domain/sales/basket';
import { addFixtureCustomer, addFixtureLine, addFixturePurchase, useFreshDbs } from '../../helpers/db';

const freshDb = useFreshDbs();

const baskets = (db: WritableDB): Record<string, [string | null, string | null]> =>
  Object.fromEntries(
    (
      db.prepare(`SELECT id, basket_products, basket_categories FROM purchases ORDER BY id`).all() as {
        id: string;
        basket_products: string | null;
        basket_categories: string | null;
      }[]
    ).map((row) => [row.id, [row.basket_products, row.basket_categories]]),
  );

describe('0006-purchase-baskets', () => {
  it('fills the baskets of existing purchases: names sorted, empty categories left out, NULL without lines', () => {
    const db = freshDb();
    migrate(db, { migrations: migrations.filter((m) => m.version <= 5) });
    addFixtureCustomer(db);
    addFixturePurchase(db, 'p1');
    addFixturePurchase(db, 'p2');
    addFixtureLine(db, 'p1', 'Latte', 'Coffee');
    addFixtureLine(db, 'p1', 'Croissant', '');
    addFixtureLine(db, 'p1', 'Americano', 'Coffee');
    migrate(db, { migrations: migrations.filter((m) => m.version <= 6) });
    expect(schemaVersion(db)).toBe(6);
    expect(baskets(db)).toEqual({
      p1: ['Americano\u001fCroissant\u001fLatte', 'Coffee\u001fCoffee'],
      p2: [null, null],
    });
  });

  it('keeps the baskets right when lines are added, renamed, moved and deleted', () => {
    const db = freshDb();
    migrate(db);
    addFixtureCustomer(db);
    addFixturePurchase(db, 'p1');
    addFixturePurchase(db, 'p2');
    const tea = addFixtureLine(db, 'p1', 'Tea', 'Drinks');
    addFixtureLine(db, 'p1', 'Cake', 'Food');
    expect(baskets(db)['p1']).toEqual(['Cake\u001fTea', 'Drinks\u001fFood']);
    db.prepare(`UPDATE purchase_lines SET product_name = 'Green tea' WHERE id = ?`).run(tea);
    expect(baskets(db)['p1']).toEqual(['Cake\u001fGreen tea', 'Drinks\u001fFood']);
    db.prepare(`UPDATE purchase_lines SET purchase_id = 'p2' WHERE id = ?`).run(tea);
    expect(baskets(db)).toEqual({ p1: ['Cake', 'Food'], p2: ['Green tea', 'Drinks'] });
    db.prepare(`DELETE FROM purchase_lines WHERE id = ?`).run(tea);
    expect(baskets(db)['p2']).toEqual([null, null]);
  });

  it('stores exactly what basketColumnsOf builds for bulk loads, whatever the characters', () => {
    const db = freshDb();
    migrate(db);
    addFixtureCustomer(db);
    addFixturePurchase(db, 'p1');
    // CJK, a character past U+FFFF (a surrogate pair in JavaScript), one in U+E000–U+FFFF, a
    // duplicate and a prefix: the orders where UTF-16 and SQLite's BINARY order could disagree.
    const lines = [
      { productName: '拿铁', category: '咖啡' },
      { productName: '🍰 cake', category: '' },
      { productName: '\uff21 full-width A', category: 'ｘ' },
      { productName: 'Latte', category: '咖啡' },
      { productName: 'Latte', category: 'Coffee' },
      { productName: 'Lat', category: '𝒞' },
    ];
    for (const line of lines) addFixtureLine(db, 'p1', line.productName, line.category);
    const expected = basketColumnsOf(lines);
    expect(baskets(db)['p1']).toEqual([expected.products, expected.categories]);
  });

  it('lets the analysis read each customer off purchases_analysis without touching the tables', () => {
    const db = freshDb();
    // As of this migration; 0009 puts the basket's number in the index instead of the texts.
    migrate(db, { migrations: migrations.filter((m) => m.version <= 6) });
    const plan = (
      db
        .prepare(
          `EXPLAIN QUERY PLAN
           SELECT p.customer_id, group_concat(p.purchased_at || p.total_minor || p.discount_minor || p.is_return
                    || ifnull(p.basket_products, '') || ifnull(p.basket_categories, ''), char(30))
           FROM purchases p WHERE p.deleted_at IS NULL AND p.purchased_at < ? GROUP BY p.customer_id ORDER BY p.customer_id`,
        )
        .all('2030-01-01') as { detail: string }[]
    ).map((row) => row.detail);
    expect(plan.join(' | ')).toContain('COVERING INDEX purchases_analysis');
    expect(plan.join(' | ')).not.toMatch(/purchase_lines/);
  });
});
