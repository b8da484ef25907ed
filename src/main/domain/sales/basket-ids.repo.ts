/**
 * The numbers of baskets in `purchase_baskets` (migration 0009), for bulk loads that suspend the
 * purchases triggers that would number them: the loader asks for each purchase's number and binds
 * it with the basket texts. A load writes the same few baskets over and over, so the numbers are
 * kept in memory after the first look-up.
 */
import type { Statement } from 'better-sqlite3';
import type { WritableDB } from '../../db/connection';

export class BasketIds {
  private readonly known = new Map<string, number>();
  private readonly find: Statement<[string, string], number>;
  private readonly add: Statement<[string, string]>;

  constructor(db: WritableDB) {
    this.find = db
      .prepare<[string, string], number>(
        `SELECT id FROM purchase_baskets WHERE products = ? AND categories = ?`,
      )
      .pluck();
    this.add = db.prepare<[string, string]>(
      `INSERT INTO purchase_baskets (products, categories) VALUES (?, ?)`,
    );
  }

  /**
   * The number of the basket with these columns (as basketColumnsOf gives them), added to the
   * dictionary when new; null for a purchase without lines, as the triggers store it.
   */
  idOf(products: string | null, categories: string | null): number | null {
    if (products === null) return null;
    const categoryText = categories ?? '';
    // U+001D never occurs inside a basket column (see BASKET_SEPARATOR), so the key is unambiguous.
    const key = `${products}\u001d${categoryText}`;
    let id = this.known.get(key);
    if (id === undefined) {
      id =
        this.find.get(products, categoryText) ?? Number(this.add.run(products, categoryText).lastInsertRowid);
      this.known.set(key, id);
    }
    return id;
  }
}
