/** How an import walks a table: the chunk size and one chunk's validation, shared by both threads. */
import type { TableRow } from './formats';
import type { ColumnMapping, ImportKind } from './mapping';
import {
  validateTable,
  type AcceptedRow,
  type DraftOf,
  type RejectedRow,
  type RowOptions,
  type ValueParsers,
} from './rows';

/** Rows validated and written at a time, so a million drafts never sit in memory at once. */
export const CHUNK_ROWS = 5000;

export interface ValidatedChunk<T> {
  readonly accepted: AcceptedRow<T>[];
  readonly rejected: RejectedRow[];
  /** Accepted rows that carry a warning. */
  readonly warnings: number;
}

/** Validates rows [from, from + CHUNK_ROWS); the table's own problems are reported once, by the caller. */
export function validateChunk<K extends ImportKind>(
  kind: K,
  rows: readonly TableRow[],
  from: number,
  mapping: ColumnMapping<K>,
  rowOptions: RowOptions,
  parsers: ValueParsers,
): ValidatedChunk<DraftOf<K>> {
  const { accepted, rejected } = validateTable(
    kind,
    { rows: rows.slice(from, from + CHUNK_ROWS), problems: [] },
    mapping,
    rowOptions,
    parsers,
  );
  let warnings = 0;
  for (const row of accepted) if (row.warnings.length > 0) warnings += 1;
  return { accepted, rejected, warnings };
}
