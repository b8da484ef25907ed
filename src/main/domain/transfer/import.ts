/**
 * The database half of an import: maps and validates a table read by ./import-file (./rows),
 * matches drafts to existing customers and writes everything in ONE transaction, so an import
 * either lands completely or not at all (a killed process leaves the WAL uncommitted).
 *
 * Idempotency: customers are matched by member number, then normalised phone, then email, and
 * only fields the file fills are written; purchases carry `external_ref` (the receipt number, or
 * for rows without one a digest of the row plus its occurrence in the file, ./purchase-prepare)
 * under a unique index, so importing the same file twice changes nothing; a load that drops that
 * index for speed checks the refs in memory instead and re-creates it at the end.
 */
import type { WritableDB } from '../../db/connection';
import { IdMint, newId } from '../../db/ids';
import { normalizePhone, type CountryCode } from '../../../shared/phone';
import type { ImportSummary, RejectedImportRow } from '../../../shared/contract/transfer';
import { nameSearchKeys } from '../customers/search-keys';
import { ShopCalendar } from '../demo/shop-calendar';
import {
  localNoonIso,
  PurchasePreparer,
  type PreparedChunk,
  type PreparedPurchase,
} from './purchase-prepare';
import { CHUNK_ROWS, validateChunk } from './import-chunks';
import type { ParsedTable } from './formats';
import { shapeOf, type FileShape } from './import-file';
import {
  autoMapHeaders,
  parseMapSpec,
  type ColumnMapping,
  type ImportKind,
  type MapSpecError,
} from './mapping';
import {
  ValueParsers,
  type AcceptedRow,
  type CustomerDraft,
  type PurchaseDraft,
  type RowOptions,
} from './rows';
import { withSecondaryIndexesRebuilt, withTriggersSuspended } from '../demo/demo.repo';
import { BasketIds } from '../sales/basket-ids.repo';
import { refreshCustomerSummaries } from '../customers/customers.repo';
import {
  countCustomers,
  countPurchases,
  importStatements,
  listPurchaseRefs,
  listCustomerKeys,
  markPurchasesChanged,
  type CustomerRecord,
  type ImportStatements,
} from './transfer.repo';

export { readImportFile, type ReadImportFileResult } from './import-file';

export type MappingResult<K extends ImportKind> =
  { ok: true; mapping: ColumnMapping<K> } | { ok: false; errors: MapSpecError[] };

/** The automatic mapping, corrected by a CLI `--map` spec when one is given. */
export function resolveMapping<K extends ImportKind>(
  kind: K,
  headers: readonly string[],
  mapSpec?: string,
): MappingResult<K> {
  const automatic = autoMapHeaders(kind, headers).mapping;
  if (mapSpec === undefined || mapSpec.trim() === '') return { ok: true, mapping: automatic };
  return parseMapSpec(kind, mapSpec, headers, automatic);
}

export interface ApplyImportOptions {
  dryRun: boolean;
  timeZone: string;
  country: CountryCode;
  actorRole: string;
  /** ISO timestamp written as created_at/updated_at of everything this import touches. */
  now: string;
  onProgress?: (done: number, total: number) => void;
  /** Runs inside the import's transaction after every row is written (never on a dry run). */
  beforeCommit?: (summary: ImportSummary) => void;
  /** Filled with milliseconds per stage, for `bench import`. */
  stageMs?: ImportStageMs;
}

/**
 * A purchase file parsed, validated and prepared by another thread while this one writes
 * (import-prepare.worker.ts): this thread then only matches customers and inserts. Every member
 * blocks until the other thread has got that far.
 */
export interface PreparedFeed {
  readonly headers: readonly string[];
  /** About how many rows the file holds (for sizing the work and the progress before the end). */
  readonly rowsEstimate: number;
  /** Prepared chunks in file order, then null. */
  next(): PreparedChunk | null;
  /** Once next() has returned null: the file's row count, unreadable records, title rows … */
  file(): FileShape;
  /** Stops the other thread early (this side failed or was cancelled); harmless after the end. */
  close(): void;
}

