/**
 * File formats for customer and purchase import/export. Pure functions over Buffers and strings:
 * no database, no electron.
 *
 * Import pipeline (the database layer sits after step 4):
 *   1. `readCsv(bytes)` or `await readXlsx(bytes)` → a `ParsedTable`: headers, rows of strings
 *      with the line number the user sees, and `problems` (records that could not be read).
 *      Whole-file refusals (too big, zip bomb, not an xlsx) throw `FileFormatError`.
 *   2. `autoMapHeaders(kind, table.headers)` (../mapping) → a positional mapping + unmatched
 *      headers; `headerSetSignature` / `rememberMapping` / `applyRememberedMapping` store the
 *      user's corrections; `parseMapSpec` reads the CLI's `--map`.
 *   3. `validateTable(kind, table, mapping, options)` (../rows) → accepted drafts (with warnings)
 *      and rejected lines, each with i18n-ready issue codes.
 *   4. Match drafts to existing customers and commit in one transaction (not here).
 *
 * Export: `customerDraftToValues` / `purchaseDraftToValues` (../rows) give the cells in the words
 * the importer reads back; `writeCsv` (UTF-8 BOM, CRLF, formula-neutralised), `writeXlsx` (typed
 * columns), `writeVCards` (vCard 4.0) write them.
 */
export { decodeText, encodeUtf8WithBom, type DecodedText, type TextEncodingName } from './encoding';
export {
  CSV_DELIMITERS,
  CsvFileWriter,
  DEFAULT_CSV_MAX_BYTES,
  detectDelimiter,
  formatCsv,
  neutraliseFormula,
  parseCsvText,
  readCsv,
  restoreFormulaEscape,
  writeCsv,
  type CsvCell,
  type CsvDelimiter,
  type CsvParseOptions,
  type CsvReadOptions,
  type CsvWriteOptions,
  type ParsedCsv,
  type ReadCsvResult,
} from './csv';
export {
  DEFAULT_XLSX_LIMITS,
  preloadXlsx,
  readXlsx,
  writeXlsx,
  type ReadXlsxResult,
  type XlsxCell,
  type XlsxColumn,
  type XlsxColumnType,
  type XlsxReadLimits,
  type XlsxReadOptions,
  type XlsxWriteOptions,
} from './xlsx';
export {
  parseVCards,
  parseVCardsWithLines,
  writeVCards,
  type LocatedVCard,
  type VCardContact,
  type VCardPhone,
  type VCardPhoneType,
} from './vcard';
export {
  FileFormatError,
  type FileFormatErrorCode,
  type ParsedTable,
  type TableProblem,
  type TableProblemCode,
  type TableLayoutOptions,
  type TableRow,
  type TableSoFar,
} from './table';
export { joinPersonName, splitPersonName, type NameParts } from './name-parts';
