import type { ReadableDB, WritableDB } from '../../db/connection';
import { newId } from '../../db/ids';
import { PatronError } from '../../../shared/errors';
import { nameSearchKeys } from '../customers/search-keys';

export const ERASED_CUSTOMER_NAME = '已删除客户 / Erased customer';

/**
 * Columns of `customers` an erasure keeps: the id (purchases point to it), the placeholder name and
 * its search keys, and bookkeeping that says nothing about the person. EVERY other column — also any
 * a later migration adds — is cleared (to NULL, or to its declared default when NOT NULL), so a new
 * personal field cannot silently survive an erasure.
 */
const KEPT_CUSTOMER_COLUMNS: ReadonlySet<string> = new Set([
  'id',
  'kind',
  'name',
  'name_pinyin',
  'name_initials',
  'source',
  'created_at',
  'updated_at',
  'deleted_at',
  'merged_into',
  'erased_at',
]);

/**
 * Free text in rows tied to the person, cleared on erasure; amounts, dates and categories stay so
 * the shop's figures do not change. NOT NULL columns get the given replacement.
 */
const FREE_TEXT: readonly {
  table: string;
  owner: string;
  columns: Readonly<Record<string, string | null>>;
}[] = [
  { table: 'purchases', owner: 'customer_id = @id', columns: { note: null } },
  { table: 'customer_costs', owner: 'customer_id = @id', columns: { note: null } },
  { table: 'interactions', owner: 'customer_id = @id', columns: { summary: '' } },
  { table: 'complaints', owner: 'customer_id = @id', columns: { description: '', resolution: null } },
  {
    table: 'complaint_events',
    owner: 'complaint_id IN (SELECT id FROM complaints WHERE customer_id = @id)',
    columns: { note: null },
  },
  { table: 'reminders', owner: 'customer_id = @id', columns: { title: '—', note: null } },
  // The edit history holds old phone numbers and addresses verbatim.
  { table: 'customer_changes', owner: 'customer_id = @id', columns: { old_value: null, new_value: null } },
  // A merge keeps the survivor's fields from before it (for undo): personal data too.
  { table: 'customer_merges', owner: 'survivor_id = @id OR merged_id = @id', columns: { survivor_before: '{}' } },
];

interface ColumnInfo {
  name: string;
  notnull: number;
  dflt_value: string | null;
  pk: number;
}

function customerColumnsToClear(db: ReadableDB): ColumnInfo[] {
  const columns = db.prepare(`PRAGMA table_info(customers)`).all() as ColumnInfo[];
  return columns.filter((column) => !KEPT_CUSTOMER_COLUMNS.has(column.name) && column.pk === 0);
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Full-text indexes over customers (issue 3 adds one in migration 0002). External-content FTS5
 * tables are rebuilt from the anonymised rows; any FTS5 table with a `customer_id` column has the
 * person's rows deleted. Then each is optimised, so the old tokens leave the index b-tree (whose
 * freed pages `secure_delete` zeroes). Returns the tables touched.
 */
