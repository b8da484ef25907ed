/**
 * XLSX reading (first sheet, or a chosen one) and writing with typed columns, on exceljs.
 *
 * Reading is guarded: a file-size limit first, then `inspectZip` inflates every entry as a
 * stream and stops at the uncompressed-size and cell-count limits, so exceljs (which holds the
 * whole workbook in memory) only ever sees files of a bounded size.
 *
 * Cells become strings the same way a CSV export from Excel would show them, so one row
 * validator serves both formats: dates as YYYY-MM-DD (plus HH:mm:ss when there is a time),
 * numbers without float noise (0.1 + 0.2 → "0.3"), formulas as their cached result.
 */
import { PassThrough } from 'node:stream';
import type ExcelJS from 'exceljs';
import { inspectZip, type ZipLimits } from './zip-guard';
import { FileFormatError, TableBuilder, type ParsedTable, type TableLayoutOptions } from './table';

/**
 * exceljs is loaded on first use: it took ~0.3 s to load, and every CLI command, the import
 * worker and its helper thread paid for it at start even when no workbook came along.
 */
let exceljs: Promise<typeof ExcelJS> | null = null;
function loadExcelJS(): Promise<typeof ExcelJS> {
  exceljs ??= import('exceljs').then((module) => module.default);
  return exceljs;
}

/** Loads exceljs now, for a thread started ahead so that its first workbook is not slower. */
export async function preloadXlsx(): Promise<void> {
  await loadExcelJS();
}

export interface XlsxReadLimits extends ZipLimits {
  maxFileBytes: number;
}

/**
 * Sized from measurements on the 2-core build machine (test/bench/transfer.bench.ts): a
 * 100k-row × 12-column sheet is 8.5 MiB zipped, 59 MiB of XML and 1.2 M cells; exceljs needs
 * 15–22 s and about 350 MiB of extra memory to load it. These limits allow about 1.7× that,
 * which keeps a worst-case load under a minute and well inside the main process's heap.
 */
export const DEFAULT_XLSX_LIMITS: XlsxReadLimits = {
  maxFileBytes: 32 * 1024 * 1024,
  maxUncompressedBytes: 128 * 1024 * 1024,
  maxEntries: 10_000,
  maxCells: 2_000_000,
};

export interface XlsxReadOptions extends TableLayoutOptions {
  /** Worksheet by tab position (0-based) or by name. Default: the first tab. */
  sheet?: number | string;
  limits?: Partial<XlsxReadLimits>;
}

export interface ReadXlsxResult extends ParsedTable {
  sheetName: string;
  sheetNames: string[];
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

function dateToText(date: Date, withTime: boolean): string {
  // exceljs builds dates as UTC wall-clock values; round off the binary-fraction noise.
  const rounded = new Date(Math.round(date.getTime() / 1000) * 1000);
  const day = `${pad(rounded.getUTCFullYear(), 4)}-${pad(rounded.getUTCMonth() + 1)}-${pad(rounded.getUTCDate())}`;
  const hours = rounded.getUTCHours();
  const minutes = rounded.getUTCMinutes();
  const seconds = rounded.getUTCSeconds();
  if (!withTime && hours === 0 && minutes === 0 && seconds === 0) return day;
  return `${day} ${pad(hours)}:${pad(minutes)}:${pad(seconds)}`;
}

function numberToText(value: number): string {
  if (!Number.isFinite(value)) return '';
  // Excel keeps 15 significant digits; beyond that is binary noise (0.30000000000000004).
  return String(Number(value.toPrecision(15)));
}

function showsTime(numberFormat: string | undefined): boolean {
  // Hours in the format, ignoring quoted literals ("时" in a Chinese format is quoted).
  return numberFormat !== undefined && /h/i.test(numberFormat.replace(/"[^"]*"/g, ''));
}

type ScalarResult = number | string | boolean | Date | ExcelJS.CellErrorValue | undefined;

/** `timeFormat`: the cell's number format shows hours, so midnight is written as 00:00:00. */
function cellValueToText(value: ExcelJS.CellValue | ScalarResult, timeFormat = false): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return numberToText(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : dateToText(value, timeFormat);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('hyperlink' in value) return cellValueToText(value.text as ExcelJS.CellValue);
  if ('formula' in value || 'sharedFormula' in value) return cellValueToText(value.result, timeFormat);
  if ('error' in value) return value.error;
  return '';
}

function pickSheet(workbook: ExcelJS.Workbook, sheet: number | string | undefined): ExcelJS.Worksheet {
  const sheets = workbook.worksheets;
  const found =
    typeof sheet === 'string' ? sheets.find((candidate) => candidate.name === sheet) : sheets[sheet ?? 0];
  if (found === undefined) {
    throw new FileFormatError('no_worksheet', { requested: String(sheet ?? 0), available: sheets.length });
  }
  return found;
}

export async function readXlsx(bytes: Uint8Array, options: XlsxReadOptions = {}): Promise<ReadXlsxResult> {
  const limits: XlsxReadLimits = { ...DEFAULT_XLSX_LIMITS, ...options.limits };
  if (bytes.byteLength > limits.maxFileBytes) {
    throw new FileFormatError('file_too_large', { limit: limits.maxFileBytes, actual: bytes.byteLength });
  }
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  await inspectZip(buffer, limits);

  const Excel = await loadExcelJS();
  const workbook = new Excel.Workbook();
  try {
    // exceljs's typings predate @types/node's generic Buffer; the runtime takes any Buffer.
    await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer, {
      ignoreNodes: ['dataValidations', 'conditionalFormatting', 'extLst', 'hyperlinks'],
    });
  } catch (error) {
    throw new FileFormatError('not_xlsx', { detected: 'unreadable_workbook', message: String(error) });
  }
  const worksheet = pickSheet(workbook, options.sheet);
  const builder = new TableBuilder(options);
  worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: false }, (cell, columnNumber) => {
      // Excel's own CSV export writes a merged range's value once, in its top-left cell.
      cells[columnNumber - 1] =
        cell.type === Excel.ValueType.Merge ? '' : cellValueToText(cell.value, showsTime(cell.numFmt));
    });
    builder.addRecord(
      rowNumber,
      Array.from(cells, (cell) => cell ?? ''),
    );
  });
  return {
    ...builder.finish(),
    sheetName: worksheet.name,
    sheetNames: workbook.worksheets.map((candidate) => candidate.name),
  };
}

