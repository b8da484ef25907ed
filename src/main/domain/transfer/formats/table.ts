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
  /** Rows whose cells were all blank (whitespace only) below the header, skipped silently. */
  blankRowsSkipped: number;
  /** Non-blank records above the header (title rows), with their text, for the import report. */
  skippedAboveHeader: { line: number; text: string }[];
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

export interface TableLayoutOptions {
  /**
   * The line (CSV) or row (XLSX) of the header. Non-blank records above it are reported in
   * `skippedAboveHeader`. Default: found automatically (see `TableBuilder`).
   */
  headerLine?: number;
  /**
   * Called after each record is taken, with the table so far: for a reader that works on the rows
   * while the rest of the file is still being parsed (the import's helper thread).
   */
  onRecord?: (table: TableSoFar) => void;
}

/** A table while it is being read: the header once it is decided, and the data rows so far. */
export interface TableSoFar {
  readonly headersSoFar: readonly string[] | null;
  readonly rowsSoFar: readonly TableRow[];
  /**
   * The rows before `upTo` are done with: they are let go (their count stays), so a reader that
   * works as it goes never holds a million parsed rows, which the garbage collector would keep
   * walking over. Such a table's finished rows are placeholders up to there.
   */
  release(upTo: number): void;
}

/** What a released row becomes. */
const RELEASED_ROW: TableRow = Object.freeze({ line: 0, cells: [] as string[] }) as TableRow;

/** Title rows one cell wide are only looked for in the first few records. */
const MAX_TITLE_ROWS = 5;

function nonBlankCount(cells: readonly string[]): number {
  return cells.filter((cell) => !isBlankCell(cell)).length;
}

/**
 * Builds a table from records in file order. Shared by the CSV and XLSX readers so both treat
 * blank rows, title rows, trailing empty columns and overlong rows the same way.
 *
 * Header detection: exports from Chinese software often start with a title row ("客户名单",
 * "导出时间：2024-03-05") above the real header. Records with a single non-empty cell are held
 * back; when a record with two or more values follows within the first few, the held ones are
 * titles and it is the header. Otherwise (a one-column file) the first record is the header.
 */
export class TableBuilder implements TableSoFar {
  private headers: string[] | null = null;
  private headerLine = 0;
  private readonly rows: TableRow[] = [];
  private readonly problems: TableProblem[] = [];
  private readonly skippedAboveHeader: { line: number; text: string }[] = [];
  private blankRowsSkipped = 0;
  private released = 0;
  /** Records seen while the header is undecided (blank ones included, to count them later). */
  private pending: { line: number; cells: string[] }[] = [];

  constructor(private readonly options: TableLayoutOptions = {}) {}

  addProblem(line: number, code: TableProblemCode, params: Record<string, string | number> = {}): void {
    this.problems.push({ line, code, params });
  }

  addRecord(line: number, cells: string[]): void {
    this.takeRecord(line, cells);
    this.options.onRecord?.(this);
  }

  get headersSoFar(): readonly string[] | null {
    return this.headers;
  }

  get rowsSoFar(): readonly TableRow[] {
    return this.rows;
  }

  release(upTo: number): void {
    for (let index = this.released; index < Math.min(upTo, this.rows.length); index++)
      this.rows[index] = RELEASED_ROW;
    this.released = Math.max(this.released, Math.min(upTo, this.rows.length));
  }

  private takeRecord(line: number, cells: string[]): void {
    if (this.headers !== null) {
      this.addDataRecord(line, cells);
      return;
    }
    const explicit = this.options.headerLine;
    if (explicit !== undefined) {
      if (line < explicit) {
        if (nonBlankCount(cells) > 0) this.skipAboveHeader(line, cells);
      } else if (nonBlankCount(cells) > 0) {
        this.setHeader(line, cells);
      }
      return;
    }
    const values = nonBlankCount(cells);
    const heldTitles = this.pending.filter((record) => nonBlankCount(record.cells) > 0).length;
    if (values >= 2) {
      for (const record of this.pending) {
        if (nonBlankCount(record.cells) > 0) this.skipAboveHeader(record.line, record.cells);
      }
      this.pending = [];
      this.setHeader(line, cells);
    } else if (values === 1 || heldTitles > 0) {
      this.pending.push({ line, cells });
      if (heldTitles + values > MAX_TITLE_ROWS) this.settlePending();
    }
  }

  private skipAboveHeader(line: number, cells: readonly string[]): void {
    this.skippedAboveHeader.push({
      line,
      text: cells
        .map((cell) => cell.trim())
        .filter((cell) => cell !== '')
        .join(' '),
    });
  }

  private setHeader(line: number, cells: readonly string[]): void {
    const headers = cells.map((cell) => cell.trim());
    // A trailing delimiter on the header line ("a,b,c,") is not a column.
    while (headers.length > 0 && headers[headers.length - 1] === '') headers.pop();
    this.headers = headers;
    this.headerLine = line;
  }

  /** No wider record came: the first held record is the header, the rest are data. */
  private settlePending(): void {
    const [first, ...rest] = this.pending;
    this.pending = [];
    if (first === undefined) return;
    this.setHeader(first.line, first.cells);
    for (const record of rest) this.addDataRecord(record.line, record.cells);
  }

  private addDataRecord(line: number, cells: string[]): void {
    if (cells.every(isBlankCell)) {
      this.blankRowsSkipped++;
      return;
    }
    const width = this.headers?.length ?? 0;
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
    if (this.headers === null) this.settlePending();
    this.problems.sort((a, b) => a.line - b.line);
    return {
      headers: this.headers ?? [],
      headerLine: this.headerLine,
      rows: this.rows,
      problems: this.problems,
      blankRowsSkipped: this.blankRowsSkipped,
      skippedAboveHeader: this.skippedAboveHeader,
    };
  }
}
