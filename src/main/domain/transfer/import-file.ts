/** Reading an import file into a table: no database, so the import's helper thread can do it too. */
import { PatronError } from '../../../shared/errors';
import {
  DEFAULT_CSV_MAX_BYTES,
  FileFormatError,
  parseVCardsWithLines,
  readCsv,
  readXlsx,
  type ParsedTable,
  type TableLayoutOptions,
  type VCardContact,
} from './formats';
import type { CustomerField } from './mapping';

/** How an import file is read: decided once, by importFileFormat. */
export type ImportFileFormat = 'csv' | 'xlsx' | 'vcard';

export interface ReadImportFileResult {
  table: ParsedTable;
  format: ImportFileFormat;
  /** Text encoding of a CSV (null for XLSX and vCard). */
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

/** XLSX when the name says so or the bytes are a zip. */
function isXlsxFile(bytes: Uint8Array, fileName: string): boolean {
  return ZIP_MAGIC.every((byte, index) => bytes[index] === byte) || /\.xlsx$/i.test(fileName);
}

/**
 * A vCard file (contacts exported from a phone, WeChat or a mail client) by its name, or by its
 * first line whatever the name.
 */
function isVCardFile(bytes: Uint8Array, fileName: string): boolean {
  if (/\.(vcf|vcard)$/i.test(fileName)) return true;
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 64))
    .toString('latin1')
    .replace(/^\xEF\xBB\xBF/, '');
  return /^\s*BEGIN:VCARD/i.test(head);
}

/** XLSX or vCard by name or content; everything else is read as CSV text. */
export function importFileFormat(bytes: Uint8Array, fileName: string): ImportFileFormat {
  if (isXlsxFile(bytes, fileName)) return 'xlsx';
  if (isVCardFile(bytes, fileName)) return 'vcard';
  return 'csv';
}

/** What a card holds, as the customer fields the wizard maps by these very names. */
const VCARD_COLUMNS = [
  ['name', (c) => c.fullName],
  ['kind', (c) => (c.kind === 'org' ? 'organization' : 'person')],
  ['phone', (c) => c.phones[0]?.number ?? ''],
  ['phone2', (c) => c.phones[1]?.number ?? ''],
  ['email', (c) => c.emails[0] ?? ''],
  ['wechat', (c) => c.wechat ?? ''],
  ['birthday', (c) => c.birthday ?? ''],
  ['address', (c) => c.address ?? ''],
  ['company_name', (c) => c.organization ?? ''],
  ['contact_title', (c) => c.title ?? ''],
  ['tags', (c) => c.categories.join('、')],
  ['notes', (c) => c.note ?? ''],
] as const satisfies readonly (readonly [CustomerField, (contact: VCardContact) => string])[];

/**
 * A vCard file as a customer table: one row per card, numbered by the line its BEGIN:VCARD is on,
 * so the wizard's preview, mapping, checks and rejected-row list work as for a spreadsheet.
 */
export function readVCardTable(bytes: Uint8Array): ParsedTable {
  if (bytes.byteLength > DEFAULT_CSV_MAX_BYTES)
    throw new FileFormatError('file_too_large', { limit: DEFAULT_CSV_MAX_BYTES, actual: bytes.byteLength });
  const cards = parseVCardsWithLines(bytes);
  return {
    headers: VCARD_COLUMNS.map(([field]) => field),
    headerLine: cards.length > 0 ? 1 : 0,
    rows: cards.map(({ contact, line }) => ({ line, cells: VCARD_COLUMNS.map(([, cell]) => cell(contact)) })),
    problems: [],
    blankRowsSkipped: 0,
    skippedAboveHeader: [],
  };
}

export async function readImportFile(
  bytes: Uint8Array,
  fileName: string,
  layout: TableLayoutOptions = {},
): Promise<ReadImportFileResult> {
  const format = importFileFormat(bytes, fileName);
  if (format === 'xlsx') return { table: await readXlsx(bytes, layout), format, encoding: null };
  if (format === 'vcard') return { table: readVCardTable(bytes), format, encoding: null };
  const csv = readCsv(bytes, layout);
  return { table: csv, format, encoding: csv.encoding };
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
