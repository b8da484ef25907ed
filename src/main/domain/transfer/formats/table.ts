/**
 * The common result of reading a CSV or XLSX file: a header row and data rows of strings, each
 * with the line number the user sees in their editor (CSV: physical line of the record's first
 * character; XLSX: the sheet's row number), plus the records that could not be read at all.
 */

export interface TableRow {
  /** 1-based line (CSV) or row (XLSX) number where the record starts. */
  line: number;
  /** Exactly `headers.length` cells, untrimmed. */
  cells: string[];
}

export type TableProblemCode =
  /** A quoted field never closed: the rest of the file was swallowed into it. */
  | 'unterminated_quote'
  /** Text after a closing quote ("ab"c): the field boundaries are uncertain. */
  | 'malformed_quotes'
  /** More non-empty cells than headers: usually an unquoted delimiter inside a value. */
  | 'too_many_fields';

export interface TableProblem {
  line: number;
  code: TableProblemCode;
  params: Record<string, string | number>;
}

export interface ParsedTable {
  headers: string[];
  /** 0 when the file had no non-blank row. */
  headerLine: number;
  rows: TableRow[];
  /** Records that were not turned into rows, with the reason. */
  problems: TableProblem[];
  /** Rows whose cells were all blank (whitespace only), skipped silently. */
  blankRowsSkipped: number;
}

export type FileFormatErrorCode =
  | 'file_too_large'
  | 'not_xlsx'
  | 'unsupported_zip'
  | 'uncompressed_too_large'
  | 'too_many_zip_entries'
  | 'too_many_cells'
  | 'no_worksheet';

/**
 * Thrown when a whole file is refused (as opposed to single rows, which become problems).
 * `params` carries the numbers for the i18n message (limit, actual size).
 */
export class FileFormatError extends Error {
  readonly code: FileFormatErrorCode;
  readonly params: Record<string, string | number>;

  constructor(code: FileFormatErrorCode, params: Record<string, string | number> = {}) {
    super(`${code} ${JSON.stringify(params)}`);
    this.name = 'FileFormatError';
    this.code = code;
    this.params = params;
  }
}

export function isBlankCell(cell: string): boolean {
  return cell.trim() === '';
}

/**
 * Builds a table from records in file order. Shared by the CSV and XLSX readers so both treat
 * blank rows, trailing empty columns and overlong rows the same way.
 */
export class TableBuilder {
  private headers: string[] | null = null;
  private headerLine = 0;
  private readonly rows: TableRow[] = [];
  private readonly problems: TableProblem[] = [];
  private blankRowsSkipped = 0;

  addProblem(line: number, code: TableProblemCode, params: Record<string, string | number> = {}): void {
    this.problems.push({ line, code, params });
  }

  addRecord(line: number, cells: string[]): void {
    if (cells.every(isBlankCell)) {
      if (this.headers !== null) this.blankRowsSkipped++;
      return;
    }
    if (this.headers === null) {
      const headers = cells.map((cell) => cell.trim());
      // A trailing delimiter on the header line ("a,b,c,") is not a column.
      while (headers.length > 0 && headers[headers.length - 1] === '') headers.pop();
      this.headers = headers;
      this.headerLine = line;
      return;
    }
    const width = this.headers.length;
    if (cells.length > width) {
      let used = cells.length;
      while (used > width && isBlankCell(cells[used - 1] ?? '')) used--;
      if (used > width) {
        this.addProblem(line, 'too_many_fields', { expected: width, found: used });
        return;
      }
      cells = cells.slice(0, width);
    }
    while (cells.length < width) cells.push('');
    this.rows.push({ line, cells });
  }

  finish(): ParsedTable {
    return {
      headers: this.headers ?? [],
      headerLine: this.headerLine,
      rows: this.rows,
      problems: this.problems,
      blankRowsSkipped: this.blankRowsSkipped,
    };
  }
}