function scrubSearchIndexes(db: WritableDB, customerId: string): string[] {
  const tables = db
    .prepare(
      `SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%USING fts5%'`,
    )
    .all() as { name: string; sql: string }[];
  const touched: string[] = [];
  for (const { name, sql } of tables) {
    const quoted = quoteIdentifier(name);
    const columns = (db.prepare(`PRAGMA table_info(${quoted})`).all() as ColumnInfo[]).map((c) => c.name);
    if (/content\s*=\s*['"]?customers['"]?/i.test(sql)) {
      db.prepare(`INSERT INTO ${quoted}(${quoted}) VALUES ('rebuild')`).run();
    } else if (columns.includes('customer_id')) {
      db.prepare(`DELETE FROM ${quoted} WHERE customer_id = ?`).run(customerId);
    } else {
      continue;
    }
    db.prepare(`INSERT INTO ${quoted}(${quoted}) VALUES ('optimize')`).run();
    touched.push(name);
  }
  return touched;
}

/**
 * Anonymises one customer and their free text. Runs inside the caller's transaction. Returns the
 * number of rows cleared per table. Idempotent, so `reapplyErasures` can run it again.
 */
export function anonymiseCustomer(db: WritableDB, customerId: string, at: string): Record<string, number> {
  const exists = db.prepare(`SELECT 1 FROM customers WHERE id = ?`).pluck().get(customerId);
  if (exists === undefined) throw new PatronError('not_found', 'There is no such customer.', { customerId });
  const keys = nameSearchKeys(ERASED_CUSTOMER_NAME);
  const assignments = customerColumnsToClear(db).map((column) => {
    if (column.notnull === 0) return `${quoteIdentifier(column.name)} = NULL`;
    // A NOT NULL column without a default cannot be cleared safely; it stays (and the test of the
    // raw file will show it if it ever holds personal data).
    return column.dflt_value === null ? null : `${quoteIdentifier(column.name)} = ${column.dflt_value}`;
  });
  const cleared: Record<string, number> = {};
  cleared.customers = db
    .prepare(
      `UPDATE customers SET name = @name, name_pinyin = @pinyin, name_initials = @initials,
         erased_at = COALESCE(erased_at, @at), updated_at = @at
         ${assignments
           .filter((a) => a !== null)
           .map((a) => `, ${a}`)
           .join('')}
       WHERE id = @id`,
    )
    .run({
      id: customerId,
      name: ERASED_CUSTOMER_NAME,
      pinyin: keys.pinyin,
      initials: keys.initials,
      at,
    }).changes;
  for (const { table, owner, columns } of FREE_TEXT) {
    const sets = Object.keys(columns).map((column) => `${quoteIdentifier(column)} = @${column}`);
    const values = Object.fromEntries(Object.entries(columns).map(([column, value]) => [column, value]));
    cleared[table] = db
      .prepare(`UPDATE ${table} SET ${sets.join(', ')} WHERE ${owner}`)
      .run({ id: customerId, ...values }).changes;
  }
  // Consent proofs name the channel and a free-text source; with the person gone they serve nothing.
  cleared.consents = db.prepare(`DELETE FROM consents WHERE customer_id = ?`).run(customerId).changes;
  for (const table of scrubSearchIndexes(db, customerId)) cleared[table] = 1;
  return cleared;
}

export function recordErasure(db: WritableDB, customerId: string, actorRole: string, at: string): void {
  db.prepare(
    `INSERT INTO erasure_ledger (id, customer_id, erased_at, actor_role, created_at) VALUES (?, ?, ?, ?, ?)`,
  ).run(newId(), customerId, at, actorRole, at);
}

export function isErased(db: ReadableDB, customerId: string): boolean {
  return (
    db.prepare(`SELECT 1 FROM erasure_ledger WHERE customer_id = ?`).pluck().get(customerId) !== undefined
  );
}

/**
 * Makes deleted bytes really go away: `secure_delete` zeroes freed cells and pages while `work` runs
 * (in its own transaction), and a TRUNCATE checkpoint then copies the WAL into the file and empties
 * the WAL, which still held the old page images. Returns whether the checkpoint completed (a
 * reader holding an old snapshot blocks it; the next erasure or the app's close retries).
 */
export function withSecureDelete<T>(db: WritableDB, work: () => T): { result: T; checkpointed: boolean } {
  const previous = db.pragma('secure_delete', { simple: true }) as number;
  db.pragma('secure_delete = ON');
  try {
    const result = db.transaction(work)();
    // The shop file's WAL only: unqualified, the pragma would also copy the analysis store's WAL
    // (up to a whole run's rows between a run and the prune after it) on main.
    const [outcome] = db.pragma('main.wal_checkpoint(TRUNCATE)') as {
      busy: number;
      log: number;
      checkpointed: number;
    }[];
    return { result, checkpointed: outcome === undefined || outcome.busy === 0 };
  } finally {
    db.pragma(`secure_delete = ${previous === 1 ? 'ON' : 'OFF'}`);
  }
}

export interface ErasureLedgerEntry {
  readonly id: string;
  readonly customerId: string;
  readonly erasedAt: string;
  readonly actorRole: string;
  readonly createdAt: string;
}

export function readErasureLedger(db: ReadableDB): ErasureLedgerEntry[] {
  return db
    .prepare(
      `SELECT id, customer_id AS customerId, erased_at AS erasedAt, actor_role AS actorRole, created_at AS createdAt
       FROM erasure_ledger ORDER BY erased_at`,
    )
    .all() as ErasureLedgerEntry[];
}

/**
 * After a restore (issue 7): an older backup's ledger lacks the erasures made since it was taken,
 * so the restore reads the ledger of the file it is replacing (`readErasureLedger`) BEFORE
 * replacing it and passes it here. The entries are merged into the restored file's ledger, and
 * every listed person whose data came back is erased again. Returns how many were re-erased.
 */
export function reapplyErasures(
  db: WritableDB,
  at: string,
  ledgerFromReplacedFile: readonly ErasureLedgerEntry[] = [],
): number {
  const { result } = withSecureDelete(db, () => {
    const insert = db.prepare(
      `INSERT OR IGNORE INTO erasure_ledger (id, customer_id, erased_at, actor_role, created_at)
       VALUES (@id, @customerId, @erasedAt, @actorRole, @createdAt)`,
    );
    for (const entry of ledgerFromReplacedFile) insert.run(entry);
    const pending = db
      .prepare(
        `SELECT DISTINCT l.customer_id FROM erasure_ledger l JOIN customers c ON c.id = l.customer_id
         WHERE c.erased_at IS NULL OR c.name <> ?`,
      )
      .pluck()
      .all(ERASED_CUSTOMER_NAME) as string[];
    for (const customerId of pending) anonymiseCustomer(db, customerId, at);
    return pending.length;
  });
  return result;
}
