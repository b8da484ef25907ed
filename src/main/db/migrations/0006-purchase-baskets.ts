import type { Migration } from './types';

/**
 * Each purchase carries its basket: the product names (and the non-empty categories) of its lines,
 * sorted and joined by U+001F, or NULL when it has no lines.
 *
 * Why a copy: the analysis worker reads every purchase of the shop, and looking each purchase's
 * lines up in purchase_lines was most of the read (measured on the 100k seed, 1M purchases: the
 * per-purchase lookups cost ~3.6 s of SQLite CPU against ~1.0 s for the same read off a covering
 * index that carries the basket). purchases_analysis is rebuilt to carry both columns, so the
 * customer-ordered read never touches the tables.
 *
 * Kept right by triggers on purchase_lines for every ordinary write (a sale, an edit, an erasure).
 * Bulk loads that suspend those triggers (the demo seed, imports) write the same strings
 * themselves with basketOf (src/main/domain/sales/basket.ts); a test holds the two to one format.
 * The order is SQLite's BINARY order (UTF-8 bytes = code points), which basketOf reproduces.
 */
/**
 * The SET clause giving a purchase's two basket columns from its lines. The order comes from an
 * ordered subquery, not from `group_concat(... ORDER BY ...)`: that form needs SQLite 3.44, and a
 * trigger using it makes the whole file unreadable ("malformed database schema") to any older
 * SQLite, such as Debian's sqlite3 tool (3.40) an owner might open a backup with.
 */
const basketsOf = (purchaseId: string): string => `
        basket_products = (SELECT group_concat(product_name, char(31)) FROM
          (SELECT product_name FROM purchase_lines WHERE purchase_id = ${purchaseId} ORDER BY product_name)),
        basket_categories = (SELECT group_concat(category, char(31)) FROM
          (SELECT category FROM purchase_lines WHERE purchase_id = ${purchaseId} AND category <> ''
           ORDER BY category))`;
const recompute = (purchaseId: string): string =>
  `UPDATE purchases SET ${basketsOf(purchaseId)} WHERE id = ${purchaseId};`;

export const migration0006: Migration = {
  version: 6,
  name: 'purchase-baskets',
  up: `
    ALTER TABLE purchases ADD COLUMN basket_products TEXT;
    ALTER TABLE purchases ADD COLUMN basket_categories TEXT;
    UPDATE purchases SET ${basketsOf('purchases.id')};
    DROP INDEX purchases_analysis;
    CREATE INDEX purchases_analysis
      ON purchases(customer_id, purchased_at, total_minor, discount_minor, is_return, deleted_at, id,
                   basket_products, basket_categories);
    CREATE TRIGGER purchase_lines_basket_insert AFTER INSERT ON purchase_lines BEGIN
      ${recompute('new.purchase_id')}
    END;
    CREATE TRIGGER purchase_lines_basket_delete AFTER DELETE ON purchase_lines BEGIN
      ${recompute('old.purchase_id')}
    END;
    CREATE TRIGGER purchase_lines_basket_update AFTER UPDATE OF purchase_id, product_name, category
      ON purchase_lines BEGIN
      ${recompute('old.purchase_id')}
      ${recompute('new.purchase_id')}
    END;
  `,
};
