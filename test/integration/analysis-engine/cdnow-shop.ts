/**
 * Loads CDNOW_sample.txt into a Patron shop file directly with the writer, the way an import would
 * store it: one customer per CDNOW ID (member_no = the ID), one purchase per line at local noon of
 * its date in the shop's time zone, total in cents. Same-day purchases stay separate rows; the
 * analysis merges them into one visit.
 */
import type { WritableDB } from '../../../src/main/db/connection';
import { newId } from '../../../src/main/db/ids';
import { epochDayFromDate } from '../../../src/main/analysis/dates';
import { localNoonUtcIso } from '../../../src/main/domain/analysis/local-day';
import type { CdnowPurchase } from '../../unit/analysis/reference-data';

export function insertCdnowPurchases(db: WritableDB, purchases: readonly CdnowPurchase[], timeZone: string): void {
  const now = new Date().toISOString();
  const insertCustomer = db.prepare(
    `INSERT INTO customers (id, name, member_no, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
  );
  const insertPurchase = db.prepare(
    `INSERT INTO purchases (id, customer_id, purchased_at, total_minor, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const customerIds = new Map<number, string>();
  const noonByDate = new Map<string, string>();
  db.transaction(() => {
    for (const purchase of purchases) {
      let customerId = customerIds.get(purchase.customerId);
      if (!customerId) {
        customerId = newId();
        customerIds.set(purchase.customerId, customerId);
        insertCustomer.run(customerId, `CDNOW ${purchase.customerId}`, String(purchase.customerId), now, now);
      }
      let at = noonByDate.get(purchase.date);
      if (!at) {
        at = localNoonUtcIso(epochDayFromDate(purchase.date), timeZone);
        noonByDate.set(purchase.date, at);
      }
      insertPurchase.run(newId(), customerId, at, purchase.cents, now, now);
    }
  })();
}

/** The CSV the importer takes (customer_code,date,amount), one row per line of the sample. */
export function cdnowCsv(purchases: readonly CdnowPurchase[]): string {
  const rows = purchases.map(
    (p) => `${p.customerId},${p.date.slice(0, 4)}-${p.date.slice(4, 6)}-${p.date.slice(6, 8)},${(p.cents / 100).toFixed(2)}`,
  );
  return ['customer_code,date,amount', ...rows].join('\n') + '\n';
}
