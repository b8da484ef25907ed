import type { ReadableDB, WritableDB } from '../../db/connection';
import { spacedName } from '../../db/migrations/0002-customer-search';
import { withSecondaryIndexesRebuilt } from '../demo/demo.repo';
import type {
  BinEntry,
  Customer,
  CustomerHit,
  CustomerKind,
  CustomerRow,
  EditableField,
  HistoryEntry,
  ListFilters,
  ListSort,
  SearchMatch,
  TagRef,
} from '../../../shared/contract/customers';

/** Database column of each editable field. */
export const fieldColumns: Readonly<Record<EditableField, string>> = {
  kind: 'kind',
  name: 'name',
  phone: 'phone',
  phone2: 'phone2',
  email: 'email',
  memberNo: 'member_no',
  wechat: 'wechat',
  gender: 'gender',
  birthday: 'birthday',
  address: 'address',
  source: 'source',
  notes: 'notes',
  organizationId: 'organization_id',
  position: 'position',
  companyName: 'company_name',
  industry: 'industry',
  companySize: 'company_size',
  contactPerson: 'contact_person',
  contactTitle: 'contact_title',
};

export type ColumnValues = Record<string, string | number | null>;

interface CustomerDbRow {
  id: string;
  kind: CustomerKind;
  name: string;
  phone: string | null;
  phone2: string | null;
  email: string | null;
  member_no: string | null;
  wechat: string | null;
  gender: Customer['gender'];
  birthday: string | null;
  address: string | null;
  source: Customer['source'];
  notes: string | null;
  organization_id: string | null;
  organization_name: string | null;
  position: string | null;
  company_name: string | null;
  industry: string | null;
  company_size: string | null;
  contact_person: string | null;
  contact_title: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  merged_into: string | null;
}

/** Active = neither in the recycle bin nor merged into another record. */
const ACTIVE = 'c.deleted_at IS NULL AND c.merged_into IS NULL';

export function readCustomer(db: ReadableDB, id: string): Customer | undefined {
  const row = db
    .prepare(
      `SELECT c.*, o.name AS organization_name FROM customers c
       LEFT JOIN customers o ON o.id = c.organization_id
       WHERE c.id = ? AND c.erased_at IS NULL`,
    )
    .get(id) as CustomerDbRow | undefined;
  if (!row) return undefined;
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    phone: row.phone,
    phone2: row.phone2,
    email: row.email,
    memberNo: row.member_no,
    wechat: row.wechat,
    gender: row.gender,
    birthday: row.birthday,
    address: row.address,
    source: row.source,
    notes: row.notes,
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    position: row.position,
    companyName: row.company_name,
    industry: row.industry,
    companySize: row.company_size,
    contactPerson: row.contact_person,
    contactTitle: row.contact_title,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
    mergedInto: row.merged_into,
    tags: tagsOf(db, [row.id]).get(row.id) ?? [],
  };
}

/** The raw column values of the editable fields (for history and merge undo). */
export function readColumns(db: ReadableDB, id: string): ColumnValues | undefined {
  const columns = Object.values(fieldColumns).join(', ');
  return db.prepare(`SELECT ${columns} FROM customers WHERE id = ?`).get(id) as ColumnValues | undefined;
}

export function insertCustomer(db: WritableDB, id: string, values: ColumnValues, at: string): void {
  const names = Object.keys(values);
  db.prepare(
    `INSERT INTO customers (id, ${names.join(', ')}, created_at, updated_at)
     VALUES (?, ${names.map(() => '?').join(', ')}, ?, ?)`,
  ).run(id, ...names.map((n) => values[n] ?? null), at, at);
}

export function updateColumns(db: WritableDB, id: string, values: ColumnValues, at: string): void {
  const names = Object.keys(values);
  if (names.length === 0) return;
  db.prepare(
    `UPDATE customers SET ${names.map((n) => `${n} = ?`).join(', ')}, updated_at = ? WHERE id = ?`,
  ).run(...names.map((n) => values[n] ?? null), at, id);
}

