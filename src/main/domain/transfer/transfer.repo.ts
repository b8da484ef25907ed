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

/**
 * What the loyalty triggers on purchases do per row (migration 0005), done once for a load that
 * ran with those triggers suspended: without it, the stored loyalty figures would still count as
 * current after an import added purchases.
 */
export function markPurchasesChanged(db: WritableDB): void {
  db.prepare(`UPDATE loyalty_data_version SET version = version + 1 WHERE id = 1`).run();
}

/** Every customer row (the size an index rebuild would read), not only live ones. */
export function countCustomers(db: ReadableDB): number {
  return db.prepare(`SELECT count(*) FROM customers`).pluck().get() as number;
}

export function countPurchases(db: ReadableDB): number {
  return db.prepare(`SELECT count(*) FROM purchases`).pluck().get() as number;
}

/** The consents CHECK constraint's channels. */
type ConsentChannel = 'sms' | 'wechat' | 'email' | 'phone';

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

/** Which parts of an export row the chosen columns need; the rest is never read. */
export interface ExportRowParts {
  referrer: boolean;
  tags: boolean;
  consent: boolean;
  labels: boolean;
}

/** Customer columns of an export row, in the order of the raw SELECT below. */
const EXPORT_CUSTOMER_COLUMNS = [
  'id',
  'kind',
  'name',
  'member_no',
  'phone',
  'phone_digits',
  'phone2',
  'email',
  'wechat',
  'gender',
  'birthday',
  'address',
  'source',
  'referred_by',
  'company_name',
  'industry',
  'company_size',
  'contact_person',
  'contact_title',
  'notes',
  'credit_rating',
  'credit_limit_minor',
  'created_at',
] as const satisfies readonly (keyof CustomerRecord)[];

/** The customer columns above, then referrer, segment, lifecycle stage and value tier. */
type RawExportRow = (string | number | null)[];

/**
 * Live customers matching every given filter, in creation order, with tags, consent and analysis
 * labels.
 *
 * Shaped for 100k rows (measured on the 100k seed, see `bench export`): customers are read with
 * `.raw()` and turned into objects here (better-sqlite3 building a 30-key object per row cost more
 * than the query), only the named columns (`c.*` also computes the virtual phone_rev), tags and
 * consents in one ordered pass each instead of five correlated subqueries per customer, and the
 * analysis labels in one sequential pass too.
 */
export function selectCustomersForExport(
  db: ReadableDB,
  filter: ExportFilterSql,
  runId: string | null,
  parts: ExportRowParts = { referrer: true, tags: true, consent: true, labels: true },
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
  // Filtering by segment needs the join (served by the (run_id, segment) index); otherwise the
  // labels come from one sequential pass over the run's snapshot rows, which reads far fewer
  // pages than a lookup per customer (a snapshot row is ~4 KiB of JSON, about a page each).
  const joinLabels = filter.segment !== undefined;
  // Read in table order and sorted here: walking the created_at index fetches each row out of
  // order (1.0 s vs 0.6 s with the sort, measured on the 100k seed). Timestamps and ids are ASCII,
  // so comparing JS strings orders them exactly as SQLite's BINARY collation would.
  const raw = db
    .prepare(
      `SELECT ${EXPORT_CUSTOMER_COLUMNS.map((column) => `c.${column}`).join(', ')},
         NULL,
         ${joinLabels ? 's.segment, s.lifecycle_stage, s.value_tier' : 'NULL, NULL, NULL'}
       FROM customers c
       ${joinLabels ? 'LEFT JOIN local_analysis_snapshot s ON s.run_id = @run AND s.customer_id = c.id' : ''}
       WHERE ${where.join(' AND ')}`,
    )
    .raw()
    .all(params) as RawExportRow[];
  raw.sort(byCreationOrder);
  if (parts.referrer) fillReferrers(db, raw);
  const labels =
    parts.labels && !joinLabels && runId !== null
      ? labelsByCustomer(db, runId)
      : new Map<string, RawLabels>();
  const tags = parts.tags ? tagsByCustomer(db) : new Map<string, string>();
  const consents = parts.consent ? latestConsentsByCustomer(db) : new Map<string, ConsentAnswers>();
  return raw.map((row) => {
    const id = row[0] as string;
    const consent = consents.get(id);
    const label = labels.get(id);
    return {
      id,
      kind: row[1] as string,
      name: row[2] as string,
      member_no: row[3] as string | null,
      phone: row[4] as string | null,
      phone_digits: row[5] as string | null,
      phone2: row[6] as string | null,
      email: row[7] as string | null,
      wechat: row[8] as string | null,
      gender: row[9] as string | null,
      birthday: row[10] as string | null,
      address: row[11] as string | null,
      source: row[12] as string | null,
      referred_by: row[13] as string | null,
      company_name: row[14] as string | null,
      industry: row[15] as string | null,
      company_size: row[16] as string | null,
      contact_person: row[17] as string | null,
      contact_title: row[18] as string | null,
      notes: row[19] as string | null,
      credit_rating: row[20] as string | null,
      credit_limit_minor: row[21] as number | null,
      created_at: row[22] as string,
      referrer: row[23] as string | null,
      tags: tags.get(id) ?? null,
      consent_sms: consent?.sms ?? null,
      consent_wechat: consent?.wechat ?? null,
      consent_email: consent?.email ?? null,
      consent_phone: consent?.phone ?? null,
      segment: label ? label[0] : (row[24] as string | null),
      lifecycle_stage: label ? label[1] : (row[25] as string | null),
      value_tier: label ? label[2] : (row[26] as string | null),
    };
  });
}

