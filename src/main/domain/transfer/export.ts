/**
 * Customer export to CSV (UTF-8 BOM, formula-neutralised), XLSX (typed columns) and vCard 4.0.
 * Cells are written in the words the importer reads back, with the field names as headers, so
 * export → import of the same file changes nothing.
 */
import type { ReadableDB } from '../../db/connection';
import type { ExportFormat } from '../../../shared/contract/transfer';
import { ShopCalendar } from '../demo/shop-calendar';
import {
  CsvFileWriter,
  splitPersonName,
  writeVCards,
  writeXlsx,
  type NameParts,
  type VCardContact,
  type XlsxColumnType,
} from './formats';
import { CUSTOMER_FIELDS, type CustomerField } from './mapping';
import { threadSchedule, threadScheduleSince, type ThreadSchedule } from '../../workers/thread-cpu';
import {
  CUSTOMER_EXPORT_TYPES,
  customerDraftToValues,
  type CustomerDraft,
  type ExportCell,
  type ExportLocale,
} from './rows';
import {
  customersForExport,
  exportSplitKeys,
  latestDoneRunId,
  WHOLE_EXPORT,
  type ExportCustomerRow,
  type ExportFilterSql,
  type ExportRange,
} from './transfer.repo';

/** Analysis labels of the latest finished run, exportable beside the customer fields. */
export const ANALYSIS_COLUMNS = ['segment', 'lifecycle_stage', 'value_tier'] as const;
export type AnalysisColumn = (typeof ANALYSIS_COLUMNS)[number];
export type ExportColumn = Exclude<CustomerField, 'customer_code'> | AnalysisColumn;
export const EXPORT_COLUMNS: readonly ExportColumn[] = [
  ...CUSTOMER_FIELDS.filter(
    (field): field is Exclude<CustomerField, 'customer_code'> => field !== 'customer_code',
  ),
  ...ANALYSIS_COLUMNS,
];

export function parseExportColumns(
  spec: readonly string[] | undefined,
): ExportColumn[] | { unknown: string[] } {
  if (spec === undefined || spec.length === 0) return [...EXPORT_COLUMNS];
  const valid = new Set<string>(EXPORT_COLUMNS);
  const unknown = spec.filter((column) => !valid.has(column));
  return unknown.length > 0 ? { unknown } : (spec as ExportColumn[]);
}

export interface ExportOptions {
  format: ExportFormat;
  filter: ExportFilterSql;
  columns: readonly ExportColumn[];
  locale: ExportLocale;
  timeZone: string;
  minorDigits: number;
}

/**
 * Milliseconds per stage, for `bench export`: `lookups` until the first row is out (the per-customer
 * lookups: labels, tags, consents, referrers), `rows` the rest, where reading and writing the rows
 * interleave. (Timing each row's read separately cost more than a tenth of the rows' reading.)
 */
export interface ExportStageMs {
  lookups: number;
  rows: number;
}

/** One slice of an export file, written by `exportPart`. */
export interface ExportPart {
  bytes: Buffer;
  rows: number;
  stageMs: ExportStageMs;
  /** CPU time of the thread that wrote it, and its time waiting for a core (null where unknown). */
  schedule: ThreadSchedule | null;
}

export interface ExportOutput {
  bytes: Buffer;
  rows: number;
  /** Why the export is empty when it is for a known reason. */
  note: string | null;
  /** Summed over the parts (so, with parts in parallel, more than the wall time). */
  stageMs: ExportStageMs;
  /** Each part's rows, stages and CPU, in file order (one part when written in one piece). */
  parts: { rows: number; stageMs: ExportStageMs; schedule: ThreadSchedule | null }[];
}

function toDraft(row: ExportCustomerRow, calendar: ShopCalendar): CustomerDraft {
  return {
    customer_code: null,
    member_no: row.member_no,
    name: row.name,
    kind: row.kind === 'organization' ? 'organization' : 'person',
    phone: row.phone,
    phone_digits: row.phone_digits,
    phone2: row.phone2,
    email: row.email,
    wechat: row.wechat,
    gender: row.gender as CustomerDraft['gender'],
    birthday: row.birthday,
    address: row.address,
    source: row.source as CustomerDraft['source'],
    referred_by: row.referrer,
    tags: row.tags === null ? [] : row.tags.split('\u001f'),
    notes: row.notes,
    company_name: row.company_name,
    industry: row.industry,
    company_size: row.company_size,
    contact_person: row.contact_person,
    contact_title: row.contact_title,
    credit_rating: row.credit_rating as CustomerDraft['credit_rating'],
    credit_limit_minor: row.credit_limit_minor,
    consent: row.consent === null ? null : row.consent === 1,
    consent_date: null,
    joined_on: calendar.localDate(calendar.localDay(Date.parse(row.created_at) / 1000)),
  };
}

