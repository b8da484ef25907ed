/**
 * The export dialog's column choice, remembered in the shop file's own settings (not this PC's):
 * an owner who reinstalls or moves to another PC finds the same columns in the same order.
 */
import type { ReadableDB, WritableDB } from '../../db/connection';
import { nowIso } from '../../db/ids';
import { PatronError } from '../../../shared/errors';
import type { ExportColumnChoice } from '../../../shared/contract/transfer';
import { readSetting, writeSetting } from '../shop/shop.repo';
import { ANALYSIS_COLUMNS, EXPORT_COLUMNS, parseExportColumns, type AnalysisColumn } from './export';
import { fieldLabel, type CustomerField } from './mapping';

export const EXPORT_COLUMNS_KEY = 'export.columns';

const ANALYSIS_LABELS: Record<AnalysisColumn, { en: string; zh: string }> = {
  segment: { en: 'Segment', zh: '客户分群' },
  lifecycle_stage: { en: 'Lifecycle stage', zh: '生命周期' },
  value_tier: { en: 'Value tier', zh: '价值层级' },
};

function isAnalysisColumn(column: string): column is AnalysisColumn {
  return (ANALYSIS_COLUMNS as readonly string[]).includes(column);
}

export function exportColumnChoice(db: ReadableDB): ExportColumnChoice {
  const stored = readSetting(db, 'shop_settings', EXPORT_COLUMNS_KEY);
  // A column a later Patron dropped is skipped rather than making the whole choice unusable.
  const chosen = Array.isArray(stored)
    ? stored.filter(
        (column): column is string => typeof column === 'string' && EXPORT_COLUMNS.includes(column as never),
      )
    : [];
  return {
    available: EXPORT_COLUMNS.map((column) => ({
      value: column,
      ...(isAnalysisColumn(column)
        ? ANALYSIS_LABELS[column]
        : {
            en: fieldLabel('customers', column as CustomerField, 'en'),
            zh: fieldLabel('customers', column as CustomerField, 'zh'),
          }),
    })),
    chosen: chosen.length > 0 ? chosen : null,
  };
}

export function rememberExportColumns(db: WritableDB, columns: readonly string[], clock: () => Date): void {
  const parsed = parseExportColumns(columns);
  if (!Array.isArray(parsed))
    throw new PatronError('invalid_input', 'Unknown export columns.', { unknown: parsed.unknown });
  writeSetting(db, 'shop_settings', EXPORT_COLUMNS_KEY, parsed, nowIso(clock));
}