/** What importTable reads: a table parsed here, or a purchase file streamed in prepared. */
export type ImportSource = { readonly table: ParsedTable } | { readonly feed: PreparedFeed };

export interface ImportStageMs {
  /** Reading the file into a table (filled by callers that time the parse). */
  read?: number;
  /** The importing thread's time on a CPU, and waiting for one, over the whole import (Linux only). */
  threadCpu?: number;
  threadWait?: number;
  /** With a helper thread: its time on a CPU (Linux only). */
  helperCpu?: number;
  /** Mapping and validating rows into drafts. */
  validate: number;
  /** Matching and inserting (SQLite, triggers included). */
  write: number;
  /** Recomputing the summaries of the customers that received purchases. */
  summaries: number;
  /** COMMIT (or the dry run's ROLLBACK). */
  commit: number;
  /**
   * Re-creating the purchase indexes dropped for a large load, and the triggers suspended for it
   * (filled when given; optional so older callers' literals still fit).
   */
  indexes?: number;
}

interface Tally {
  created: number;
  updated: number;
  unchanged: number;
  duplicates: number;
  customersCreated: number;
  purchasesCreated: number;
  linesCreated: number;
}

class DryRunRollback extends Error {}

/** Negative = KiB: 512 MiB of page cache while an import runs. */
const IMPORT_CACHE_KIB = -524_288;

interface ChunkWriter<T> {
  write(rows: readonly AcceptedRow<T>[]): void;
  finish(): void;
}

/**
 * Validates a table and writes it in one transaction (or, on a dry run, writes it and rolls back,
 * so the counts shown are exactly what a real import would do).
 */
