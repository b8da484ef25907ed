import type { Statement } from 'better-sqlite3';
import type { WritableDB } from '../../db/connection';
import { BasketIds } from '../sales/basket-ids.repo';

/**
 * The INSERTs of the demo shop generator, prepared once and run with
 * positional parameters (no per-row objects): the generator writes millions
 * of rows and better-sqlite3's named-parameter binding is measurably slower.
 */
export interface DemoRepo {
  readonly insertProduct: Statement<
    [
      id: string,
      name: string,
      category: string,
      sku: string,
      price: number,
      cost: number,
      createdAt: string,
      updatedAt: string,
    ]
  >;
  readonly insertTag: Statement<
    [id: string, name: string, color: string, createdAt: string, updatedAt: string]
  >;
  readonly insertCustomer: Statement<CustomerRow>;
  readonly insertCustomerTag: Statement<[customerId: string, tagId: string, createdAt: string]>;
  readonly insertConsent: Statement<
    [
      id: string,
      customerId: string,
      channel: string,
      granted: number,
      recordedAt: string,
      source: string,
      createdAt: string,
    ]
  >;
  readonly insertPurchase: Statement<PurchaseRow>;
  readonly basketIds: BasketIds;
  readonly insertPurchaseLine: Statement<PurchaseLineRow>;
  readonly insertInteraction: Statement<InteractionRow>;
  readonly insertComplaint: Statement<ComplaintRow>;
  readonly insertComplaintEvent: Statement<
    [
      id: string,
      complaintId: string,
      fromStatus: string | null,
      toStatus: string,
      at: string,
      actorRole: string,
      note: string,
    ]
  >;
  readonly insertReminder: Statement<ReminderRow>;
  readonly insertCampaign: Statement<
    [
      id: string,
      name: string,
      channel: string,
      startedAt: string,
      endedAt: string,
      offer: string,
      createdAt: string,
      updatedAt: string,
    ]
  >;
  readonly insertCampaignContact: Statement<
    [
      id: string,
      campaignId: string,
      customerId: string,
      sentAt: string,
      response: string,
      respondedAt: string | null,
      createdAt: string,
      updatedAt: string,
    ]
  >;
  readonly insertCustomerCost: Statement<
    [
      id: string,
      customerId: string,
      occurredAt: string,
      kind: string,
      amount: number,
      note: string,
      createdAt: string,
      updatedAt: string,
    ]
  >;
}

export type CustomerRow = [
  id: string,
  kind: 'person' | 'organization',
  name: string,
  namePinyin: string,
  nameInitials: string,
  memberNo: string | null,
  phone: string | null,
  phoneDigits: string | null,
  phone2: string | null,
  email: string | null,
  wechat: string | null,
  gender: string | null,
  birthday: string | null,
  address: string | null,
  source: string,
  referredBy: string | null,
  organizationId: string | null,
  position: string | null,
  companyName: string | null,
  industry: string | null,
  companySize: string | null,
  contactPerson: string | null,
  contactTitle: string | null,
  notes: string | null,
  creditRating: string | null,
  creditLimitMinor: number | null,
  createdAt: string,
  updatedAt: string,
  deletedAt: string | null,
];

export type PurchaseRow = [
  id: string,
  customerId: string,
  purchasedAt: string,
  totalMinor: number,
  discountMinor: number,
  isReturn: number,
  paymentMethod: string,
  channel: string,
  staff: string,
  note: string | null,
  createdAt: string,
  updatedAt: string,
  /**
   * The basket columns (basketColumnsOf) and the basket's number (BasketIds): the seed suspends the
   * purchases and purchase_lines triggers that keep them.
   */
  basketProducts: string | null,
  basketCategories: string | null,
  basketId: number | null,
];

export type PurchaseLineRow = [
  id: string,
  purchaseId: string,
  productId: string,
  productName: string,
  category: string,
  quantity: number,
  amountMinor: number,
  discountMinor: number,
  createdAt: string,
];

export type InteractionRow = [
  id: string,
  customerId: string,
  occurredAt: string,
  channel: string,
  direction: string,
  staff: string,
  summary: string,
  satisfaction: number | null,
  recommend: number | null,
  createdAt: string,
  updatedAt: string,
];

export type ComplaintRow = [
  id: string,
  customerId: string,
  interactionId: string,
  receivedAt: string,
  channel: string,
  description: string,
  cause: string | null,
  status: string,
  resolution: string | null,
  resolvedAt: string | null,
  followedUpAt: string | null,
  followupSatisfaction: number | null,
  staff: string,
  createdAt: string,
  updatedAt: string,
];

export type ReminderRow = [
  id: string,
  customerId: string,
  kind: string,
  dueAt: string,
  title: string,
  note: string | null,
  sourceId: string | null,
  doneAt: string | null,
  createdAt: string,
  updatedAt: string,
];

