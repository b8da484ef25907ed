import type { ReadableDB, WritableDB } from '../../db/connection';
import type { ShopStats } from '../../../shared/contract/shop';

export type SettingsTable = 'shop_settings' | 'local_settings';

export function readSetting(db: ReadableDB, table: SettingsTable, key: string): unknown {
  const row = db.prepare(`SELECT value FROM ${table} WHERE key = ?`).get(key) as
    { value: string } | undefined;
  return row ? (JSON.parse(row.value) as unknown) : undefined;
}

export function writeSetting(
  db: WritableDB,
  table: SettingsTable,
  key: string,
  value: unknown,
  at: string,
): void {
  db.prepare(
    `INSERT INTO ${table} (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  ).run(key, JSON.stringify(value), at);
}

export function deleteSetting(db: WritableDB, table: SettingsTable, key: string): void {
  db.prepare(`DELETE FROM ${table} WHERE key = ?`).run(key);
}

export function readStats(db: ReadableDB): ShopStats {
  const count = (sql: string): number => (db.prepare(sql).pluck().get() as number | null) ?? 0;
  const purchaseRange = db
    .prepare(
      `SELECT MIN(purchased_at) AS first, MAX(purchased_at) AS last, COALESCE(SUM(total_minor), 0) AS revenue
       FROM purchases WHERE deleted_at IS NULL`,
    )
    .get() as { first: string | null; last: string | null; revenue: number };
  return {
    customers: count('SELECT COUNT(*) FROM customers WHERE deleted_at IS NULL'),
    deletedCustomers: count('SELECT COUNT(*) FROM customers WHERE deleted_at IS NOT NULL'),
    purchases: count('SELECT COUNT(*) FROM purchases WHERE deleted_at IS NULL'),
    purchaseLines: count(
      'SELECT COUNT(*) FROM purchase_lines l JOIN purchases p ON p.id = l.purchase_id WHERE p.deleted_at IS NULL',
    ),
    products: count('SELECT COUNT(*) FROM products WHERE deleted_at IS NULL'),
    interactions: count('SELECT COUNT(*) FROM interactions WHERE deleted_at IS NULL'),
    complaints: count('SELECT COUNT(*) FROM complaints WHERE deleted_at IS NULL'),
    reminders: count('SELECT COUNT(*) FROM reminders WHERE deleted_at IS NULL AND done_at IS NULL'),
    revenueMinor: purchaseRange.revenue,
    firstPurchaseAt: purchaseRange.first,
    lastPurchaseAt: purchaseRange.last,
  };
}

export function countRows(db: ReadableDB, table: 'customers' | 'purchases'): number {
  return db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
}