const ID = EXPORT_CUSTOMER_COLUMNS.indexOf('id');
const MEMBER_NO = EXPORT_CUSTOMER_COLUMNS.indexOf('member_no');
const NAME = EXPORT_CUSTOMER_COLUMNS.indexOf('name');
const REFERRED_BY = EXPORT_CUSTOMER_COLUMNS.indexOf('referred_by');
const CREATED_AT = EXPORT_CUSTOMER_COLUMNS.indexOf('created_at');
const REFERRER = EXPORT_CUSTOMER_COLUMNS.length;

function byCreationOrder(a: RawExportRow, b: RawExportRow): number {
  const createdA = a[CREATED_AT] as string;
  const createdB = b[CREATED_AT] as string;
  if (createdA !== createdB) return createdA < createdB ? -1 : 1;
  const idA = a[ID] as string;
  const idB = b[ID] as string;
  return idA < idB ? -1 : idA > idB ? 1 : 0;
}

/**
 * The referrer column (member number, else name) from the rows already read: a self-join cost
 * ~0.35 s at 100k. Referrers outside the rows (filtered out, in the bin, merged or erased) are
 * looked up in one query, as the join would have found them.
 */
function fillReferrers(db: ReadableDB, rows: RawExportRow[]): void {
  const labelById = new Map<string, string | null>();
  for (const row of rows) labelById.set(row[ID] as string, (row[MEMBER_NO] ?? row[NAME]) as string | null);
  const missing = new Set<string>();
  for (const row of rows) {
    const referrer = row[REFERRED_BY] as string | null;
    if (referrer !== null && !labelById.has(referrer)) missing.add(referrer);
  }
  if (missing.size > 0) {
    const found = db
      .prepare(
        `SELECT id, COALESCE(member_no, name) FROM customers WHERE id IN (SELECT value FROM json_each(?))`,
      )
      .raw()
      .all(JSON.stringify([...missing])) as [string, string | null][];
    for (const [id, label] of found) labelById.set(id, label);
  }
  for (const row of rows) {
    const referrer = row[REFERRED_BY] as string | null;
    row[REFERRER] = referrer === null ? null : (labelById.get(referrer) ?? null);
  }
}

type RawLabels = [segment: string | null, lifecycleStage: string | null, valueTier: string | null];

function labelsByCustomer(db: ReadableDB, runId: string): Map<string, RawLabels> {
  const rows = db
    .prepare(
      `SELECT customer_id, segment, lifecycle_stage, value_tier FROM local_analysis_snapshot WHERE run_id = ?`,
    )
    .raw()
    .all(runId) as [string, string | null, string | null, string | null][];
  const labels = new Map<string, RawLabels>();
  for (const [customerId, segment, lifecycleStage, valueTier] of rows)
    labels.set(customerId, [segment, lifecycleStage, valueTier]);
  return labels;
}

/** Live tag names of every tagged customer, sorted and joined with U+001F, in one pass. */
function tagsByCustomer(db: ReadableDB): Map<string, string> {
  const rows = db
    .prepare(
      `SELECT ct.customer_id, group_concat(t.name, char(31) ORDER BY t.name)
       FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id
       WHERE t.deleted_at IS NULL GROUP BY ct.customer_id`,
    )
    .raw()
    .all() as [string, string][];
  return new Map(rows);
}

type ConsentAnswers = Partial<Record<ConsentChannel, number>>;

/** The latest answer per customer and channel, from one ordered scan (the last row of each pair wins). */
function latestConsentsByCustomer(db: ReadableDB): Map<string, ConsentAnswers> {
  const answers = new Map<string, ConsentAnswers>();
  const rows = db
    .prepare(
      `SELECT customer_id, channel, granted FROM consents ORDER BY customer_id, channel, recorded_at, id`,
    )
    .raw()
    .all() as [string, ConsentChannel, number][];
  for (const [customerId, channel, granted] of rows) {
    let entry = answers.get(customerId);
    if (entry === undefined) {
      entry = {};
      answers.set(customerId, entry);
    }
    entry[channel] = granted;
  }
  return answers;
}
