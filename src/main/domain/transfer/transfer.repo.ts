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
         payment_method, channel, staff, note, external_ref, created_at, updated_at,
         basket_products, basket_categories, basket_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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

/** Every receipt reference already stored, for a load that checks them in memory instead of through the unique index. */
export function listPurchaseRefs(db: ReadableDB): Set<string> {
  const refs = new Set<string>();
  const statement = db
    .prepare<[], string>(`SELECT external_ref FROM purchases WHERE external_ref IS NOT NULL`)
    .pluck();
  for (const ref of statement.iterate()) refs.add(ref);
  return refs;
}

export interface ExportFilterSql {
  segment?: string;
  tag?: string;
  consentChannel?: 'sms' | 'wechat' | 'email' | 'phone';
  customerIds?: readonly string[];
}

export interface ExportCustomerRow extends CustomerRecord {
  referrer: string | null;
  /** Live tag names, sorted and joined with U+001F. */
  tags: string | null;
  /**
   * One yes/no for all four consent channels, as the import sets them: 1 when the latest answer on
   * every channel is granted, 0 when it is refused on every channel, null otherwise (mixed answers
   * or a channel never asked).
   */
  consent: 0 | 1 | null;
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

/** A customer's place in the export's order (`ORDER BY created_at, id`). */
export type ExportSortKey = readonly [createdAt: string, id: string];

/**
 * A contiguous slice of the export's order: the rows after `after` (exclusive) up to `through`
 * (inclusive); null leaves that end open. Slices cut at the same keys cover every row exactly once.
 */
export interface ExportRange {
  readonly after: ExportSortKey | null;
  readonly through: ExportSortKey | null;
}

export const WHOLE_EXPORT: ExportRange = { after: null, through: null };

/**
 * The keys that cut every customer (live or not, ignoring the export's filters: they only need
 * to be roughly even) into `parts` slices of the creation order, read off the covering
 * customers_sort_created index. None when there are fewer than `minCustomersPerPart` per part.
 */
export function exportSplitKeys(db: ReadableDB, parts: number, minCustomersPerPart = 1): ExportSortKey[] {
  const total = db.prepare(`SELECT count(*) FROM customers`).pluck().get() as number;
  if (total < parts * minCustomersPerPart) return [];
  const keyAt = db
    .prepare(`SELECT created_at, id FROM customers ORDER BY created_at, id LIMIT 1 OFFSET ?`)
    .raw();
  const keys: ExportSortKey[] = [];
  for (let part = 1; part < parts; part++) {
    const offset = Math.floor((total * part) / parts) - 1;
    if (offset < 0) continue;
    const key = keyAt.get(offset) as [string, string] | undefined;
    if (key) keys.push(key);
  }
  return keys;
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

type RawExportRow = (string | number | null)[];

/**
 * Live customers matching every given filter, in creation order, with tags, consent and analysis
 * labels, yielded one at a time.
 *
 * Shaped for 100k rows (measured on the 100k seed, see `bench export`). A profile of the export
 * showed the JS side, not SQLite, as the cost: converting millions of column values and then
 * collecting the ones that had been kept alive in an array of 100k rows. So the customers stream
 * from one ordered statement (`.raw().iterate()`, only the named columns: `c.*` also computes the
 * virtual phone_rev) and each row is garbage as soon as its line is written; only small lookups
 * are held: tags and consents (each one ordered pass, not correlated subqueries per customer), the
 * referrers' labels, and the analysis labels (one sequential pass over the run's snapshot rows: a
 * lookup per customer is far slower, because every snapshot row spills to an overflow page and a
 * key search on such a table reads the overflow too).
 */
export function* customersForExport(
  db: ReadableDB,
  filter: ExportFilterSql,
  runId: string | null,
  parts: ExportRowParts = { referrer: true, tags: true, consent: true, labels: true },
  range: ExportRange = WHOLE_EXPORT,
): Generator<ExportCustomerRow> {
  const where = ['c.deleted_at IS NULL', 'c.merged_into IS NULL', 'c.erased_at IS NULL'];
  const params: Record<string, string> = { run: runId ?? '' };
  const rangeWhere: string[] = [];
  if (range.after !== null) {
    rangeWhere.push('(c.created_at, c.id) > (@afterCreated, @afterId)');
    params['afterCreated'] = range.after[0];
    params['afterId'] = range.after[1];
  }
  if (range.through !== null) {
    rangeWhere.push('(c.created_at, c.id) <= (@throughCreated, @throughId)');
    params['throughCreated'] = range.through[0];
    params['throughId'] = range.through[1];
  }
  where.push(...rangeWhere);
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
  // Filtering by segment needs the join (served by the (run_id, segment) index, a few rows);
  // otherwise the labels come from the sequential pass.
  const joinLabels = filter.segment !== undefined;
  const ids = rangeWhere.length === 0 ? null : idBoundsOf(db, rangeWhere, params);
  const labels =
    parts.labels && !joinLabels && runId !== null
      ? labelsByCustomer(db, runId, ids)
      : new Map<string, RawLabels>();
  const tags = parts.tags ? tagsByCustomer(db, ids) : new Map<string, string>();
  const consents = parts.consent ? consentByCustomer(db, ids) : new Map<string, 0 | 1>();
  const referrers = parts.referrer ? referrerLabels(db) : new Map<string, string | null>();
  const rows = db
    .prepare(
      `SELECT ${EXPORT_CUSTOMER_COLUMNS.map((column) => `c.${column}`).join(', ')},
         ${joinLabels ? 's.segment, s.lifecycle_stage, s.value_tier' : 'NULL, NULL, NULL'}
       FROM customers c
       ${joinLabels ? 'LEFT JOIN local_analysis_snapshot s ON s.run_id = @run AND s.customer_id = c.id' : ''}
       WHERE ${where.join(' AND ')}
       ORDER BY c.created_at, c.id`,
    )
    .raw()
    .iterate(params) as IterableIterator<RawExportRow>;
  for (const row of rows) {
    const id = row[0] as string;
    const referredBy = row[13] as string | null;
    const label = labels.get(id);
    yield {
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
      referred_by: referredBy,
      company_name: row[14] as string | null,
      industry: row[15] as string | null,
      company_size: row[16] as string | null,
      contact_person: row[17] as string | null,
      contact_title: row[18] as string | null,
      notes: row[19] as string | null,
      credit_rating: row[20] as string | null,
      credit_limit_minor: row[21] as number | null,
      created_at: row[22] as string,
      referrer: referredBy === null ? null : (referrers.get(referredBy) ?? null),
      tags: tags.get(id) ?? null,
      consent: consents.get(id) ?? null,
      segment: label ? label[0] : (row[23] as string | null),
      lifecycle_stage: label ? label[1] : (row[24] as string | null),
      value_tier: label ? label[2] : (row[25] as string | null),
    };
  }
}

/** A range of customer ids, both ends included. */
interface IdBounds {
  readonly low: string;
  readonly high: string;
}

/** `AND <column> BETWEEN low AND high`, or nothing for the whole export. */
function idClause(column: string, ids: IdBounds | null): string {
  return ids === null ? '' : `AND ${column} BETWEEN @low AND @high`;
}

function idParams(ids: IdBounds | null): Record<string, string> {
  return ids === null ? {} : { low: ids.low, high: ids.high };
}

/**
 * The smallest and largest customer id in a slice of the export's order. The per-customer
 * lookups (labels, tags, consents) are keyed by customer id, so reading only this id range gives a
 * slice what it needs: UUIDv7 ids follow creation time, so for customers made in Patron the range
 * holds little more than the slice's own customers; where created_at was back-dated by an import
 * it is wider, which costs time, never rows.
 */
function idBoundsOf(db: ReadableDB, rangeWhere: readonly string[], params: Record<string, string>): IdBounds {
  const bounds = db
    .prepare(`SELECT min(c.id), max(c.id) FROM customers c WHERE ${rangeWhere.join(' AND ')}`)
    .raw()
    .get(params) as [string | null, string | null];
  // An empty slice: low above high, a range no id falls in.
  return bounds[0] === null || bounds[1] === null
    ? { low: '1', high: '0' }
    : { low: bounds[0], high: bounds[1] };
}

/**
 * The referrer column's label (member number, else name) of every customer someone names as
 * referrer, wherever that customer is now (filtered out, in the bin, merged or erased), as a
 * self-join would find them: ~10k rows at 100k customers, read once instead of a lookup per row.
 */
function referrerLabels(db: ReadableDB): Map<string, string | null> {
  // Driven by the partial referred_by index (only customers who name a referrer), not a scan of
  // every customer.
  const rows = db
    .prepare(
      `SELECT DISTINCT r.id, COALESCE(r.member_no, r.name)
       FROM customers c JOIN customers r ON r.id = c.referred_by
       WHERE c.referred_by IS NOT NULL`,
    )
    .raw()
    .all() as [string, string | null][];
  return new Map(rows);
}

type RawLabels = readonly [segment: string | null, lifecycleStage: string | null, valueTier: string | null];

/**
 * The run's labels per customer. Grouped by label triple in SQL (about 90 groups at 100k), so each
 * distinct triple is one shared array and the ids arrive as a few long strings: half the time of
 * reading 100k rows of four values each (measured on the 100k seed).
 */
function labelsByCustomer(db: ReadableDB, runId: string, ids: IdBounds | null): Map<string, RawLabels> {
  const groups = db
    .prepare(
      `SELECT segment, lifecycle_stage, value_tier, group_concat(customer_id, char(31))
       FROM local_analysis_snapshot WHERE run_id = @run ${idClause('customer_id', ids)}
       GROUP BY segment, lifecycle_stage, value_tier`,
    )
    .raw()
    .all({ run: runId, ...idParams(ids) }) as [string | null, string | null, string | null, string][];
  const labels = new Map<string, RawLabels>();
  for (const [segment, lifecycleStage, valueTier, customerIds] of groups) {
    const triple: RawLabels = [segment, lifecycleStage, valueTier];
    for (const customerId of customerIds.split('\u001f')) labels.set(customerId, triple);
  }
  return labels;
}

/**
 * Live tag names of every tagged customer, sorted (as SQLite orders them) and joined with U+001F.
 * Read as tag ids per customer in primary-key order, with no join and no sort per customer (a
 * group_concat(… ORDER BY name) opened a sorter for each of 61k customers at 100k); the few live
 * tags are ranked by name in SQL once, and each distinct set of tag ids is turned into names once.
 */
function tagsByCustomer(db: ReadableDB, ids: IdBounds | null): Map<string, string> {
  const liveTags = db
    .prepare(`SELECT id, name FROM tags WHERE deleted_at IS NULL ORDER BY name`)
    .raw()
    .all() as [string, string][];
  const rankById = new Map(liveTags.map(([id], rank) => [id, rank]));
  const namesBySet = new Map<string, string | null>();
  const namesOf = (tagIds: string): string | null => {
    let names = namesBySet.get(tagIds);
    if (names === undefined) {
      const ranks = tagIds
        .split('\u001f')
        .map((id) => rankById.get(id))
        .filter((rank): rank is number => rank !== undefined)
        .sort((a, b) => a - b);
      names = ranks.length === 0 ? null : ranks.map((rank) => liveTags[rank]![1]).join('\u001f');
      namesBySet.set(tagIds, names);
    }
    return names;
  };
  const tags = new Map<string, string>();
  const rows = db
    .prepare(
      `SELECT customer_id, group_concat(tag_id, char(31)) FROM customer_tags
       WHERE 1 ${idClause('customer_id', ids)} GROUP BY customer_id`,
    )
    .raw()
    .iterate(idParams(ids)) as IterableIterator<[string, string]>;
  for (const [customerId, tagIds] of rows) {
    const names = namesOf(tagIds);
    if (names !== null) tags.set(customerId, names);
  }
  return tags;
}

/**
 * The one-column consent (see `ExportCustomerRow.consent`) of every customer who has a definite
 * one; customers without one are absent. Only customers asked on all four channels (the CHECK
 * constraint allows no others) can have one, and the covering (customer_id, channel, recorded_at)
 * index finds them without reading the table; the latest answer per channel is then looked up for
 * those few. max(recorded_at || NUL || id) orders exactly as (recorded_at, id) does. Measured on
 * the 100k seed: 6.8k such customers of 83k asked at all, about 5× faster than ranking every
 * answer with a window function.
 */
function consentByCustomer(db: ReadableDB, ids: IdBounds | null): Map<string, 0 | 1> {
  const rows = db
    .prepare(
      `WITH asked_everywhere AS (
         SELECT customer_id FROM consents WHERE 1 ${idClause('customer_id', ids)}
         GROUP BY customer_id HAVING count(DISTINCT channel) = 4)
       SELECT customer_id, CASE WHEN sum(granted) = 4 THEN 1 WHEN sum(granted) = 0 THEN 0 END AS consent
       FROM (SELECT k.customer_id, k.granted, max(k.recorded_at || char(0) || k.id)
             FROM asked_everywhere a JOIN consents k ON k.customer_id = a.customer_id
             GROUP BY k.customer_id, k.channel)
       GROUP BY customer_id
       HAVING consent IS NOT NULL`,
    )
    .raw()
    .all(idParams(ids)) as [string, 0 | 1][];
  return new Map(rows);
}
