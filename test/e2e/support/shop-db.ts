import Database from 'better-sqlite3';

/**
 * Reads (and for Today, prepares) the e2e shop file directly: customers are created by
 * issue 3's screens, so these journeys pick an existing seeded customer instead.
 */
export function withShopDb<T>(dbFile: string, use: (db: Database.Database) => T): T {
  const db = new Database(dbFile);
  db.pragma('busy_timeout = 5000');
  try {
    return use(db);
  } finally {
    db.close();
  }
}

export interface ShopCustomer {
  readonly id: string;
  readonly name: string;
}

/** A seeded customer with at least one purchase and a unique name, so text locators are unambiguous. */
export function pickCustomer(dbFile: string, offset = 0): ShopCustomer {
  return withShopDb(dbFile, (db) => {
    const row = db
      .prepare(
        `SELECT c.id, c.name FROM customers c
         WHERE c.deleted_at IS NULL AND c.merged_into IS NULL AND c.kind = 'person'
           AND EXISTS (SELECT 1 FROM purchases p WHERE p.customer_id = c.id)
           AND (SELECT COUNT(*) FROM customers d WHERE d.name = c.name) = 1
         ORDER BY c.id LIMIT 1 OFFSET ?`,
      )
      .get(offset) as ShopCustomer | undefined;
    if (!row) throw new Error('the seeded shop has no suitable customer');
    return row;
  });
}

export function shopProfile(dbFile: string): { currency: string; timezone: string } {
  return withShopDb(dbFile, (db) => {
    const value = db
      .prepare(`SELECT value FROM shop_settings WHERE key = 'shop.profile'`)
      .pluck()
      .get() as string;
    return JSON.parse(value) as { currency: string; timezone: string };
  });
}