export function importTable<K extends ImportKind>(
  db: WritableDB,
  kind: K,
  source: ImportSource,
  mapping: ColumnMapping<K>,
  rowOptions: RowOptions,
  options: ApplyImportOptions,
): ImportSummary {
  const started = performance.now();
  const mappedFields = new Set(mapping.filter((field): field is NonNullable<typeof field> => field !== null));
  const tally: Tally = {
    created: 0,
    updated: 0,
    unchanged: 0,
    duplicates: 0,
    customersCreated: 0,
    purchasesCreated: 0,
    linesCreated: 0,
  };
  const rejectedRows: RejectedImportRow[] = [];
  let warnings = 0;
  const table = 'table' in source ? source.table : null;
  const feed = 'feed' in source ? source.feed : null;
  if (feed !== null && kind !== 'purchases') throw new Error('only a purchase file is streamed in prepared');
  // Streamed, the row count is known at the end only; until then the estimate sizes the work.
  let total = table !== null ? table.rows.length : feed!.rowsEstimate;
  let summary: ImportSummary | undefined;
  const load = (writer: ChunkWriter<CustomerDraft & PurchaseDraft>): void => {
    if (table === null) throw new Error('a streamed file is loaded by loadPrepared');
    // Validated and written in chunks so a million drafts never sit in memory at once (the
    // garbage collector, not SQLite, was what made large imports slow).
    for (let from = 0; from < total; from += CHUNK_ROWS) {
      options.onProgress?.(from, total);
      const validateStarted = performance.now();
      const chunk = validateChunk(kind, table.rows, from, mapping, rowOptions, parsers);
      warnings += chunk.warnings;
      rejectedRows.push(...chunk.rejected);
      const writeStarted = performance.now();
      writer.write(chunk.accepted as AcceptedRow<CustomerDraft & PurchaseDraft>[]);
      stages.validate += writeStarted - validateStarted;
      stages.write += performance.now() - writeStarted;
    }
    const finishStarted = performance.now();
    writer.finish();
    loadEnded = performance.now();
    stages.write += loadEnded - finishStarted;
  };
  /** The same walk over receipts another thread validated and prepared (a PreparedFeed). */
  const loadPrepared = (feed: PreparedFeed, store: PurchaseStore): void => {
    for (;;) {
      const waitStarted = performance.now();
      const chunk = feed.next();
      const writeStarted = performance.now();
      // Waiting for the preparing thread is its validation showing through.
      stages.validate += writeStarted - waitStarted;
      if (chunk === null) break;
      options.onProgress?.(Math.min(chunk.from, total), total);
      warnings += chunk.warnings;
      rejectedRows.push(...chunk.rejected);
      store.write(chunk.purchases);
      stages.write += performance.now() - writeStarted;
    }
    loadEnded = performance.now();
  };
  let loadEnded = 0;
  const stages: ImportStageMs = options.stageMs ?? { validate: 0, write: 0, summaries: 0, commit: 0 };
  const parsers = new ValueParsers(rowOptions);
  const write = db.transaction(() => {
    if (kind === 'customers') {
      const loadCustomers = (): void =>
        load(customerWriter(db, mappedFields, options, tally) as ChunkWriter<CustomerDraft & PurchaseDraft>);
      // Customers carry a dozen secondary indexes (name, pinyin, initials, phone suffix …) that a
      // load fills in random order; rebuilt sorted they cost less (100k rows into a new shop:
      // ~15-25 % less CPU, same-minute runs), when the file is at least as big as the table. The
      // matching runs on in-memory maps and ids, so nothing during the load reads those indexes;
      // the unique member-number index stays, as for purchases.
      if (total >= countCustomers(db)) {
        withSecondaryIndexesRebuilt(db, ['customers'], loadCustomers, { keepUnique: true });
        stages.indexes = (stages.indexes ?? 0) + (performance.now() - loadEnded);
      } else loadCustomers();
    } else {
      // The per-customer summary is kept by a trigger per purchase; during a bulk load, one
      // recompute of the customers that received purchases costs a fraction of the firings
      // (the demo seed suspends the same triggers, see withTriggersSuspended). The basket
      // columns' triggers (on purchase_lines, and on purchases for the basket's number) are
      // suspended too: each purchase is written with its basket and number already filled in.
      // Customer-ordered indexes take a million scattered inserts; rebuilt once, sorted, they
      // cost far less (measured on 300k rows: ~30 % less CPU with the rebuild included), but a
      // rebuild reads every purchase, so only when the file is at least as big as the history.
      // The unique receipt index goes too: its keys are digests, so every insert lands on a
      // random page (~40 % of the insert cost on 1M rows). Re-imports rely on it to change
      // nothing, so while it is gone the writer checks the refs against a set of them, and
      // re-creating it afterwards would fail the whole transaction on a duplicate.
      const rebuild = total >= countPurchases(db);
      const store = purchaseStore(db, options, tally, rebuild ? listPurchaseRefs(db) : null);
      const preparer = new PurchasePreparer(options.timeZone);
      const writer: ChunkWriter<PurchaseDraft> = {
        write: (rows) => store.write(preparer.write(rows)),
        finish: () => store.write(preparer.finish()),
      };
      const loadPurchases = (): void =>
        withTriggersSuspended(db, ['purchases', 'purchase_lines'], () =>
          feed === null
            ? load(writer as ChunkWriter<CustomerDraft & PurchaseDraft>)
            : loadPrepared(feed, store),
        );
      if (rebuild) withSecondaryIndexesRebuilt(db, ['purchases'], loadPurchases);
      else loadPurchases();
      const summariesStarted = performance.now();
      stages.indexes = (stages.indexes ?? 0) + (summariesStarted - loadEnded);
      refreshCustomerSummaries(db, [...store.customersWithNewPurchases]);
      if (tally.purchasesCreated > 0) markPurchasesChanged(db);
      stages.summaries += performance.now() - summariesStarted;
    }
    const file = table !== null ? shapeOf(table, null) : feed!.file();
    total = file.rowCount;
    options.onProgress?.(total, total);
    for (const problem of file.problems) {
      rejectedRows.push({
        line: problem.line,
        issues: [{ code: problem.code, field: null, params: problem.params }],
      });
    }
    rejectedRows.sort((a, b) => a.line - b.line);
    summary = {
      kind,
      dryRun: options.dryRun,
      rows: file.rowCount + file.problems.length,
      ...tally,
      rejected: rejectedRows.length,
      warnings,
      rejectedRows,
      unmappedHeaders: file.headers.filter((_header, index) => mapping[index] === null),
      seconds: (performance.now() - started) / 1000,
    };
    // In the same transaction as the rows: the audit entry lands with them or not at all.
    if (!options.dryRun) options.beforeCommit?.(summary);
    endOfWork = performance.now();
    if (options.dryRun) throw new DryRunRollback();
  });
  let endOfWork = 0;
  // Receipt refs and customer ids are random keys: their index pages are touched all over the
  // file, and the default 2 MiB page cache turns a million-row import into a disk seek per row.
  const previousCache = db.pragma('cache_size', { simple: true }) as number;
  db.pragma(`cache_size = ${IMPORT_CACHE_KIB}`);
  // Every purchase's customer comes from the live customers read under this transaction's write
  // lock or was inserted by it, and every line's purchase was just inserted: the per-row
  // foreign-key lookups (~15 % of the insert cost) cannot fail, so a purchase load skips them.
  // The pragma is a no-op inside a transaction, hence only when this import opens its own.
  const previousForeignKeys = db.pragma('foreign_keys', { simple: true }) as number;
  const skipForeignKeys = kind === 'purchases' && !db.inTransaction && previousForeignKeys === 1;
  if (skipForeignKeys) db.pragma('foreign_keys = OFF');
  try {
    // IMMEDIATE: take the write lock before the first row, not halfway through the file.
    // Never nested in a caller's transaction: inside a savepoint every trigger-firing insert
    // also fills the statement journal, which made a 100k-row purchase import take minutes.
    if (db.inTransaction) write();
    else write.immediate();
  } catch (error) {
    if (!(error instanceof DryRunRollback)) throw error;
  } finally {
    if (endOfWork > 0) stages.commit += performance.now() - endOfWork;
    db.pragma(`cache_size = ${previousCache}`);
    if (skipForeignKeys) db.pragma('foreign_keys = ON');
  }
  if (summary === undefined) throw new Error('the import ended without a summary');
  return { ...summary, seconds: (performance.now() - started) / 1000 };
}

