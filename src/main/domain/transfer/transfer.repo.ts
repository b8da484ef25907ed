/** All SQL of import and export. */
import type { Statement } from 'better-sqlite3';
import type { ReadableDB, WritableDB } from '../../db/connection';

export interface CustomerKeyRow {
  id: string;
  name: string;
  member_no: string | null;
  phone: string | null;
  email: string | null;
}

/** Live customers (not deleted, merged or erased): the only ones an import may match. */
export function listCustomerKeys(db: ReadableDB): CustomerKeyRow[] {
  return db
    .prepare(
      `SELECT id, name, member_no, phone, email FROM customers
       WHERE deleted_at IS NULL AND merged_into IS NULL AND erased_at IS NULL`,
    )
    .all() as CustomerKeyRow[];
}

export interface CustomerRecord {
  id: string;
  kind: string;
  name: string;
  member_no: string | null;
  phone: string | null;
  phone_digits: string | null;
  phone2: string | null;
  email: string | null;
  wechat: string | null;
  gender: string | null;
  birthday: string | null;
  address: string | null;
  source: string | null;
  referred_by: string | null;
  company_name: string | null;
  industry: string | null;
  company_size: string | null;
  contact_person: string | null;
  contact_title: string | null;
  notes: string | null;
  credit_rating: string | null;
  credit_limit_minor: number | null;
  created_at: string;
}

type ImportStatementName =
  | 'customerById'
  | 'insertCustomer'
  | 'insertMinimalCustomer'
  | 'insertChange'
  | 'tagByName'
  | 'insertTag'
  | 'linkTag'
  | 'latestConsent'
  | 'insertConsent'
  | 'insertPurchase'
  | 'insertLine';

