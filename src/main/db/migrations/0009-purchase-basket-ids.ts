import type { Migration } from './types';

/**
 * Each distinct basket (the two basket columns of migration 0006) is stored once, in
 * `purchase_baskets`, and a purchase points at it by number: `purchases.basket_id` (NULL without
 * lines). purchases_analysis carries the number instead of the two texts.
 *
 * Why: the analysis read takes every purchase of the shop through purchases_analysis, and a shop
 * sells the same few baskets over and over (the 100k-customer seed: 6,797 distinct baskets in a
 * million tickets). Measured on that seed, the customer-ordered read took 1.65 s of SQLite time
 * with the basket texts packed in and 1.2 s with a small integer in their place; the texts, mostly
 * Chinese, also made every packed string two bytes a character in JavaScript and had to be hashed
 * ticket by ticket to find the split basket. The index also gets smaller for every other query.
 *
 * The text columns stay the source: the purchase_lines triggers of 0006 keep them, and the
 * triggers here keep `basket_id` in step with them on every ordinary write. Bulk loads that
 * suspend the purchases triggers (the demo seed, imports) number their baskets themselves through
 * BasketIds (src/main/domain/sales/basket-ids.repo.ts); a test holds them to the same result.
 * Dictionary rows are never deleted: a basket no purchase uses any more is a few bytes, and keeping
 * it keeps every number ever handed out valid.
 */
/** The trigger body that numbers a purchase's basket (NULL texts give a NULL number). */
const numberBasket = `
      INSERT OR IGNORE INTO purchase_baskets (products, categories)
        SELECT new.basket_products, ifnull(new.basket_categories, '') WHERE new.basket_products IS NOT NULL;
      UPDATE purchases SET basket_id = (SELECT b.id FROM purchase_baskets b
          WHERE b.products = new.basket_products AND b.categories = ifnull(new.basket_categories, ''))
        WHERE id = new.id;`;

export const migration0009: Migration = {
  version: 9,
  name: 'purchase-basket-ids',
  up: `
    CREATE TABLE purchase_baskets (
      id INTEGER PRIMARY KEY,
      products TEXT NOT NULL,
      categories TEXT NOT NULL,
      UNIQUE (products, categories)
    );
    ALTER TABLE purchases ADD COLUMN basket_id INTEGER REFERENCES purchase_baskets(id);
    INSERT INTO purchase_baskets (products, categories)
      SELECT DISTINCT basket_products, ifnull(basket_categories, '') FROM purchases
      WHERE basket_products IS NOT NULL;
    UPDATE purchases SET basket_id = (SELECT b.id FROM purchase_baskets b
        WHERE b.products = purchases.basket_products AND b.categories = ifnull(purchases.basket_categories, ''))
      WHERE basket_products IS NOT NULL;
    DROP INDEX purchases_analysis;
    CREATE INDEX purchases_analysis
      ON purchases(customer_id, purchased_at, total_minor, discount_minor, is_return, deleted_at, id, basket_id);
    CREATE TRIGGER purchases_basket_id_insert AFTER INSERT ON purchases
      WHEN new.basket_products IS NOT NULL BEGIN
      ${numberBasket}
    END;
    CREATE TRIGGER purchases_basket_id_update AFTER UPDATE OF basket_products, basket_categories ON purchases
      BEGIN
      ${numberBasket}
    END;
  `,
};