// ------------------------------------------------------------------ matching

/** Live customers by member number, phone (E.164) and lower-cased email, kept current while writing. */
class CustomerIndex {
  readonly byMember = new Map<string, string>();
  readonly byPhone = new Map<string, string>();
  readonly byEmail = new Map<string, string>();
  /** Name → id, or '' when several customers share the name (then a name alone matches nothing). */
  readonly byName = new Map<string, string>();

  constructor(db: WritableDB) {
    for (const row of listCustomerKeys(db)) this.add(row.id, row);
  }

  add(
    id: string,
    keys: { name?: string | null; member_no?: string | null; phone?: string | null; email?: string | null },
  ): void {
    if (keys.member_no) this.byMember.set(keys.member_no, id);
    if (keys.phone && !this.byPhone.has(keys.phone)) this.byPhone.set(keys.phone, id);
    if (keys.email) {
      const email = keys.email.toLowerCase();
      if (!this.byEmail.has(email)) this.byEmail.set(email, id);
    }
    if (keys.name) {
      const existing = this.byName.get(keys.name);
      this.byName.set(keys.name, existing === undefined || existing === id ? id : '');
    }
  }

  find(keys: { member: string | null; phone: string | null; email: string | null }): string | undefined {
    return (
      (keys.member !== null ? this.byMember.get(keys.member) : undefined) ??
      (keys.phone !== null ? this.byPhone.get(keys.phone) : undefined) ??
      (keys.email !== null ? this.byEmail.get(keys.email.toLowerCase()) : undefined)
    );
  }
}

// ------------------------------------------------------------------ customers

