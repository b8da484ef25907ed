import type { ReadableDB, WritableDB } from '../../db/connection';
import { newId } from '../../db/ids';
import type { Product, Purchase, PurchaseLine } from '../../../shared/contract/sales';

interface PurchaseRow {
  id: string;
  customer_id: string;
  purchased_at: string;
  total_minor: number;
  discount_minor: number;
  is_return: number;
  payment_method: string | null;
  channel: string | null;
  staff: string | null;
  note: string | null;
  deleted_at: string | null;
}

export interface StoredPurchase extends Purchase {
  readonly deletedAt: string | null;
}

export interface PurchaseValues {
  readonly purchasedAt: string;
  readonly totalMinor: number;
  readonly discountMinor: number;
  readonly isReturn: boolean;
  readonly paymentMethod: string | null;
  readonly channel: string | null;
  readonly staff: string | null;
  readonly note: string | null;
  readonly lines: readonly (PurchaseLine & { productId: string | null })[];
}

export function customerExists(db: ReadableDB, customerId: string): boolean {
  return (
    db
      .prepare('SELECT 1 FROM customers WHERE id = ? AND deleted_at IS NULL AND merged_into IS NULL')
      .get(customerId) !== undefined
  );
}

export function readPurchase(db: ReadableDB, id: string): StoredPurchase | null {
  const row = db
    .prepare(
      `SELECT id, customer_id, purchased_at, total_minor, discount_minor, is_return, payment_method, channel,
              staff, note, deleted_at FROM purchases WHERE id = ?`,
    )
    .get(id) as PurchaseRow | undefined;
  if (!row) return null;
  const lines = db
    .prepare(
      `SELECT product_name, category, quantity, amount_minor FROM purchase_lines WHERE purchase_id = ? ORDER BY rowid`,
    )
    .all(id) as { product_name: string; category: string; quantity: number; amount_minor: number }[];
  return {
    id: row.id,
    customerId: row.customer_id,
    purchasedAt: row.purchased_at,
    totalMinor: row.total_minor,
    discountMinor: row.discount_minor,
    isReturn: row.is_return === 1,
    paymentMethod: row.payment_method,
    channel: row.channel,
    staff: row.staff,
    note: row.note,
    deletedAt: row.deleted_at,
    lines: lines.map((l) => ({
      productName: l.product_name,
      category: l.category,
      quantity: l.quantity,
      amountMinor: l.amount_minor,
    })),
  };
}

function insertLines(db: WritableDB, purchaseId: string, values: PurchaseValues, at: string): void {
  const insert = db.prepare(
    `INSERT INTO purchase_lines (id, purchase_id, product_id, product_name, category, quantity, amount_minor, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const line of values.lines)
    insert.run(
      newId(),
      purchaseId,
      line.productId,
      line.productName,
      line.category,
      line.quantity,
      line.amountMinor,
      at,
    );
}

export function insertPurchase(
  db: WritableDB,
  customerId: string,
  values: PurchaseValues,
  at: string,
): string {
  const id = newId();
  db.prepare(
    `INSERT INTO purchases (id, customer_id, purchased_at, total_minor, discount_minor, is_return, payment_method,
                            channel, staff, note, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    id,
    customerId,
    values.purchasedAt,
    values.totalMinor,
    values.discountMinor,
    values.isReturn ? 1 : 0,
    values.paymentMethod,
    values.channel,
    values.staff,
    values.note,
    at,
    at,
  );
  insertLines(db, id, values, at);
  return id;
}

/** The old values survive as a change row (see sales.service), so the lines may be replaced here. */
export function replacePurchase(db: WritableDB, id: string, values: PurchaseValues, at: string): void {
  db.prepare(
    `UPDATE purchases SET purchased_at = ?, total_minor = ?, discount_minor = ?, is_return = ?, payment_method = ?,
            channel = ?, staff = ?, note = ?, updated_at = ? WHERE id = ?`,
  ).run(
    values.purchasedAt,
    values.totalMinor,
    values.discountMinor,
    values.isReturn ? 1 : 0,
    values.paymentMethod,
    values.channel,
    values.staff,
    values.note,
    at,
    id,
  );
  db.prepare('DELETE FROM purchase_lines WHERE purchase_id = ?').run(id);
  insertLines(db, id, values, at);
}

export function softDeletePurchase(db: WritableDB, id: string, at: string): void {
  db.prepare('UPDATE purchases SET deleted_at = ?, updated_at = ? WHERE id = ?').run(at, at, id);
}

/**
 * Purchase edits are part of the customer's dynamic archive, so they are written to the
 * generic `customer_changes` history (field `purchase`, old/new values as JSON) rather than
 * a table of their own: the timeline shows them with every other record change.
 */
export function recordPurchaseChange(
  db: WritableDB,
  change: {
    customerId: string;
    purchaseId: string;
    actorRole: string;
    before: Purchase;
    after: Purchase | null;
  },
  at: string,
): void {
  db.prepare(
    `INSERT INTO customer_changes (id, customer_id, change_set, changed_at, actor_role, field, old_value, new_value)
     VALUES (?, ?, ?, ?, ?, 'purchase', ?, ?)`,
  ).run(
    newId(),
    change.customerId,
    change.purchaseId,
    at,
    change.actorRole,
    JSON.stringify(change.before),
    change.after ? JSON.stringify(change.after) : null,
  );
}

interface ProductRow {
  id: string;
  name: string;
  category: string;
  price_minor: number | null;
}
const toProduct = (r: ProductRow): Product => ({
  id: r.id,
  name: r.name,
  category: r.category,
  priceMinor: r.price_minor,
});

export function listProducts(db: ReadableDB, query: string, limit: number): Product[] {
  const rows = db
    .prepare(
      `SELECT id, name, category, price_minor FROM products
       WHERE deleted_at IS NULL AND (? = '' OR instr(lower(name), lower(?)) > 0)
       ORDER BY name LIMIT ?`,
    )
    .all(query, query, limit) as ProductRow[];
  return rows.map(toProduct);
}

export function findProductByName(db: ReadableDB, name: string): Product | null {
  const row = db
    .prepare(
      `SELECT id, name, category, price_minor FROM products WHERE deleted_at IS NULL AND lower(name) = lower(?) LIMIT 1`,
    )
    .get(name) as ProductRow | undefined;
  return row ? toProduct(row) : null;
}

export function insertProduct(
  db: WritableDB,
  product: { name: string; category: string; priceMinor: number | null },
  at: string,
): Product {
  const id = newId();
  db.prepare(
    `INSERT INTO products (id, name, category, price_minor, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(id, product.name, product.category, product.priceMinor, at, at);
  return { id, name: product.name, category: product.category, priceMinor: product.priceMinor };
}
