/** Reading an import file into a table: no database, so the import's helper thread can do it too. */
import { PatronError } from '../../../shared/errors';
import { FileFormatError, readCsv, readXlsx, type ParsedTable, type TableLayoutOptions } from './formats';

export interface ReadImportFileResult {
  table: ParsedTable;
  /** Text encoding of a CSV (null for XLSX). */
  encoding: string | null;
}

/**
 * What an import reports of a file besides its rows (their count, the records that could not be
 * read, title and blank rows): all a writer needs when another thread parsed the file.
 */
export interface FileShape extends Omit<ParsedTable, 'rows'> {
  readonly rowCount: number;
  readonly encoding: string | null;
}

export function shapeOf(table: ParsedTable, encoding: string | null): FileShape {
  const { rows, ...rest } = table;
  return { ...rest, rowCount: rows.length, encoding };
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** XLSX when the name says so or the bytes are a zip; everything else is read as CSV text. */
export function isXlsxFile(bytes: Uint8Array, fileName: string): boolean {
  return ZIP_MAGIC.every((byte, index) => bytes[index] === byte) || /\.xlsx$/i.test(fileName);
}

export async function readImportFile(
  bytes: Uint8Array,
  fileName: string,
  layout: TableLayoutOptions = {},
): Promise<ReadImportFileResult> {
  if (isXlsxFile(bytes, fileName)) return { table: await readXlsx(bytes, layout), encoding: null };
  const csv = readCsv(bytes, layout);
  return { table: csv, encoding: csv.encoding };
}

/**
 * About how many data rows a CSV holds, from its line feeds alone (no decoding, no parse): one per
 * line less the header. Quoted line breaks and blank lines make it a little high, never low on a
 * file with one record per line; good enough to size the work before the parse has run. The byte
 * 0x0A is a line feed in UTF-8 and GB18030 alike (no multi-byte sequence contains it); in a UTF-16
 * file some characters hold it too, so there the estimate runs higher.
 */
export function estimateCsvRows(bytes: Uint8Array): number {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let breaks = 0;
  for (let at = text.indexOf(0x0a); at >= 0; at = text.indexOf(0x0a, at + 1)) breaks++;
  // Old Mac files end lines with CR alone.
  if (breaks === 0) for (let at = text.indexOf(0x0d); at >= 0; at = text.indexOf(0x0d, at + 1)) breaks++;
  const lastByte = text.length > 0 ? text[text.length - 1] : 0x0a;
  const lines = breaks + (lastByte === 0x0a || lastByte === 0x0d ? 0 : 1);
  return Math.max(0, lines - 1);
}

/** A whole-file refusal (too big, not a workbook …) as the error the wizard shows; others as they are. */
export function refusalOf(error: unknown): unknown {
  if (!(error instanceof FileFormatError)) return error;
  return new PatronError('invalid_input', `The file was refused: ${error.code}.`, {
    fileError: error.code,
    ...error.params,
  });
}