/** Draft fields written to the customers table as they are. */
const PLAIN_COLUMNS = [
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
  'company_name',
  'industry',
  'company_size',
  'contact_person',
  'contact_title',
  'notes',
  'credit_rating',
  'credit_limit_minor',
] as const;
type PlainColumn = (typeof PLAIN_COLUMNS)[number];
const CONSENT_CHANNELS = ['sms', 'wechat', 'email', 'phone'] as const;

function customerValues(draft: CustomerDraft): Record<PlainColumn, string | number | null> {
  return {
    name: draft.name,
    // The brief's customer_code is the shop's member number.
    member_no: draft.member_no ?? draft.customer_code,
    phone: draft.phone,
    phone_digits: draft.phone_digits,
    phone2: draft.phone2,
    email: draft.email,
    wechat: draft.wechat,
    gender: draft.gender,
    birthday: draft.birthday,
    address: draft.address,
    source: draft.source,
    company_name: draft.company_name,
    industry: draft.industry,
    company_size: draft.company_size,
    contact_person: draft.contact_person,
    contact_title: draft.contact_title,
    notes: draft.notes,
    credit_rating: draft.credit_rating,
    credit_limit_minor: draft.credit_limit_minor,
  };
}

function customerWriter(
  db: WritableDB,
  mappedFields: ReadonlySet<string>,
  options: ApplyImportOptions,
  tally: Tally,
): ChunkWriter<CustomerDraft> {
  const statements = importStatements(db);
  const index = new CustomerIndex(db);
  const calendar = new ShopCalendar(options.timeZone);
  const changeSet = newId();
  const updateCache = new Map<string, ReturnType<WritableDB['prepare']>>();
  const touched = new Set<string>();
  const outcomes: { referredBy: string | null; id: string; outcome: 'created' | 'updated' | 'unchanged' }[] =
    [];
  const tags = new TagResolver(statements, options.now);
  const ids = new IdMint();

  const writeRow = (row: AcceptedRow<CustomerDraft>): void => {
    const draft = row.draft;
    const values = customerValues(draft);
    const member = values.member_no as string | null;
    // A row with no member number, phone or email can only be its own earlier export: match a
    // unique exact name, or the round trip would duplicate every name-only customer.
    const existingId =
      index.find({ member, phone: draft.phone, email: draft.email }) ??
      (member === null && draft.phone === null && draft.email === null
        ? index.byName.get(draft.name) || undefined
        : undefined);
    if (existingId !== undefined && touched.has(existingId)) {
      tally.duplicates += 1;
      return;
    }
    let id: string;
    let changed: boolean;
    if (existingId === undefined) {
      id = ids.next();
      const keys = nameSearchKeys(draft.name);
      const createdAt = draft.joined_on === null ? options.now : localNoonIso(calendar, draft.joined_on);
      statements.insertCustomer.run({
        id,
        kind: draft.kind,
        name_pinyin: keys.pinyin,
        name_initials: keys.initials,
        referred_by: null,
        ...values,
        created_at: createdAt,
        updated_at: options.now,
      });
      index.add(
        id,
        values as { name: string; member_no: string | null; phone: string | null; email: string | null },
      );
      changed = true;
    } else {
      id = existingId;
      changed = updateCustomer(
        db,
        statements,
        updateCache,
        id,
        draft,
        values,
        mappedFields,
        options,
        changeSet,
      );
      index.add(
        id,
        values as { name: string; member_no: string | null; phone: string | null; email: string | null },
      );
    }
    touched.add(id);
    for (const tag of draft.tags) {
      if (statements.linkTag.run(id, tags.idFor(tag), options.now).changes > 0) changed = true;
    }
    if (draft.consent !== null) {
      const granted = draft.consent ? 1 : 0;
      const recordedAt =
        draft.consent_date === null ? options.now : localNoonIso(calendar, draft.consent_date);
      for (const channel of CONSENT_CHANNELS) {
        if (existingId !== undefined && statements.latestConsent.get(id, channel) === granted) continue;
        statements.insertConsent.run(newId(), id, channel, granted, recordedAt, options.now);
        changed = true;
      }
    }
    outcomes.push({
      referredBy: draft.referred_by,
      id,
      outcome: existingId === undefined ? 'created' : changed ? 'updated' : 'unchanged',
    });
  };

  const finish = (): void => {
    // Referrers may appear later in the same file, so they are resolved once every row is in.
    const setReferrer = db.prepare(`UPDATE customers SET referred_by = ?, updated_at = ? WHERE id = ?`);
    const currentReferrer = db.prepare(`SELECT referred_by FROM customers WHERE id = ?`).pluck();
    for (const entry of outcomes) {
      const text = entry.referredBy;
      if (text === null) continue;
      const phone = normalizePhone(text, options.country);
      const referrer =
        index.byMember.get(text) ??
        (phone.ok ? index.byPhone.get(phone.e164) : undefined) ??
        (index.byName.get(text) || undefined);
      if (referrer === undefined || referrer === entry.id) continue;
      if (currentReferrer.get(entry.id) === referrer) continue;
      setReferrer.run(referrer, options.now, entry.id);
      if (entry.outcome === 'unchanged') entry.outcome = 'updated';
    }
    for (const entry of outcomes) tally[entry.outcome] += 1;
    tally.customersCreated = tally.created;
  };
  return {
    write: (rows) => {
      for (const row of rows) writeRow(row);
    },
    finish,
  };
}

