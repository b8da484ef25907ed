import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedDemoShop } from '../../../src/main/domain/demo';
import { readImportFile } from '../../../src/main/domain/transfer/import';
import { runImport } from '../../../src/main/domain/transfer/transfer.service';
import { openTestShop, type TestShop } from '../../helpers/core';

/**
 * Bulk loads suspend the triggers that keep the basket columns (migration 0006) and the basket
 * numbers (0009) and write both themselves: every purchase must still hold what the triggers would
 * have stored.
 */
const clock = (): Date => new Date('2026-06-01T08:00:00.000Z');

let shop: TestShop;
beforeEach(async () => {
  shop = await openTestShop({ clock });
});
afterEach(async () => {
  await shop.close();
});

/**
 * Purchases whose stored baskets differ from the ones recomputed from their lines, or whose basket
 * number (migration 0009) does not name exactly those baskets.
 */
function basketMismatches(): number {
  return shop.core.db
    .prepare(
      `SELECT count(*) FROM purchases p
       WHERE p.basket_products IS NOT (SELECT group_concat(product_name, char(31) ORDER BY product_name)
                                        FROM purchase_lines WHERE purchase_id = p.id)
          OR p.basket_categories IS NOT (SELECT group_concat(category, char(31) ORDER BY category)
                                          FROM purchase_lines WHERE purchase_id = p.id AND category <> '')
          OR p.basket_id IS NOT (SELECT b.id FROM purchase_baskets b
                                 WHERE b.products = p.basket_products AND b.categories = ifnull(p.basket_categories, ''))`,
    )
    .pluck()
    .get() as number;
}
const withBaskets = (): number =>
  shop.core.db.prepare(`SELECT count(*) FROM purchases WHERE basket_products IS NOT NULL`).pluck().get() as number;

describe('purchase baskets written by bulk loads', () => {
  it('the demo seed writes the baskets the triggers would', () => {
    seedDemoShop(shop.core.db, { customers: 120, seed: 3, locale: 'zh-CN', endDate: new Date('2026-05-31T12:00:00.000Z') });
    expect(withBaskets()).toBeGreaterThan(100);
    expect(basketMismatches()).toBe(0);
  });

  it('an import writes the baskets the triggers would, lines grouped by order number', async () => {
    const csv =
      '客户编号,日期,金额,商品,类别,单号\r\n' +
      'M1,2026-03-01,18,拿铁,咖啡,A1\r\n' +
      'M1,2026-03-01,12,Croissant,,A1\r\n' +
      'M2,2026-03-02,30,🍰 cake,甜点,A2\r\n' +
      'M1,2026-03-01,20,Americano,咖啡,A1\r\n' +
      'M3,2026-03-03,9,,,\r\n';
    const file = await readImportFile(new TextEncoder().encode(csv), 'p.csv');
    const summary = runImport(shop.core.db, { kind: 'purchases', file, dryRun: false, actorRole: 'owner', clock });
    expect(summary.rejected).toBe(0);
    expect(basketMismatches()).toBe(0);
    const stored = shop.core.db
      .prepare(`SELECT external_ref, basket_products, basket_categories FROM purchases ORDER BY purchased_at`)
      .raw(true)
      .all();
    expect(stored).toEqual([
      ['A1', 'Americano\u001fCroissant\u001f拿铁', '咖啡\u001f咖啡'],
      ['A2', '🍰 cake', '甜点'],
      [expect.any(String), null, null],
    ]);
  });
});