export type XlsxColumnType = 'text' | 'integer' | 'number' | 'money' | 'date' | 'datetime' | 'boolean';

export interface XlsxColumn {
  header: string;
  /**
   * - text: always a string cell (phones, member numbers keep leading zeros and +)
   * - integer / number: numeric cells
   * - money: integer minor units in, a number in major units out, shown with 2 decimals
   * - date: 'YYYY-MM-DD' in, an Excel date out
   * - datetime: 'YYYY-MM-DD HH:mm:ss' (or with T) in local wall-clock time, an Excel date-time out;
   *   Excel has no time zones, so a value with Z/offset is written as text rather than shifted
   * - boolean: an Excel TRUE/FALSE
   * A value that does not fit its column type is written as text instead of being lost.
   */
  type: XlsxColumnType;
  /** In characters; default from the type. */
  width?: number;
}

export type XlsxCell = string | number | boolean | null | undefined;

export interface XlsxWriteOptions {
  sheetName?: string;
  /** Decimal places of the shop currency (2 for CNY; see `minorDigits` in src/shared/money). */
  minorDigits?: number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_DATETIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;
const NUMBER_FORMATS: Partial<Record<XlsxColumnType, string>> = {
  integer: '0',
  date: 'yyyy-mm-dd',
  datetime: 'yyyy-mm-dd hh:mm:ss',
};
const DEFAULT_WIDTHS: Record<XlsxColumnType, number> = {
  text: 18,
  integer: 10,
  number: 12,
  money: 14,
  date: 12,
  datetime: 20,
  boolean: 8,
};

function moneyFormat(minorDigits: number): string {
  return minorDigits > 0 ? `#,##0.${'0'.repeat(minorDigits)}` : '#,##0';
}

function typedCell(value: XlsxCell, type: XlsxColumnType, minorDigits: number): ExcelJS.CellValue {
  if (value === null || value === undefined || value === '') return null;
  switch (type) {
    case 'text':
      return String(value);
    case 'integer':
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? value : String(value);
    case 'money':
      // Division by a power of ten gives the closest double to the decimal, e.g. 123456 → 1234.56.
      return typeof value === 'number' && Number.isInteger(value) ? value / 10 ** minorDigits : String(value);
    case 'boolean':
      return typeof value === 'boolean' ? value : String(value);
    case 'date': {
      const match = typeof value === 'string' ? ISO_DATE.exec(value) : null;
      if (match === null) return String(value);
      return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
    }
    case 'datetime': {
      const match = typeof value === 'string' ? LOCAL_DATETIME.exec(value) : null;
      if (match === null) return String(value);
      const [, year, month, day, hours, minutes, seconds] = match;
      return new Date(
        Date.UTC(
          Number(year),
          Number(month) - 1,
          Number(day),
          Number(hours),
          Number(minutes),
          Number(seconds ?? 0),
        ),
      );
    }
  }
}

/**
 * Writes one sheet with a bold, frozen, filterable header row. Uses exceljs's streaming writer:
 * rows are committed as they are written, so memory stays flat for large exports.
 */
export async function writeXlsx(
  columns: readonly XlsxColumn[],
  rows: Iterable<readonly XlsxCell[]>,
  options: XlsxWriteOptions = {},
): Promise<Buffer> {
  const minorDigits = options.minorDigits ?? 2;
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    output.on('end', resolve);
    output.on('error', reject);
  });

  const Excel = await loadExcelJS();
  const workbook = new Excel.stream.xlsx.WorkbookWriter({
    stream: output,
    useStyles: true,
    useSharedStrings: true,
  });
  const worksheet = workbook.addWorksheet(options.sheetName ?? 'Sheet1', {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  // One style object per column, given to every cell of the column: exceljs caches a style's id
  // by object identity and otherwise renders each cell's (freshly merged) style to XML to look it
  // up, which was the largest single cost of a 100k-row export (measured with a CPU profile).
  const columnStyles: Partial<ExcelJS.Style>[] = columns.map((column) => {
    const numFmt = column.type === 'money' ? moneyFormat(minorDigits) : NUMBER_FORMATS[column.type];
    return numFmt === undefined ? {} : { numFmt };
  });
  worksheet.columns = columns.map((column, index) => ({
    key: String(index),
    width: column.width ?? DEFAULT_WIDTHS[column.type],
    style: columnStyles[index]!,
  }));
  const header = worksheet.addRow(columns.map((column) => column.header));
  header.font = { bold: true };
  header.commit();
  if (columns.length > 0)
    worksheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };

  for (const row of rows) {
    const added = worksheet.addRow(
      columns.map((column, index) => typedCell(row[index], column.type, minorDigits)),
    );
    for (let index = 0; index < columns.length; index++)
      added.getCell(index + 1).style = columnStyles[index]!;
    added.commit();
  }
  worksheet.commit();
  await workbook.commit();
  await finished;
  return Buffer.concat(chunks);
}