function updateCustomer(
  db: WritableDB,
  statements: ImportStatements,
  updateCache: Map<string, ReturnType<WritableDB['prepare']>>,
  id: string,
  draft: CustomerDraft,
  values: Record<PlainColumn, string | number | null>,
  mappedFields: ReadonlySet<string>,
  options: ApplyImportOptions,
  changeSet: string,
): boolean {
  const current = statements.customerById.get(id) as CustomerRecord;
  const changes: Partial<Record<PlainColumn | 'kind', string | number | null>> = {};
  for (const column of PLAIN_COLUMNS) {
    const next = values[column];
    // An empty cell never blanks what the shop already knows.
    if (next === null || next === current[column]) continue;
    // Mail servers ignore case: B@x.com in next month's file is the same address, not an edit.
    if (column === 'email' && String(next).toLowerCase() === current.email?.toLowerCase()) continue;
    changes[column] = next;
  }
  if (mappedFields.has('kind') && draft.kind !== current.kind) changes.kind = draft.kind;
  const columns = Object.keys(changes) as (PlainColumn | 'kind')[];
  if (columns.length === 0) return false;
  const setNames = columns.includes('name');
  const key = `${columns.join(',')}${setNames ? '+keys' : ''}`;
  let statement = updateCache.get(key);
  if (statement === undefined) {
    const assignments = columns.map((column) => `${column} = @${column}`);
    if (setNames) assignments.push('name_pinyin = @name_pinyin', 'name_initials = @name_initials');
    statement = db.prepare(
      `UPDATE customers SET ${assignments.join(', ')}, updated_at = @updated_at WHERE id = @id`,
    );
    updateCache.set(key, statement);
  }
  const keys = setNames ? nameSearchKeys(draft.name) : null;
  statement.run({
    ...changes,
    ...(keys ? { name_pinyin: keys.pinyin, name_initials: keys.initials } : {}),
    updated_at: options.now,
    id,
  });
  for (const column of columns) {
    const before = current[column];
    const after = changes[column];
    statements.insertChange.run(
      newId(),
      id,
      changeSet,
      options.now,
      options.actorRole,
      column,
      before === null ? null : String(before),
      after === null || after === undefined ? null : String(after),
    );
  }
  return true;
}

class TagResolver {
  private readonly ids = new Map<string, string>();
  constructor(
    private readonly statements: ImportStatements,
    private readonly now: string,
  ) {}