export function insertChange(
  db: WritableDB,
  change: {
    id: string;
    customerId: string;
    changeSet: string;
    at: string;
    actorRole: string;
    field: string;
    oldValue: string | null;
    newValue: string | null;
  },
): void {
  db.prepare(
    `INSERT INTO customer_changes (id, customer_id, change_set, changed_at, actor_role, field, old_value, new_value)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    change.id,
    change.customerId,
    change.changeSet,
    change.at,
    change.actorRole,
    change.field,
    change.oldValue,
    change.newValue,
  );
}

export function readHistory(db: ReadableDB, customerId: string): HistoryEntry[] {
  return db
    .prepare(
      `SELECT change_set AS changeSet, changed_at AS changedAt, actor_role AS actorRole, field,
              old_value AS oldValue, new_value AS newValue
       FROM customer_changes WHERE customer_id = ? ORDER BY changed_at DESC, id DESC`,
    )
    .all(customerId) as HistoryEntry[];
}

export function tagsOf(db: ReadableDB, customerIds: readonly string[]): Map<string, TagRef[]> {
  const result = new Map<string, TagRef[]>();
  if (customerIds.length === 0) return result;
  const rows = db
    .prepare(
      `SELECT ct.customer_id AS customerId, t.id, t.name, t.color FROM customer_tags ct
       JOIN tags t ON t.id = ct.tag_id
       WHERE ct.customer_id IN (SELECT value FROM json_each(?)) AND t.deleted_at IS NULL
       ORDER BY t.name`,
    )
    .all(JSON.stringify(customerIds)) as (TagRef & { customerId: string })[];
  for (const { customerId, ...tag } of rows) {
    const list = result.get(customerId) ?? [];
    list.push(tag);
    result.set(customerId, list);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Search

/** Upper bound for a prefix range on BINARY-collated text: the largest code point. */
const PREFIX_END = '\u{10FFFF}';

export interface FtsTextRow {
  id: string;
  name: string;
  email: string | null;
  company: string | null;
}

export interface SearchRepo {
  exactPhone(e164: string): string[];
  phoneSuffix(reversedDigits: string, limit: number): string[];
  ftsMatch(matchExpression: string, limit: number): string[];
  ftsText(matchExpression: string, limit: number): FtsTextRow[];
  ftsDigits(matchExpression: string, limit: number): { id: string; phoneDigits: string }[];
  exactName(name: string): string[];
  namePrefix(prefix: string, limit: number): string[];
  pinyinPrefix(prefix: string, limit: number): string[];
  initialsPrefix(prefix: string, limit: number): string[];
  memberNo(memberNo: string): string[];
  tagged(text: string, limit: number): string[];
  lastVisits(ids: readonly string[]): { id: string; lastVisitAt: string | null }[];
  hits(ids: readonly string[]): (Omit<CustomerHit, 'match'> & { lastVisitAt: string | null })[];
}

const searchRepos = new WeakMap<ReadableDB, SearchRepo>();

/** Prepared once per connection: the counter searches on every keystroke. */
export function searchRepo(db: ReadableDB): SearchRepo {
  let repo = searchRepos.get(db);
  if (!repo) {
    repo = prepareSearchRepo(db);
    searchRepos.set(db, repo);
  }
  return repo;
}

function prepareSearchRepo(db: ReadableDB): SearchRepo {
  const pluck = (sql: string) => db.prepare(sql).pluck();
  const exactPhone = pluck(`SELECT id FROM customers c WHERE (phone = ? OR phone2 = ?) AND ${ACTIVE}`);
  const exactPhoneIndexed = pluck(`SELECT id FROM customers c WHERE phone = ? AND ${ACTIVE}`);
  const phoneSuffix = pluck(
    `SELECT id FROM customers c WHERE phone_rev >= ? AND phone_rev < ? AND ${ACTIVE} LIMIT ?`,
  );
  // "Active" comes from the narrow summary row (kept in step by triggers), not the wide
  // customer row: fewer pages to touch for every trigram candidate.
  const fts = pluck(
    `SELECT m.customer_id FROM customer_search_fts f
     JOIN local_customer_search m ON m.fts_rowid = f.rowid
     JOIN local_customer_summary s ON s.customer_id = m.customer_id
     WHERE customer_search_fts MATCH ? AND s.active = 1 LIMIT ?`,
  );
  const ftsText = db.prepare(
    `SELECT m.customer_id AS id, f.name, f.email, f.company FROM customer_search_fts f
     JOIN local_customer_search m ON m.fts_rowid = f.rowid
     JOIN local_customer_summary s ON s.customer_id = m.customer_id
     WHERE customer_search_fts MATCH ? AND s.active = 1 LIMIT ?`,
  );
  const ftsDigits = db.prepare(
    `SELECT m.customer_id AS id, f.phone_digits AS phoneDigits FROM customer_search_fts f
     JOIN local_customer_search m ON m.fts_rowid = f.rowid
     JOIN local_customer_summary s ON s.customer_id = m.customer_id
     WHERE customer_search_fts MATCH ? AND s.active = 1 LIMIT ?`,
  );
  const exactName = pluck(`SELECT id FROM customers c WHERE name = ? AND ${ACTIVE} LIMIT 200`);
  const namePrefix = pluck(`SELECT id FROM customers c WHERE name >= ? AND name < ? AND ${ACTIVE} LIMIT ?`);
  const pinyinPrefix = pluck(
    `SELECT id FROM customers c WHERE name_pinyin >= ? AND name_pinyin < ? AND ${ACTIVE} LIMIT ?`,
  );
  const initialsPrefix = pluck(
    `SELECT id FROM customers c WHERE name_initials >= ? AND name_initials < ? AND ${ACTIVE} LIMIT ?`,
  );
  const memberNo = pluck(`SELECT id FROM customers c WHERE member_no = ? AND ${ACTIVE}`);
  const matchingTags = pluck(
    `SELECT id FROM tags WHERE deleted_at IS NULL AND instr(lower(name), lower(?)) > 0`,
  );
  // Per tag through its index: left to itself the planner walks every tag link.
  const taggedWith = pluck(
    `SELECT ct.customer_id FROM customer_tags ct INDEXED BY customer_tags_tag
     JOIN local_customer_summary s ON s.customer_id = ct.customer_id WHERE ct.tag_id = ? AND s.active = 1 LIMIT ?`,
  );
  const lastVisits = db.prepare(
    `SELECT j.value AS id, s.last_visit_at AS lastVisitAt FROM json_each(?) j
     LEFT JOIN local_customer_summary s ON s.customer_id = j.value`,
  );
  const hits = db.prepare(
    `SELECT c.id, c.kind, c.name, c.phone, c.email, c.member_no AS memberNo, c.company_name AS companyName,
            s.last_visit_at AS lastVisitAt
     FROM json_each(?) j JOIN customers c ON c.id = j.value
     LEFT JOIN local_customer_summary s ON s.customer_id = c.id`,
  );
  return {
    exactPhone: (e164) => {
      // phone2 has no index; looking it up too is only worth it on an exact number.
      const primary = exactPhoneIndexed.all(e164) as string[];
      return primary.length > 0 ? primary : (exactPhone.all(e164, e164) as string[]);
    },
    phoneSuffix: (rev, limit) => phoneSuffix.all(rev, `${rev}:`, limit) as string[],
    ftsMatch: (expr, limit) => fts.all(expr, limit) as string[],
    ftsText: (expr, limit) => ftsText.all(expr, limit) as FtsTextRow[],
    ftsDigits: (expr, limit) => ftsDigits.all(expr, limit) as { id: string; phoneDigits: string }[],
    exactName: (name) => exactName.all(name) as string[],
    namePrefix: (prefix, limit) => namePrefix.all(prefix, prefix + PREFIX_END, limit) as string[],
    pinyinPrefix: (prefix, limit) => pinyinPrefix.all(prefix, prefix + PREFIX_END, limit) as string[],
    initialsPrefix: (prefix, limit) => initialsPrefix.all(prefix, prefix + PREFIX_END, limit) as string[],
    memberNo: (value) => memberNo.all(value) as string[],
    tagged: (text, limit) =>
      (matchingTags.all(text) as string[])
        .flatMap((tagId) => taggedWith.all(tagId, limit) as string[])
        .slice(0, limit),
    lastVisits: (ids) => lastVisits.all(JSON.stringify(ids)) as { id: string; lastVisitAt: string | null }[],
    hits: (ids) =>
      hits.all(JSON.stringify(ids)) as (Omit<CustomerHit, 'match'> & { lastVisitAt: string | null })[],
  };
}

export type { SearchMatch };

// ---------------------------------------------------------------------------------------------
// List

/**
 * How a filter is asked: `set` builds the matching ids once (right for a count and for the
 * summary sorts, which read every candidate anyway); `probe` checks one customer at a time,
 * right for an index walk in list order that stops after one page.
 */
type FilterForm = 'set' | 'probe';

/** A customer whose newest answer on some channel is "yes" (consents are insert-only). */
const CONSENT_GRANTED_SET = `c.id IN (SELECT k.customer_id FROM consents k WHERE k.granted = 1
  AND NOT EXISTS (SELECT 1 FROM consents k2 WHERE k2.customer_id = k.customer_id
  AND k2.channel = k.channel AND k2.recorded_at > k.recorded_at))`;
const CONSENT_GRANTED_PROBE = `EXISTS (SELECT 1 FROM consents k WHERE k.customer_id = c.id AND k.granted = 1
  AND NOT EXISTS (SELECT 1 FROM consents k2 WHERE k2.customer_id = c.id
  AND k2.channel = k.channel AND k2.recorded_at > k.recorded_at))`;

/**
 * Deepest page offset asked in probe form. Measured at 100k customers (195k consents): a probe
 * walk reached the set form's ~0.6 s near 50k probes; 10k rows in at 31 % matching is ~32k.
 */
const PROBE_MAX_OFFSET = 10_000;

/** Conditions on `c` (customers) for the list filters; empty when nothing is filtered. */
function filterSql(
  filters: ListFilters,
  form: FilterForm = 'set',
): { where: string[]; params: (string | number)[] } {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (filters.kind) {
    where.push('c.kind = ?');
    params.push(filters.kind);
  }
  if (filters.tagId) {
    where.push('c.id IN (SELECT customer_id FROM customer_tags WHERE tag_id = ?)');
    params.push(filters.tagId);
  }
  if (filters.segment) {
    where.push(
      `c.id IN (SELECT customer_id FROM local_analysis_snapshot WHERE segment = ? AND run_id =
         (SELECT id FROM local_analysis_runs WHERE status = 'done' ORDER BY finished_at DESC LIMIT 1))`,
    );
    params.push(filters.segment);
  }
  if (filters.birthdayMonth) {
    where.push(`c.birthday IS NOT NULL AND substr(c.birthday, 6, 2) = ?`);
    params.push(String(filters.birthdayMonth).padStart(2, '0'));
  }
  if (filters.openComplaint !== undefined) {
    where.push(
      `c.id ${filters.openComplaint ? '' : 'NOT '}IN (SELECT customer_id FROM complaints
        WHERE deleted_at IS NULL AND status IN ('received', 'cause_analysed', 'in_progress'))`,
    );
  }
  if (filters.consent) {
    // The set form scans every consent (~0.6 s at 100k customers, 195k consents); a page in
    // name order needs only the first 100 matches, a few index probes each.
    const granted = form === 'probe' ? CONSENT_GRANTED_PROBE : CONSENT_GRANTED_SET;
    where.push(filters.consent === 'granted' ? granted : `NOT ${granted}`);
  }
  return { where, params };
}

/**
 * One page of the list in two steps: the page's ids from an index walk (the partial covering
 * indexes make skipping to offset 90,000 a scan of index entries only), then the 100 rows.
 */
export function listPage(
  db: ReadableDB,
  options: {
    sort: ListSort;
    direction: 'asc' | 'desc';
    filters: ListFilters;
    offset: number;
    limit: number;
    withTotal: boolean;
  },
): { total: number | null; rows: CustomerRow[] } {
  const { where, params } = filterSql(options.filters);
  const dir = options.direction === 'desc' ? 'DESC' : 'ASC';
  const bySummary = options.sort === 'last_visit' || options.sort === 'total_spend';
  // Name and created order walk an index and stop after the page: probing each customer there
  // costs about offset ÷ share-matching probes, less than building the set until deep offsets.
  const probe = !bySummary && options.offset <= PROBE_MAX_OFFSET;
  const pageFilter = probe ? filterSql(options.filters, 'probe') : { where, params };
  let idSql: string;
  if (bySummary) {
    const column = options.sort === 'last_visit' ? 's.last_visit_at' : 's.total_spend_minor';
    // Filtered: let the planner start from the (usually small) filtered set and sort it.
    const from =
      where.length > 0
        ? 'customers c CROSS JOIN local_customer_summary s ON s.customer_id = c.id'
        : 'local_customer_summary s';
    idSql = `SELECT s.customer_id FROM ${from} WHERE ${['s.active = 1', ...where].join(' AND ')}
             ORDER BY s.active ${dir}, ${column} ${dir}, s.customer_id ${dir} LIMIT ? OFFSET ?`;
  } else {
    const order =
      options.sort === 'name'
        ? `c.name_pinyin ${dir}, c.name ${dir}, c.id ${dir}`
        : `c.created_at ${dir}, c.id ${dir}`;
    idSql = `SELECT c.id FROM customers c WHERE ${[ACTIVE, ...pageFilter.where].join(' AND ')} ORDER BY ${order} LIMIT ? OFFSET ?`;
  }
  const total = options.withTotal
    ? (db
        .prepare(`SELECT count(*) FROM customers c WHERE ${[ACTIVE, ...where].join(' AND ')}`)
        .pluck()
        .get(...params) as number)
    : null;
  const ids = db
    .prepare(idSql)
    .pluck()
    .all(...pageFilter.params, options.limit, options.offset) as string[];
  const raw = db
    .prepare(
      `SELECT c.id, c.kind, c.name, c.phone, s.last_visit_at AS lastVisitAt,
              coalesce(s.total_spend_minor, 0) AS totalSpendMinor, coalesce(s.visits, 0) AS visits
       FROM json_each(?) j JOIN customers c ON c.id = j.value
       LEFT JOIN local_customer_summary s ON s.customer_id = c.id ORDER BY j.key`,
    )
    .all(JSON.stringify(ids)) as Omit<CustomerRow, 'tags'>[];
  const tags = tagsOf(db, ids);
  return { total, rows: raw.map((r) => ({ ...r, tags: tags.get(r.id) ?? [] })) };
}

export function latestSegments(db: ReadableDB): string[] {
  return db
    .prepare(
      `SELECT DISTINCT segment FROM local_analysis_snapshot WHERE segment IS NOT NULL AND run_id =
         (SELECT id FROM local_analysis_runs WHERE status = 'done' ORDER BY finished_at DESC LIMIT 1)
       ORDER BY segment`,
    )
    .pluck()
    .all() as string[];
}

export function organizations(db: ReadableDB, query: string): CustomerHit[] {
  return db
    .prepare(
      `SELECT c.id, c.kind, c.name, c.phone, c.email, c.member_no AS memberNo, c.company_name AS companyName,
              NULL AS lastVisitAt, 'company' AS match
       FROM customers c WHERE c.kind = 'organization' AND ${ACTIVE}
         AND (? = '' OR instr(lower(c.name), lower(?)) > 0 OR instr(lower(coalesce(c.company_name, '')), lower(?)) > 0)
       ORDER BY c.name_pinyin LIMIT 30`,
    )
    .all(query, query, query) as CustomerHit[];
}

// ---------------------------------------------------------------------------------------------
// Recycle bin

export function setDeleted(db: WritableDB, ids: readonly string[], at: string | null, now: string): number {
  const condition = at === null ? 'deleted_at IS NOT NULL' : 'deleted_at IS NULL';
  return db
    .prepare(
      `UPDATE customers SET deleted_at = ?, updated_at = ?
       WHERE id IN (SELECT value FROM json_each(?)) AND ${condition} AND merged_into IS NULL AND erased_at IS NULL`,
    )
    .run(at, now, JSON.stringify(ids)).changes;
}

export function readBin(db: ReadableDB): BinEntry[] {
  return db
    .prepare(
      `SELECT id, kind, name, phone, deleted_at AS deletedAt FROM customers
       WHERE deleted_at IS NOT NULL AND merged_into IS NULL AND erased_at IS NULL
       ORDER BY deleted_at DESC LIMIT 1000`,
    )
    .all() as BinEntry[];
}

export function binnedIds(db: ReadableDB, ids: readonly string[]): string[] {
  return db
    .prepare(
      `SELECT id FROM customers WHERE id IN (SELECT value FROM json_each(?))
       AND deleted_at IS NOT NULL AND merged_into IS NULL`,
    )
    .pluck()
    .all(JSON.stringify(ids)) as string[];
}

/**
 * Hard-deletes customers and every row that hangs off them, children first (foreign keys are
 * on). Returns the number of rows removed.
 */
export function eraseCustomers(db: WritableDB, ids: readonly string[]): number {
  const list = JSON.stringify(ids);
  const inList = '(SELECT value FROM json_each(?))';
  let rows = 0;
  const run = (sql: string, times = 1): void => {
    rows += db.prepare(sql).run(...Array.from({ length: times }, () => list)).changes;
  };
  run(
    `DELETE FROM purchase_lines WHERE purchase_id IN (SELECT id FROM purchases WHERE customer_id IN ${inList})`,
  );
  run(`DELETE FROM purchases WHERE customer_id IN ${inList}`);
  run(
    `DELETE FROM complaint_events WHERE complaint_id IN (SELECT id FROM complaints WHERE customer_id IN ${inList})`,
  );
  run(`DELETE FROM complaints WHERE customer_id IN ${inList}`);
  run(
    `UPDATE complaints SET interaction_id = NULL WHERE interaction_id IN (SELECT id FROM interactions WHERE customer_id IN ${inList})`,
  );
  run(`DELETE FROM interactions WHERE customer_id IN ${inList}`);
  for (const table of [
    'reminders',
    'consents',
    'customer_tags',
    'customer_changes',
    'campaign_contacts',
    'customer_costs',
  ]) {
    run(`DELETE FROM ${table} WHERE customer_id IN ${inList}`);
  }
  // Snapshot rows are keyed (run_id, customer_id) with no index on the customer alone (0008).
  run(
    `DELETE FROM local_analysis_snapshot WHERE run_id IN (SELECT id FROM local_analysis_runs) AND customer_id IN ${inList}`,
  );
  run(`DELETE FROM customer_merges WHERE survivor_id IN ${inList} OR merged_id IN ${inList}`, 2);
  // Other records only point at them; the pointers go, the records stay.
  db.prepare(`UPDATE customers SET referred_by = NULL WHERE referred_by IN ${inList}`).run(list);
  db.prepare(`UPDATE customers SET organization_id = NULL WHERE organization_id IN ${inList}`).run(list);
  db.prepare(
    `UPDATE customers SET merged_into = NULL, deleted_at = coalesce(deleted_at, updated_at) WHERE merged_into IN ${inList}`,
  ).run(list);
  run(`DELETE FROM customers WHERE id IN ${inList}`);
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Tags

export function listTags(db: ReadableDB): TagRef[] {
  return db
    .prepare(`SELECT id, name, color FROM tags WHERE deleted_at IS NULL ORDER BY name`)
    .all() as TagRef[];
}

export function insertTag(db: WritableDB, tag: TagRef, at: string): void {
  db.prepare(`INSERT INTO tags (id, name, color, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`).run(
    tag.id,
    tag.name,
    tag.color,
    at,
    at,
  );
}

/** Renames and/or recolours a live tag; false when there is no such tag. */
export function updateTag(
  db: WritableDB,
  id: string,
  patch: { name?: string | undefined; color?: string | undefined },
  at: string,
): boolean {
  return (
    db
      .prepare(
        `UPDATE tags SET name = coalesce(?, name), color = coalesce(?, color), updated_at = ? WHERE id = ? AND deleted_at IS NULL`,
      )
      .run(patch.name ?? null, patch.color ?? null, at, id).changes > 0
  );
}

/** Soft-deletes a tag (its name is free again) and takes it off every customer; returns how many. */
export function deleteTag(db: WritableDB, id: string, at: string): number {
  const untagged = db.prepare(`DELETE FROM customer_tags WHERE tag_id = ?`).run(id).changes;
  db.prepare(`UPDATE tags SET deleted_at = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL`).run(
    at,
    at,
    id,
  );
  return untagged;
}

export function tagExists(db: ReadableDB, tagId: string): boolean {
  return db.prepare(`SELECT 1 FROM tags WHERE id = ? AND deleted_at IS NULL`).get(tagId) !== undefined;
}

export function addTag(db: WritableDB, ids: readonly string[], tagId: string, at: string): number {
  return db
    .prepare(
      `INSERT OR IGNORE INTO customer_tags (customer_id, tag_id, created_at)
       SELECT c.id, ?, ? FROM customers c WHERE c.id IN (SELECT value FROM json_each(?)) AND ${ACTIVE}`,
    )
    .run(tagId, at, JSON.stringify(ids)).changes;
}

export function removeTag(db: WritableDB, ids: readonly string[], tagId: string): number {
  return db
    .prepare(`DELETE FROM customer_tags WHERE tag_id = ? AND customer_id IN (SELECT value FROM json_each(?))`)
    .run(tagId, JSON.stringify(ids)).changes;
}

// ---------------------------------------------------------------------------------------------
// Duplicates

export interface DuplicateCandidate {
  id: string;
  name: string;
  name_pinyin: string;
  phone: string | null;
  phone_digits: string | null;
  email: string | null;
}

const CANDIDATE_COLUMNS = 'c.id, c.name, c.name_pinyin, c.phone, c.phone_digits, c.email';

/** Groups of active customers sharing a key; big groups are common names, not duplicates. */
export function duplicateGroups(
  db: ReadableDB,
  key: 'phone' | 'email' | 'name' | 'name_pinyin',
  maxGroup: number,
  only?: DuplicateCandidate,
): DuplicateCandidate[][] {
  const expression = key === 'email' ? 'lower(c.email)' : `c.${key}`;
  const onlyValue = only ? (key === 'email' ? only.email?.toLowerCase() : only[key]) : undefined;
  if (only && (onlyValue === null || onlyValue === undefined || onlyValue === '')) return [];
  const rows = db
    .prepare(
      `WITH keyed AS (
         SELECT ${expression} AS k FROM customers c
         WHERE ${ACTIVE} AND ${expression} IS NOT NULL AND ${expression} != '' ${only ? `AND ${expression} = ?` : ''}
         GROUP BY k HAVING count(*) BETWEEN 2 AND ?
       )
       SELECT keyed.k AS groupKey, ${CANDIDATE_COLUMNS} FROM keyed
       JOIN customers c ON ${expression} = keyed.k AND ${ACTIVE}
       ORDER BY keyed.k, c.created_at`,
    )
    .all(...(only ? [onlyValue, maxGroup] : [maxGroup])) as (DuplicateCandidate & { groupKey: string })[];
  const groups = new Map<string, DuplicateCandidate[]>();
  for (const { groupKey, ...row } of rows) {
    const group = groups.get(groupKey) ?? [];
    group.push(row);
    groups.set(groupKey, group);
  }
  return [...groups.values()];
}

export function duplicateCandidate(db: ReadableDB, id: string): DuplicateCandidate | undefined {
  return db.prepare(`SELECT ${CANDIDATE_COLUMNS} FROM customers c WHERE c.id = ? AND ${ACTIVE}`).get(id) as
    DuplicateCandidate | undefined;
}

// ---------------------------------------------------------------------------------------------
// Merge

/** Tables whose rows belong to one customer and move to the survivor on merge. */
export const movedTables = [
  'purchases',
  'interactions',
  'complaints',
  'reminders',
  'consents',
  'customer_costs',
  'campaign_contacts',
] as const;
export type MovedTable = (typeof movedTables)[number];

export function rowIdsOf(db: ReadableDB, table: MovedTable, customerId: string): string[] {
  return db.prepare(`SELECT id FROM ${table} WHERE customer_id = ?`).pluck().all(customerId) as string[];
}

export function moveRows(db: WritableDB, table: MovedTable, rowIds: readonly string[], to: string): void {
  if (rowIds.length === 0) return;
  db.prepare(`UPDATE ${table} SET customer_id = ? WHERE id IN (SELECT value FROM json_each(?))`).run(
    to,
    JSON.stringify(rowIds),
  );
}

/** Tags of `from` that `to` lacks, added to `to`; returns the added tag ids. */
export function copyMissingTags(db: WritableDB, from: string, to: string, at: string): string[] {
  const missing = db
    .prepare(
      `SELECT tag_id FROM customer_tags WHERE customer_id = ?
       AND tag_id NOT IN (SELECT tag_id FROM customer_tags WHERE customer_id = ?)`,
    )
    .pluck()
    .all(from, to) as string[];
  const insert = db.prepare(`INSERT INTO customer_tags (customer_id, tag_id, created_at) VALUES (?, ?, ?)`);
  for (const tagId of missing) insert.run(to, tagId, at);
  return missing;
}

export function removeTags(db: WritableDB, customerId: string, tagIds: readonly string[]): void {
  db.prepare(
    `DELETE FROM customer_tags WHERE customer_id = ? AND tag_id IN (SELECT value FROM json_each(?))`,
  ).run(customerId, JSON.stringify(tagIds));
}

export function setMergedInto(db: WritableDB, id: string, into: string | null, at: string): void {
  db.prepare(`UPDATE customers SET merged_into = ?, updated_at = ? WHERE id = ?`).run(into, at, id);
}

export interface MergeDbRow {
  id: string;
  survivor_id: string;
  merged_id: string;
  merged_at: string;
  actor_role: string;
  survivor_before: string;
  moved: string;
  undone_at: string | null;
}

export function insertMerge(
  db: WritableDB,
  merge: {
    id: string;
    survivorId: string;
    mergedId: string;
    at: string;
    actorRole: string;
    survivorBefore: unknown;
    moved: unknown;
  },
): void {
  db.prepare(
    `INSERT INTO customer_merges (id, survivor_id, merged_id, merged_at, actor_role, survivor_before, moved, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    merge.id,
    merge.survivorId,
    merge.mergedId,
    merge.at,
    merge.actorRole,
    JSON.stringify(merge.survivorBefore),
    JSON.stringify(merge.moved),
    merge.at,
    merge.at,
  );
}

export function readMerge(db: ReadableDB, id: string): MergeDbRow | undefined {
  return db.prepare(`SELECT * FROM customer_merges WHERE id = ?`).get(id) as MergeDbRow | undefined;
}

export function mergesOf(db: ReadableDB, customerId: string): MergeDbRow[] {
  return db
    .prepare(
      `SELECT * FROM customer_merges WHERE survivor_id = ? OR merged_id = ? ORDER BY merged_at DESC, id DESC`,
    )
    .all(customerId, customerId) as MergeDbRow[];
}

export function markMergeUndone(db: WritableDB, id: string, at: string, role: string): void {
  db.prepare(`UPDATE customer_merges SET undone_at = ?, undone_by_role = ?, updated_at = ? WHERE id = ?`).run(
    at,
    role,
    at,
    id,
  );
}

/**
 * The per-customer summary row (what the triggers of migration 0002 keep current), computed from the
 * tables; `scope` narrows both customers and purchases to a json_each(@ids) list, or is empty for all.
 */
function summaryRowsSql(scope: 'all' | 'ids'): string {
  const purchasesOf = scope === 'ids' ? 'AND customer_id IN (SELECT value FROM json_each(@ids))' : '';
  const customersOf = scope === 'ids' ? 'WHERE c.id IN (SELECT value FROM json_each(@ids))' : '';
  return `INSERT OR REPLACE INTO local_customer_summary (customer_id, active, last_visit_at, total_spend_minor, visits)
    SELECT c.id, c.deleted_at IS NULL AND c.merged_into IS NULL, s.last_visit_at,
           coalesce(s.total_spend_minor, 0), coalesce(s.visits, 0)
    FROM customers c
    LEFT JOIN (
      SELECT customer_id,
             max(CASE WHEN is_return = 0 THEN purchased_at END) AS last_visit_at,
             sum(total_minor) AS total_spend_minor,
             sum(is_return = 0) AS visits
      FROM purchases WHERE deleted_at IS NULL ${purchasesOf} GROUP BY customer_id
    ) s ON s.customer_id = c.id
    ${customersOf}`;
}

/**
 * Recomputes the summary of the given customers: after a bulk load of their purchases with the
 * purchase triggers suspended (the importer), far cheaper than the trigger firings. When they are
 * most of the shop, every summary is recomputed in one pass over the customer-ordered purchase
 * index instead: the same rows (an untouched customer's summary comes out as it was), and cheaper
 * than looking up each id (1M purchases of all 100k customers: 1.2–1.5 s against 1.7–2.0 s, before
 * the index rebuild below).
 */
export function refreshCustomerSummaries(db: WritableDB, customerIds: readonly string[]): void {
  if (customerIds.length === 0) return;
  const customers = db.prepare('SELECT count(*) FROM customers').pluck().get() as number;
  if (customerIds.length * 2 < customers) {
    db.prepare(summaryRowsSql('ids')).run({ ids: JSON.stringify(customerIds) });
    return;
  }
  // Every row is rewritten: the two sort indexes are cheaper built once, sorted, afterwards
  // (0.7 s against 0.8–1.2 s for 100k customers) — inside a transaction, so no reader ever
  // sees the table without them.
  const recompute = (): void => {
    db.exec(summaryRowsSql('all'));
  };
  if (db.inTransaction) withSecondaryIndexesRebuilt(db, ['local_customer_summary'], recompute);
  else recompute();
}

/**
 * Rebuilds the search index and the per-customer summary from the customers and purchases
 * tables, as migration 0002's backfill does. For bulk loads that ran with the triggers that
 * normally keep them current suspended (the demo seeder): one sorted pass instead of a
 * million trigger firings.
 */
export function rebuildSearchAndSummary(db: WritableDB): void {
  db.exec(`
    DELETE FROM customer_search_fts;
    DELETE FROM local_customer_search;
    DELETE FROM local_customer_summary;
    INSERT INTO local_customer_search (customer_id) SELECT id FROM customers ORDER BY rowid;
    INSERT INTO customer_search_fts (rowid, name, name_chars, phone_digits, email, member_no, company)
    SELECT m.fts_rowid, c.name, ${spacedName('c.name')},
           coalesce(c.phone_digits, '') || ' ' || coalesce(replace(replace(c.phone2, '+', ''), ' ', ''), ''),
           c.email, c.member_no, c.company_name
    FROM local_customer_search m JOIN customers c ON c.id = m.customer_id;
    ${summaryRowsSql('all')};
  `);
}
