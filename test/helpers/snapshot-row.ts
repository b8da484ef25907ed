import { SNAPSHOT_ROW_COLUMNS, type SqlValue } from '../../src/main/domain/analysis/snapshot-rows';

/**
 * A snapshot row in snapshotValues' layout (SNAPSHOT_ROW_COLUMNS: every column but the run id):
 * the customer id, the `overrides` given, null elsewhere.
 */
export function snapshotRow(customerId: string, overrides: Record<string, SqlValue> = {}): SqlValue[] {
  return SNAPSHOT_ROW_COLUMNS.map((column) =>
    column === 'customer_id' ? customerId : column in overrides ? overrides[column]! : null,
  );
}

/** The columns the store's table requires (NOT NULL without a usable default for a bare row). */
export const REQUIRED_SNAPSHOT_VALUES: Record<string, SqlValue> = { at_risk: 0, reasons: '[]' };