/** Prepared statements of one import, built once per import (never per row). */
export function importStatements(db: WritableDB): Record<ImportStatementName, Statement> {
  return {
    customerById: db.prepare(`SELECT * FROM customers WHERE id = ?`),
    insertCustomer: db.prepare(
      `INSERT INTO customers (id, kind, name, name_pinyin, name_initials, member_no, phone, phone_digits, phone2,
         email, wechat, gender, birthday, address, source, referred_by, company_name, industry, company_size,
         contact_person, contact_title, notes, credit_rating, credit_limit_minor, created_at, updated_at)
       VALUES (@id, @kind, @name, @name_pinyin, @name_initials, @member_no, @phone, @phone_digits, @phone2,
         @email, @wechat, @gender, @birthday, @address, @source, @referred_by, @company_name, @industry,
         @company_size, @contact_person, @contact_title, @notes, @credit_rating, @credit_limit_minor,
         @created_at, @updated_at)`,
    ),
    insertMinimalCustomer: db.prepare(
      `INSERT INTO customers (id, name, name_pinyin, name_initials, member_no, phone, phone_digits, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertChange: db.prepare(
      `INSERT INTO customer_changes (id, customer_id, change_set, changed_at, actor_role, field, old_value, new_value)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    tagByName: db.prepare(`SELECT id FROM tags WHERE name = ? AND deleted_at IS NULL`).pluck(),
    insertTag: db.prepare(`INSERT INTO tags (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)`),
    linkTag: db.prepare(
      `INSERT OR IGNORE INTO customer_tags (customer_id, tag_id, created_at) VALUES (?, ?, ?)`,
    ),
    latestConsent: db
      .prepare(
        `SELECT granted FROM consents WHERE customer_id = ? AND channel = ?
         ORDER BY recorded_at DESC, id DESC LIMIT 1`,
      )
      .pluck(),
    insertConsent: db.prepare(
      `INSERT INTO consents (id, customer_id, channel, granted, recorded_at, source, created_at)
       VALUES (?, ?, ?, ?, ?, 'import', ?)`,
    ),
    /** The unique index on external_ref makes a re-imported receipt a no-op (changes = 0). */
    insertPurchase: db.prepare(
      `INSERT OR IGNORE INTO purchases (id, customer_id, purchased_at, total_minor, discount_minor, is_return,
         payment_method, channel, staff, note, external_ref, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertLine: db.prepare(
      `INSERT INTO purchase_lines (id, purchase_id, product_id, product_name, category, quantity, amount_minor,
         discount_minor, created_at)
       VALUES (?, ?, NULL, ?, ?, ?, ?, ?, ?)`,
    ),
  };
}
export type ImportStatements = Record<ImportStatementName, Statement>;

// Channels are a fixed list (the consents CHECK constraint), so inlining them is not injection.
const CONSENT_CHANNELS = ['sms', 'wechat', 'email', 'phone'] as const;

export interface ExportFilterSql {
  segment?: string;
  tag?: string;
  consentChannel?: 'sms' | 'wechat' | 'email' | 'phone';
  customerIds?: readonly string[];
}

export interface ExportCustomerRow extends CustomerRecord {
  referrer: string | null;
  tags: string | null;
  /** Latest consent per channel: 1 granted, 0 refused, null never asked. */
  consent_sms: number | null;
  consent_wechat: number | null;
  consent_email: number | null;
  consent_phone: number | null;
  segment: string | null;
  lifecycle_stage: string | null;
  value_tier: string | null;
}

export function latestDoneRunId(db: ReadableDB): string | null {
  return (
    (db
      .prepare(`SELECT id FROM local_analysis_runs WHERE status = 'done' ORDER BY finished_at DESC LIMIT 1`)
      .pluck()
      .get() as string | undefined) ?? null
  );
}

/** Live customers matching every given filter, in creation order, with tags, consent and analysis labels. */
export function selectCustomersForExport(
  db: ReadableDB,
  filter: ExportFilterSql,
  runId: string | null,
): ExportCustomerRow[] {
  const where = ['c.deleted_at IS NULL', 'c.merged_into IS NULL', 'c.erased_at IS NULL'];
  const params: Record<string, string> = { run: runId ?? '' };
  if (filter.segment !== undefined) {
    where.push('s.segment = @segment');
    params['segment'] = filter.segment;
  }
  if (filter.tag !== undefined) {
    where.push(`EXISTS (SELECT 1 FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id
      WHERE ct.customer_id = c.id AND t.name = @tag AND t.deleted_at IS NULL)`);
    params['tag'] = filter.tag;
  }
  if (filter.consentChannel !== undefined) {
    where.push(`(SELECT granted FROM consents k WHERE k.customer_id = c.id AND k.channel = @channel
      ORDER BY recorded_at DESC, id DESC LIMIT 1) = 1`);
    params['channel'] = filter.consentChannel;
  }
  if (filter.customerIds !== undefined) {
    where.push('c.id IN (SELECT value FROM json_each(@ids))');
    params['ids'] = JSON.stringify(filter.customerIds);
  }
  return db
    .prepare(
      `SELECT c.*,
         (SELECT COALESCE(r.member_no, r.name) FROM customers r WHERE r.id = c.referred_by) AS referrer,
         (SELECT group_concat(name, char(31)) FROM (SELECT t.name FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id
            WHERE ct.customer_id = c.id AND t.deleted_at IS NULL ORDER BY t.name)) AS tags,
         ${CONSENT_CHANNELS.map(
           (
             channel,
           ) => `(SELECT granted FROM consents k WHERE k.customer_id = c.id AND k.channel = '${channel}'
              ORDER BY k.recorded_at DESC, k.id DESC LIMIT 1) AS consent_${channel}`,
         ).join(',\n')},
         s.segment, s.lifecycle_stage, s.value_tier
       FROM customers c
       LEFT JOIN local_analysis_snapshot s ON s.run_id = @run AND s.customer_id = c.id
       WHERE ${where.join(' AND ')}
       ORDER BY c.created_at, c.id`,
    )
    .all(params) as ExportCustomerRow[];
}