  idFor(name: string): string {
    const cached = this.ids.get(name);
    if (cached !== undefined) return cached;
    let id = this.statements.tagByName.get(name) as string | undefined;
    if (id === undefined) {
      id = newId();
      this.statements.insertTag.run(id, name, this.now, this.now);
    }
    this.ids.set(name, id);
    return id;
  }
}

// ------------------------------------------------------------------ purchases

interface PurchaseStore {
  write(purchases: readonly PreparedPurchase[]): void;
  readonly customersWithNewPurchases: ReadonlySet<string>;
}

/**
 * The database half of a purchase load: matches each prepared receipt to its customer (creating
 * missing ones) and inserts it with its lines. `knownRefs`: every receipt reference in the shop,
 * when the unique index on them is dropped for the load; the store then skips a known ref itself.
 * The set holds only the shop's refs, never the file's (refs within a file are unique but for the
 * case PurchasePreparer flags): a million-entry set cost ~1 s. Null: the index is in place and
 * INSERT OR IGNORE skips known receipts.
 */
function purchaseStore(
  db: WritableDB,
  options: ApplyImportOptions,
  tally: Tally,
  knownRefs: Set<string> | null,
): PurchaseStore {
  const statements = importStatements(db);
  const basketIds = new BasketIds(db);
  const customersWithNewPurchases = new Set<string>();
  const index = new CustomerIndex(db);
  // A million ids: minted in bulk (IdMint), the library's one at a time took ~1 s of this thread.
  const ids = new IdMint();

  const customerFor = (purchase: PreparedPurchase): string => {
    const { member, phone, customerName } = purchase;
    const found =
      index.find({ member, phone, email: null }) ??
      (member === null && phone === null && customerName !== null
        ? index.byName.get(customerName) || undefined
        : undefined);
    if (found !== undefined) return found;
    const id = ids.next();
    const name = customerName ?? member ?? phone ?? '?';
    const keys = nameSearchKeys(name);
    const digits = phone === null ? null : phoneDigits(phone, options.country);
    statements.insertMinimalCustomer.run(
      id,
      name,
      keys.pinyin,
      keys.initials,
      member,
      phone,
      digits,
      options.now,
      options.now,
    );
    index.add(id, { name, member_no: member, phone });
    tally.customersCreated += 1;
    return id;
  };

  const writeOne = (purchase: PreparedPurchase): void => {
    // Resolved before the ref checks, as with the index: the same customers get created either way.
    const customerId = customerFor(purchase);
    if (purchase.sameAsFileRef || knownRefs?.has(purchase.ref) === true) {
      tally.unchanged += purchase.rows;
      return;
    }
    const purchaseId = ids.next();
    const inserted = statements.insertPurchase.run(
      purchaseId,
      customerId,
      purchase.purchasedAt,
      purchase.totalMinor,
      purchase.discountMinor,
      purchase.totalMinor < 0 ? 1 : 0,
      purchase.paymentMethod,
      purchase.channel,
      purchase.staff,
      purchase.notes,
      purchase.ref,
      options.now,
      options.now,
      purchase.basketProducts,
      purchase.basketCategories,
      basketIds.idOf(purchase.basketProducts, purchase.basketCategories),
    );
    if (inserted.changes === 0) {
      tally.unchanged += purchase.rows;
      return;
    }
    tally.created += purchase.rows;
    tally.purchasesCreated += 1;
    customersWithNewPurchases.add(customerId);
    for (const [productName, category, quantity, amountMinor, discountMinor] of purchase.lines) {
      statements.insertLine.run(
        ids.next(),
        purchaseId,
        productName,
        category,
        quantity,
        amountMinor,
        discountMinor,
        options.now,
      );
      tally.linesCreated += 1;
    }
  };
  return {
    customersWithNewPurchases,
    write: (purchases) => {
      for (const purchase of purchases) writeOne(purchase);
    },
  };
}

function phoneDigits(e164: string, country: CountryCode): string | null {
  const parsed = normalizePhone(e164, country);
  return parsed.ok ? parsed.digits : null;
}