export function prepareDemoRepo(db: WritableDB): DemoRepo {
  return {
    insertProduct: db.prepare(
      `INSERT INTO products (id, name, category, sku, price_minor, cost_minor, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertTag: db.prepare(
      `INSERT INTO tags (id, name, color, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
    ),
    insertCustomer: db.prepare(
      `INSERT INTO customers (id, kind, name, name_pinyin, name_initials, member_no, phone, phone_digits, phone2,
         email, wechat, gender, birthday, address, source, referred_by, organization_id, position, company_name,
         industry, company_size, contact_person, contact_title, notes, credit_rating, credit_limit_minor,
         created_at, updated_at, deleted_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertCustomerTag: db.prepare(
      `INSERT INTO customer_tags (customer_id, tag_id, created_at) VALUES (?, ?, ?)`,
    ),
    insertConsent: db.prepare(
      `INSERT INTO consents (id, customer_id, channel, granted, recorded_at, source, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertPurchase: db.prepare(
      `INSERT INTO purchases (id, customer_id, purchased_at, total_minor, discount_minor, is_return, payment_method,
         channel, staff, note, created_at, updated_at, basket_products, basket_categories, basket_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    basketIds: new BasketIds(db),
    insertPurchaseLine: db.prepare(
      `INSERT INTO purchase_lines (id, purchase_id, product_id, product_name, category, quantity, amount_minor,
         discount_minor, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertInteraction: db.prepare(
      `INSERT INTO interactions (id, customer_id, occurred_at, channel, direction, staff, summary, satisfaction,
         recommend, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertComplaint: db.prepare(
      `INSERT INTO complaints (id, customer_id, interaction_id, received_at, channel, description, cause, status,
         resolution, resolved_at, followed_up_at, followup_satisfaction, staff, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertComplaintEvent: db.prepare(
      `INSERT INTO complaint_events (id, complaint_id, from_status, to_status, at, actor_role, note)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertReminder: db.prepare(
      `INSERT INTO reminders (id, customer_id, kind, due_at, title, note, source_id, done_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertCampaign: db.prepare(
      `INSERT INTO campaigns (id, name, channel, started_at, ended_at, offer, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertCampaignContact: db.prepare(
      `INSERT INTO campaign_contacts (id, campaign_id, customer_id, sent_at, response, responded_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertCustomerCost: db.prepare(
      `INSERT INTO customer_costs (id, customer_id, occurred_at, kind, amount_minor, note, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
  };
}

/** Rows already in the shop's customer and purchase tables; the demo only fills an empty shop. */
export function countExistingShopRows(db: WritableDB): number {
  const row = db
    .prepare<[], { n: number }>(
      `SELECT (SELECT count(*) FROM customers) + (SELECT count(*) FROM purchases) AS n`,
    )
    .get();
  return row?.n ?? 0;
}

/** Temporarily enlarges SQLite's page cache for the bulk load; returns the previous setting to restore. */
export function setCacheSizeKib(db: WritableDB, kib: number): number {
  const previous = db.pragma('cache_size', { simple: true }) as number;
  db.pragma(`cache_size = ${-Math.abs(Math.round(kib))}`);
  return previous;
}

export function restoreCacheSize(db: WritableDB, previous: number): void {
  db.pragma(`cache_size = ${Math.round(previous)}`);
}

/**
 * Runs a bulk load with the tables' secondary indexes dropped, then creates
 * them again from their own stored definitions (sqlite_master), so the schema
 * comes out exactly as the migrations made it. Must run inside a transaction:
 * a failure rolls the drop back with everything else. `keepUnique` leaves UNIQUE indexes in place
 * for a load that relies on them (an import's INSERT OR IGNORE on receipt numbers).
 */
export function withSecondaryIndexesRebuilt<T>(
  db: WritableDB,
  tables: readonly string[],
  load: () => T,
  options: { keepUnique?: boolean } = {},
): T {
  if (!db.inTransaction) throw new Error('withSecondaryIndexesRebuilt must run inside a transaction');
  const indexes = db
    .prepare<string[], { name: string; sql: string }>(
      `SELECT name, sql FROM sqlite_master
       WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${tables.map(() => '?').join(', ')})
       ORDER BY name`,
    )
    .all(...tables)
    .filter((index) => !(options.keepUnique && /^CREATE\s+UNIQUE\b/i.test(index.sql)));
  for (const index of indexes) db.exec(`DROP INDEX "${index.name.replace(/"/g, '""')}"`);
  const result = load();
  for (const index of indexes) db.exec(index.sql);
  return result;
}

/**
 * Runs a bulk load with the triggers on the given tables dropped, then creates them again from
 * their stored definitions. The caller rebuilds whatever those triggers maintain. Must run
 * inside a transaction, like withSecondaryIndexesRebuilt.
 */
export function withTriggersSuspended<T>(db: WritableDB, tables: readonly string[], load: () => T): T {
  if (!db.inTransaction) throw new Error('withTriggersSuspended must run inside a transaction');
  const triggers = db
    .prepare<string[], { name: string; sql: string }>(
      `SELECT name, sql FROM sqlite_master
       WHERE type = 'trigger' AND tbl_name IN (${tables.map(() => '?').join(', ')})
       ORDER BY name`,
    )
    .all(...tables);
  for (const trigger of triggers) db.exec(`DROP TRIGGER "${trigger.name.replace(/"/g, '""')}"`);
  const result = load();
  for (const trigger of triggers) db.exec(trigger.sql);
  return result;
}