function cellsOf(
  row: ExportCustomerRow,
  values: Record<CustomerField, ExportCell>,
  columns: readonly ExportColumn[],
): ExportCell[] {
  return columns.map((column) =>
    column === 'segment' || column === 'lifecycle_stage' || column === 'value_tier'
      ? row[column]
      : values[column],
  );
}

function nameFields(parts: NameParts): Pick<VCardContact, 'familyName' | 'givenName'> {
  return {
    ...(parts.family ? { familyName: parts.family } : {}),
    ...(parts.given ? { givenName: parts.given } : {}),
  };
}

function vcardOf(draft: CustomerDraft, id: string): VCardContact {
  return {
    uid: id,
    kind: draft.kind === 'organization' ? 'org' : 'individual',
    fullName: draft.name,
    // Organisations are named by ORG and KIND; a person's N is what phones sort and show by.
    ...(draft.kind === 'organization' ? {} : nameFields(splitPersonName(draft.name))),
    phones: [
      ...(draft.phone ? [{ number: draft.phone, type: 'cell' as const }] : []),
      ...(draft.phone2 ? [{ number: draft.phone2, type: 'voice' as const }] : []),
    ],
    emails: draft.email ? [draft.email] : [],
    ...(draft.birthday ? { birthday: draft.birthday } : {}),
    ...(draft.address ? { address: draft.address } : {}),
    ...(draft.notes ? { note: draft.notes } : {}),
    ...(draft.company_name ? { organization: draft.company_name } : {}),
    ...(draft.contact_title ? { title: draft.contact_title } : {}),
    ...(draft.wechat ? { wechat: draft.wechat } : {}),
    categories: draft.tags,
  };
}

/** Passes `source` through, setting `spent.ms` to the time its first item took. */
function* timedStart<T>(source: Generator<T>, spent: { ms: number }): Generator<T> {
  try {
    const started = performance.now();
    const first = source.next();
    spent.ms = performance.now() - started;
    if (first.done === true) return;
    yield first.value;
    yield* source;
  } finally {
    // Closes the statement when a writer stops early (an error mid-file).
    source.return(undefined);
  }
}

/**
 * Writes the customers of `range` (a slice of the export's order, see `ExportRange`) in the chosen
 * format, streaming them from the database into the writer one row at a time: no array of rows or
 * lines is ever built, which is what made the 100k export slow (see customersForExport). A CSV
 * slice that starts the order begins the file (BOM, header line); a later one holds only its rows,
 * so the parts joined in order are byte for byte the file written in one piece. XLSX and vCard
 * are only ever written whole.
 */
export async function exportPart(
  db: ReadableDB,
  options: ExportOptions,
  runId: string | null,
  range: ExportRange = WHOLE_EXPORT,
): Promise<ExportPart> {
  const started = performance.now();
  const scheduleBefore = threadSchedule();
  const lookups = { ms: 0 };
  const wanted = new Set<string>(options.columns);
  const vcard = options.format === 'vcf';
  const customers = timedStart(
    customersForExport(
      db,
      options.filter,
      runId,
      {
        referrer: !vcard && wanted.has('referred_by'),
        tags: vcard || wanted.has('tags'),
        consent: !vcard && wanted.has('consent'),
        labels: !vcard && ANALYSIS_COLUMNS.some((column) => wanted.has(column)),
      },
      range,
    ),
    lookups,
  );
  const calendar = new ShopCalendar(options.timeZone);
  let rows = 0;
  let bytes: Buffer;
  if (options.format === 'vcf') {
    const contacts = function* (): Generator<VCardContact> {
      for (const row of customers) {
        rows++;
        yield vcardOf(toDraft(row, calendar), row.id);
      }
    };
    bytes = Buffer.from(writeVCards(contacts()), 'utf8');
  } else if (options.format === 'csv') {
    const writer = new CsvFileWriter(options.columns, { continuation: range.after !== null });
    const valueOptions = { moneyAs: 'text', minorDigits: options.minorDigits } as const;
    for (const row of customers) {
      rows++;
      const values = customerDraftToValues(toDraft(row, calendar), options.locale, valueOptions);
      writer.writeRow(cellsOf(row, values, options.columns));
    }
    bytes = writer.finish();
  } else {
    const columns = options.columns.map((column) => ({
      header: column,
      type: (column in CUSTOMER_EXPORT_TYPES
        ? CUSTOMER_EXPORT_TYPES[column as CustomerField]
        : 'text') as XlsxColumnType,
    }));
    const cells = function* (): Generator<ExportCell[]> {
      for (const row of customers) {
        rows++;
        const values = customerDraftToValues(toDraft(row, calendar), options.locale, { moneyAs: 'minor' });
        yield cellsOf(row, values, options.columns);
      }
    };
    bytes = await writeXlsx(columns, cells(), { minorDigits: options.minorDigits });
  }
  const totalMs = performance.now() - started;
  return {
    bytes,
    rows,
    stageMs: { lookups: lookups.ms, rows: totalMs - lookups.ms },
    schedule: threadScheduleSince(scheduleBefore),
  };
}

