/**
 * Customer export to CSV (UTF-8 BOM, formula-neutralised), XLSX (typed columns) and vCard 4.0.
 * Cells are written in the words the importer reads back, with the field names as headers, so
 * export → import of the same file changes nothing.
 */
import type { ReadableDB } from '../../db/connection';
import type { ExportFormat } from '../../../shared/contract/transfer';
import { ShopCalendar } from '../demo/shop-calendar';
import { writeCsv, writeVCards, writeXlsx, type VCardContact, type XlsxColumnType } from './formats';
import { CUSTOMER_FIELDS, type CustomerField } from './mapping';
import {
  CUSTOMER_EXPORT_TYPES,
  customerDraftToValues,
  type CustomerDraft,
  type ExportCell,
  type ExportLocale,
} from './rows';
import {
  latestDoneRunId,
  selectCustomersForExport,
  type ExportCustomerRow,
  type ExportFilterSql,
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

export interface ExportOutput {
  bytes: Buffer;
  rows: number;
  /** Why the export is empty when it is for a known reason. */
  note: string | null;
  /** Milliseconds per stage (read from the database, format the file), for `bench export`. */
  stageMs: { query: number; write: number };
}

function toDraft(row: ExportCustomerRow, calendar: ShopCalendar): CustomerDraft {
  const latest = [row.consent_sms, row.consent_wechat, row.consent_email, row.consent_phone];
  // One yes/no column stands for all four channels (as the import sets them); mixed answers stay blank.
  const consent = latest.every((value) => value === 1)
    ? true
    : latest.every((value) => value === 0)
      ? false
      : null;
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
    consent,
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

function vcardOf(draft: CustomerDraft, id: string): VCardContact {
  return {
    uid: id,
    kind: draft.kind === 'organization' ? 'org' : 'individual',
    fullName: draft.name,
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

export async function exportCustomers(db: ReadableDB, options: ExportOptions): Promise<ExportOutput> {
  const runId = latestDoneRunId(db);
  if (options.filter.segment !== undefined && runId === null) {
    return {
      bytes: Buffer.alloc(0),
      rows: 0,
      note: 'No finished analysis run yet: segments exist only after an analysis has run.',
      stageMs: { query: 0, write: 0 },
    };
  }
  const queryStarted = performance.now();
  const wanted = new Set<string>(options.columns);
  const vcard = options.format === 'vcf';
  const rows = selectCustomersForExport(db, options.filter, runId, {
    referrer: !vcard && wanted.has('referred_by'),
    tags: vcard || wanted.has('tags'),
    consent: !vcard && wanted.has('consent'),
    labels: !vcard && ANALYSIS_COLUMNS.some((column) => wanted.has(column)),
  });
  const writeStarted = performance.now();
  const calendar = new ShopCalendar(options.timeZone);
  const drafts = rows.map((row) => toDraft(row, calendar));
  let bytes: Buffer;
  if (options.format === 'vcf') {
    bytes = Buffer.from(
      writeVCards(drafts.map((draft, index) => vcardOf(draft, rows[index]?.id ?? ''))),
      'utf8',
    );
  } else if (options.format === 'csv') {
    const cells = function* (): Generator<ExportCell[]> {
      for (let index = 0; index < rows.length; index++) {
        const values = customerDraftToValues(drafts[index]!, options.locale, {
          moneyAs: 'text',
          minorDigits: options.minorDigits,
        });
        yield cellsOf(rows[index]!, values, options.columns);
      }
    };
    bytes = writeCsv(options.columns, cells());
  } else {
    const columns = options.columns.map((column) => ({
      header: column,
      type: (column in CUSTOMER_EXPORT_TYPES
        ? CUSTOMER_EXPORT_TYPES[column as CustomerField]
        : 'text') as XlsxColumnType,
    }));
    const cells = function* (): Generator<ExportCell[]> {
      for (let index = 0; index < rows.length; index++) {
        const values = customerDraftToValues(drafts[index]!, options.locale, { moneyAs: 'minor' });
        yield cellsOf(rows[index]!, values, options.columns);
      }
    };
    bytes = await writeXlsx(columns, cells(), { minorDigits: options.minorDigits });
  }
  const note =
    rows.length === 0 && options.filter.segment !== undefined
      ? `No customer is in segment ${options.filter.segment}.`
      : null;
  return {
    bytes,
    rows: rows.length,
    note,
    stageMs: { query: writeStarted - queryStarted, write: performance.now() - writeStarted },
  };
}
