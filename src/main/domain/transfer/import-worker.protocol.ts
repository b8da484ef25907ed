/**
 * Messages between main and an import worker (one short-lived thread per file). The file's bytes
 * travel as a transferred ArrayBuffer, never copied; the parsed table stays inside the worker, so
 * only the preview's first rows or the import's summary come back.
 */
import type { DateOrder } from '../../../shared/dates';
import type { ImportKindName, ImportSummary } from '../../../shared/contract/transfer';
import type { ErrorValue } from '../../../shared/errors';

/**
 * Where an import is: reading the file, checking and writing rows (done/total rows), the last
 * chunk and the work after it (receipt groups, customer totals), then the commit (never on a dry
 * run, which rolls back instead).
 */
export const importStages = ['read', 'rows', 'finish', 'commit'] as const;
export type ImportStage = (typeof importStages)[number];

export interface PreviewJob {
  readonly type: 'preview';
  readonly bytes: ArrayBuffer;
  readonly fileName: string;
  readonly previewRows: number;
}

export interface ImportJob {
  readonly type: 'import';
  readonly bytes: ArrayBuffer;
  readonly fileName: string;
  /** The shop file; the worker opens its own writer connection to it while main holds the write gate. */
  readonly dbFile: string;
  readonly kind: ImportKindName;
  readonly mapping: readonly (string | null)[];
  readonly dateOrder: DateOrder;
  readonly dryRun: boolean;
  readonly actorRole: string;
  /** Main's clock at the start (ISO): the worker stamps rows with main's time, not its own. */
  readonly now: string;
  /** One Int32: main sets it to 1 to ask for a cancel; the worker rolls back at the next chunk. */
  readonly cancel: SharedArrayBuffer;
}

export type ImportWorkerJob = PreviewJob | ImportJob;

export interface TablePreview {
  readonly headers: readonly string[];
  readonly rows: readonly (readonly string[])[];
  readonly totalRows: number;
  readonly encoding: string | null;
}

export type ImportWorkerReply =
  | { readonly type: 'progress'; readonly stage: ImportStage; readonly done: number; readonly total: number }
  | { readonly type: 'preview'; readonly preview: TablePreview }
  | { readonly type: 'done'; readonly summary: ImportSummary; readonly headers: readonly string[] }
  /** Every failure as an error value (SQLite's own code in details.sqlite), so main rethrows it as is. */
  | { readonly type: 'failed'; readonly error: ErrorValue };