/** One part of an export for a runner: the same options and run, its own slice. */
export interface ExportPartJob {
  readonly options: ExportOptions;
  readonly runId: string | null;
  readonly range: ExportRange;
}

/**
 * Writes the given parts (each as `exportPart` does), at the same time where it can, and resolves
 * with them in the jobs' order. The app's runner uses its export worker threads.
 */
export type ExportPartRunner = (jobs: readonly ExportPartJob[]) => Promise<ExportPart[]>;

export interface ExportParallelism {
  readonly run: ExportPartRunner;
  /** How many slices a big CSV export is cut into (one per thread). */
  readonly parts: number;
  /** Below this many customers per part the file is written in one piece. */
  readonly minCustomersPerPart: number;
}

/**
 * The slices of one export. Only CSV is split (its pieces join as bytes); an export of chosen
 * customers is small and stays whole.
 */
function planParts(
  db: ReadableDB,
  options: ExportOptions,
  runId: string | null,
  parallel: ExportParallelism,
): ExportPartJob[] {
  const whole = [{ options, runId, range: WHOLE_EXPORT }];
  if (options.format !== 'csv' || options.filter.customerIds !== undefined || parallel.parts < 2)
    return whole;
  const keys = exportSplitKeys(db, parallel.parts, parallel.minCustomersPerPart);
  if (keys.length === 0) return whole;
  return [null, ...keys].map((after, index) => ({
    options,
    runId,
    range: { after, through: keys[index] ?? null },
  }));
}

/**
 * The export file. Without `parallel` it is written here, in one piece; with it, by the runner
 * (the app's worker threads, so main's event loop stays free), a big CSV cut into contiguous
 * slices of the order that are written at the same time and joined in order. Each slice is read
 * in its own read transaction, begun within milliseconds of the others: a sale or edit committed
 * in between may show in one slice and not yet in another, but the slices' ranges never overlap,
 * so no customer is written twice (only one whose created_at changed in those milliseconds could
 * be, or be missed).
 */
export async function exportCustomers(
  db: ReadableDB,
  options: ExportOptions,
  parallel?: ExportParallelism,
): Promise<ExportOutput> {
  const runId = latestDoneRunId(db);
  if (options.filter.segment !== undefined && runId === null) {
    return {
      bytes: Buffer.alloc(0),
      rows: 0,
      note: 'No finished analysis run yet: segments exist only after an analysis has run.',
      stageMs: { lookups: 0, rows: 0 },
      parts: [],
    };
  }
  const parts = parallel
    ? await parallel.run(planParts(db, options, runId, parallel))
    : [await exportPart(db, options, runId)];
  const rows = parts.reduce((sum, part) => sum + part.rows, 0);
  const note =
    rows === 0 && options.filter.segment !== undefined
      ? `No customer is in segment ${options.filter.segment}.`
      : null;
  return {
    bytes: parts.length === 1 ? parts[0]!.bytes : Buffer.concat(parts.map((part) => part.bytes)),
    rows,
    note,
    stageMs: {
      lookups: parts.reduce((sum, part) => sum + part.stageMs.lookups, 0),
      rows: parts.reduce((sum, part) => sum + part.stageMs.rows, 0),
    },
    parts: parts.map((part) => ({ rows: part.rows, stageMs: part.stageMs, schedule: part.schedule })),
  };
}
