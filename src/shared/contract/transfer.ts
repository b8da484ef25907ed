import { z } from 'zod';
import { command } from './define';

export const importKinds = ['customers', 'purchases'] as const;
export type ImportKindName = (typeof importKinds)[number];

/** One problem of a row, as the validator reports it (codes are translated in the UI). */
export interface ImportIssue {
  readonly code: string;
  readonly field: string | null;
  readonly value?: string;
  readonly params?: Readonly<Record<string, string | number>>;
}

export interface RejectedImportRow {
  /** Line the user sees in their editor (CSV) or the sheet row (XLSX). */
  readonly line: number;
  readonly issues: readonly ImportIssue[];
}

/**
 * What an import did (or, on a dry run, would do). Every data row of the file is counted exactly
 * once in created + updated + unchanged + duplicates + rejected.
 */
export interface ImportSummary {
  readonly kind: ImportKindName;
  readonly dryRun: boolean;
  /** Data rows read from the file (blank lines not counted). */
  readonly rows: number;
  /** Customers: new customer records. Purchases: rows that became (part of) a new purchase. */
  readonly created: number;
  /** Customers matched by member number, phone or email whose record changed. */
  readonly updated: number;
  /** Rows already in the database exactly as written (a re-import). */
  readonly unchanged: number;
  /** Rows repeating an earlier row of the same file. */
  readonly duplicates: number;
  readonly rejected: number;
  /** Purchases import: customers created because their member number was not known yet. */
  readonly customersCreated: number;
  readonly purchasesCreated: number;
  readonly linesCreated: number;
  /** Rows kept with a warning (rounded money, unknown source …). */
  readonly warnings: number;
  readonly rejectedRows: readonly RejectedImportRow[];
  /** Headers that were not mapped to any field. */
  readonly unmappedHeaders: readonly string[];
  readonly seconds: number;
}

export const exportFormats = ['csv', 'xlsx', 'vcf'] as const;
export type ExportFormat = (typeof exportFormats)[number];
export const consentChannels = ['sms', 'wechat', 'email', 'phone'] as const;

export const exportFilterSchema = z.object({
  /** Segment code of the latest finished analysis run. */
  segment: z.string().min(1).max(64).optional(),
  /** Tag name. */
  tag: z.string().min(1).max(50).optional(),
  /** Only customers whose latest consent for this channel is a grant. */
  consentChannel: z.enum(consentChannels).optional(),
  /** Explicit customer ids (a selection from a list or a chart click). */
  customerIds: z.array(z.string().min(1)).max(1_000_000).optional(),
});
export type ExportFilter = z.infer<typeof exportFilterSchema>;

export interface ExportResult {
  readonly format: ExportFormat;
  readonly rows: number;
  readonly columns: readonly string[];
  readonly fileName: string;
  /** The file, base64 (the renderer offers it as a download). */
  readonly base64: string;
  /** Why nothing was exported, when rows is 0 for a known reason (e.g. no analysis run yet). */
  readonly note: string | null;
}

export interface ExportColumnChoice {
  /** Every exportable column, in the default order, with its name in both languages. */
  readonly available: readonly { readonly value: string; readonly en: string; readonly zh: string }[];
  /** The shop's remembered choice and order, or null for all columns. */
  readonly chosen: readonly string[] | null;
}

export const transferCommands = {
  /** Read a file (CSV or XLSX, base64) and propose a column mapping plus the first rows. */
  'transfer.preview': command<{
    readonly headers: readonly string[];
    readonly mapping: readonly (string | null)[];
    readonly rows: readonly (readonly string[])[];
    readonly totalRows: number;
    /** A vCard's columns are named by field codes: it has no header row of its own. */
    readonly format: 'csv' | 'xlsx' | 'vcard';
    readonly encoding: string | null;
    readonly remembered: boolean;
    /** Every field a column can map to, with its name in both languages (as export headers use). */
    readonly fields: readonly { readonly value: string; readonly en: string; readonly zh: string }[];
  }>()({
    input: z.object({
      kind: z.enum(importKinds),
      fileName: z.string().min(1).max(260),
      base64: z.string().min(1),
    }),
    mutates: false,
    role: 'staff',
  }),
  /**
   * Validate and match every row; with `dryRun` nothing is written, otherwise the whole import
   * commits in one transaction (after a verified backup) or not at all. Parsed and written by a
   * worker thread, reporting `job.progress` (kind 'import', with its stage) meanwhile.
   * Not `mutates`: it takes the write gate exclusively itself and announces `db.changed` after.
   */
  'transfer.import': command<ImportSummary>()({
    input: z.object({
      kind: z.enum(importKinds),
      fileName: z.string().min(1).max(260),
      base64: z.string().min(1),
      mapping: z.array(z.string().nullable()).max(500),
      dateOrder: z.enum(['ymd', 'dmy', 'mdy']).default('ymd'),
      dryRun: z.boolean(),
    }),
    mutates: false,
    role: 'staff',
  }),
  /**
   * Ask the running import (or dry run) to stop: it rolls back, nothing of it lands, and its
   * `transfer.import` call fails with 'cancelled'. Too late once the commit has begun.
   */
  'transfer.cancelImport': command<{ readonly cancelled: number }>()({
    input: z.object({}),
    mutates: false,
    role: 'staff',
  }),
  /** Export customers (owner only; audited with the filter and the row count). */
  'transfer.export': command<ExportResult>()({
    input: z.object({
      format: z.enum(exportFormats),
      filter: exportFilterSchema.default({}),
      columns: z.array(z.string().min(1).max(64)).max(100).optional(),
    }),
    mutates: true,
    role: 'owner',
  }),
  /** The export dialog's columns and the shop's remembered choice (kept in the shop file). */
  'transfer.exportColumns': command<ExportColumnChoice>()({
    input: z.object({}),
    mutates: false,
    role: 'staff',
  }),
  /** Remember the export dialog's columns and their order for next time. */
  'transfer.rememberExportColumns': command<ExportColumnChoice>()({
    input: z.object({ columns: z.array(z.string().min(1).max(64)).min(1).max(100) }),
    mutates: true,
    role: 'owner',
  }),
};
