/**
 * A large purchase file imported on one thread's database connection (the CLI) the way the import
 * worker imports it: a helper thread parses, validates and prepares the receipts while this thread
 * matches customers and inserts. `npm run cli -- import purchases` of 1M rows into a shop of 100k
 * customers, whole process: 22.7–23.6 s in one thread, 18.0–19.3 s this way (three runs each,
 * alternating; the process also starts tsx and copies the WAL into the file at close).
 *
 * The helper needs the full positional mapping before it starts, and the mapping comes from the
 * headers (with the CLI's `--map` corrections), so the headers are read first from the head of the
 * file: the header is settled within the first few records (title rows are at most five).
 */
import type { WritableDB } from '../../db/connection';
import type { ImportSummary } from '../../../shared/contract/transfer';
import { DEFAULT_CSV_MAX_BYTES } from './formats';
import { estimateCsvRows, importFileFormat, readImportFile } from './import-file';
import { PrepareHelper } from './import-feed';
import { mappingFor, runImport, type RunImportOptions } from './transfer.service';

/**
 * From this many rows (by line count) a CSV purchase file goes through the helper thread. Below it,
 * starting the thread costs more than it saves (from the TypeScript sources, tsx compiles the
 * helper's modules first: ~1 s).
 */
export const STREAM_FROM_ROWS = 50_000;

/** How much of the file the headers are read from: cut back to the last line break in it. */
const HEAD_BYTES = 256 * 1024;

/**
 * Whether `streamPurchaseImport` is the faster way in for this file. A file over the size limit is
 * left to the ordinary read, which refuses it before anything is written (a backup included).
 */
export function worthStreaming(kind: RunImportOptions['kind'], bytes: Uint8Array, fileName: string): boolean {
  return (
    kind === 'purchases' &&
    bytes.byteLength <= DEFAULT_CSV_MAX_BYTES &&
    importFileFormat(bytes, fileName) === 'csv' &&
    estimateCsvRows(bytes) >= STREAM_FROM_ROWS
  );
}

/** The headers of a CSV file, read from its head only. */
export async function headersOfCsv(bytes: Uint8Array, fileName: string): Promise<readonly string[]> {
  let end = bytes.byteLength;
  if (end > HEAD_BYTES) {
    // LF and CR (old Mac files end lines with CR alone) are never inside a multi-byte character in
    // UTF-8 or GB18030, so a cut after one never splits a character; a UTF-16 file is cut on an
    // even byte.
    const head = bytes.subarray(0, HEAD_BYTES);
    const lastBreak = Math.max(head.lastIndexOf(0x0a), head.lastIndexOf(0x0d));
    end = lastBreak > 0 ? lastBreak + 1 : HEAD_BYTES;
    if (bytes[0] === 0xff || bytes[0] === 0xfe) end -= end % 2;
  }
  const head = await readImportFile(bytes.subarray(0, end), fileName);
  return head.table.headers;
}

export type StreamedImportOptions = Omit<RunImportOptions, 'file' | 'mapping' | 'kind'> & {
  readonly bytes: Uint8Array;
  readonly fileName: string;
};

/**
 * Imports a CSV purchase file through a helper thread, in one transaction as runImport does. The
 * helper (one started early, say) is closed when this ends.
 */
export async function streamPurchaseImport(
  db: WritableDB,
  options: StreamedImportOptions,
  helper: PrepareHelper = new PrepareHelper(),
): Promise<ImportSummary> {
  const { bytes, fileName, ...rest } = options;
  try {
    const mapping = mappingFor('purchases', await headersOfCsv(bytes, fileName), options.mapSpec);
    // The helper takes the bytes over (transferred): it gets its own copy. (Not `bytes.slice()`:
    // on a Buffer that is a view of the same memory, which the transfer would detach.)
    const copy = new Uint8Array(bytes.byteLength);
    copy.set(bytes);
    helper.file(copy.buffer, fileName);
    return runImport(db, {
      ...rest,
      kind: 'purchases',
      mapping,
      file: { stream: (plan) => helper.plan(plan) },
    });
  } finally {
    await helper.close();
  }
}
