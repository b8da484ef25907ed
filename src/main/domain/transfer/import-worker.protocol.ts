/**
 * Messages between main and an import worker (one short-lived thread per file). The file's bytes
 * travel as a transferred ArrayBuffer, never copied; the parsed table stays inside the worker, so
 * only the preview's first rows or the import's summary come back.
 */
import type { DateOrder } from '../../../shared/dates';
import type { ImportKindName, ImportSummary } from '../../../shared/contract/transfer';
import type { ErrorValue } from '../../../shared/errors';
import type { MessagePort } from 'node:worker_threads';
import type { RowOptions } from './rows';
import type { ImportStageMs } from './import';
import type { FileShape, ImportFileFormat } from './import-file';

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
  /** Keep the mapping for the file's header set (the wizard), written in the import's transaction. */
  readonly rememberMapping: boolean;
  /** One Int32: main sets it to 1 to ask for a cancel; the worker rolls back at the next chunk. */
  readonly cancel: SharedArrayBuffer;
}

export type ImportWorkerJob = PreviewJob | ImportJob;

export interface TablePreview {
  readonly headers: readonly string[];
  readonly rows: readonly (readonly string[])[];
  readonly totalRows: number;
  readonly format: ImportFileFormat;
  readonly encoding: string | null;
}

export type ImportWorkerReply =
  | { readonly type: 'progress'; readonly stage: ImportStage; readonly done: number; readonly total: number }
  | { readonly type: 'preview'; readonly preview: TablePreview }
  | {
      readonly type: 'done';
      readonly summary: ImportSummary;
      /** Milliseconds per stage (the parse as `read`), for `bench import`. */
      readonly stageMs: ImportStageMs;
    }
  /**
   * After `done` of an import: the worker copied its WAL into the file and closed its connection.
   * Main holds the write gate until then (see import.worker.ts).
   */
  | { readonly type: 'settled'; readonly checkpointMs: number }
  /** Every failure as an error value (SQLite's own code in details.sqlite), so main rethrows it as is. */
  | { readonly type: 'failed'; readonly error: ErrorValue };

/**
 * The import worker's helper thread for purchase files (import-prepare.worker.ts). Once told the
 * mapping it parses the file, and as the rows come it validates and prepares the receipts chunk by
 * chunk and streams them to the import worker, which only matches customers and inserts: two cores
 * instead of one, and the writing starts with the first chunk rather than after the whole parse.
 */
export type PrepareJob =
  /** The file (replaces any file sent before and not planned). */
  | { readonly type: 'parse'; readonly bytes: ArrayBuffer; readonly fileName: string }
  /** Parse and prepare the file with this mapping, sending chunks to `port`. */
  | {
      readonly type: 'plan';
      readonly mapping: readonly (string | null)[];
      readonly rowOptions: RowOptions;
      readonly timeZone: string;
      /** The chunks go here; the import worker reads them synchronously inside its transaction. */
      readonly port: MessagePort;
      /** Int32 slots, see PREPARE_SIGNAL. */
      readonly signals: SharedArrayBuffer;
    }
  /** Forget the file (the import failed before planning). */
  | { readonly type: 'drop' };

/** Slots of the plan's signals: messages posted, chunks taken, and a stop request from the importer. */
export const PREPARE_SIGNAL = { posted: 0, taken: 1, stop: 2 } as const;

export type PrepareMessage =
  /**
   * First, once the header is read: the headers, and the data rows the file is estimated to hold
   * (exact for XLSX, from the line count for CSV), for sizing the work before the parse is done.
   */
  | { readonly type: 'start'; readonly headers: readonly string[]; readonly rowsEstimate: number }
  /** One chunk of file rows, encodePreparedChunk's JSON (one string crosses faster than objects). */
  | { readonly type: 'chunk'; readonly json: string }
  /**
   * Last: what the parse found besides the rows, and the helper's time on a CPU for this file
   * (ms; null where schedstat is missing).
   */
  | { readonly type: 'end'; readonly file: FileShape; readonly threadCpu: number | null }
  | { readonly type: 'failed'; readonly error: ErrorValue };
