/**
 * Loads the public reference data sets from /work/shared/data in place (never copied into the repo).
 * Tests that need them use `describe.skipIf(!referenceDataAvailable)` so they skip, with this reason
 * in their title, on machines without the folder.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const referenceDataDir = path.resolve(repoRoot, '../shared/data');

export const referenceDataAvailable =
  existsSync(path.join(referenceDataDir, 'cdnow_customers_summary_with_transactions.csv')) &&
  existsSync(path.join(referenceDataDir, 'CDNOW_sample.txt')) &&
  existsSync(path.join(referenceDataDir, 'groceries.csv'));

/** Appended to the titles of suites that skip when the folder is absent. */
export const skipReason = `skipped when ${referenceDataDir} is absent`;

function readLines(file: string): string[] {
  return readFileSync(path.join(referenceDataDir, file), 'utf8')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '');
}

export interface CdnowSummaryRow {
  id: number;
  x: number;
  tx: number;
  T: number;
  zbar: number;
}

/** cdnow_customers_summary_with_transactions.csv: ID,x,t_x,T,zbar (weeks, dollars). */
export function loadCdnowSummary(): CdnowSummaryRow[] {
  return readLines('cdnow_customers_summary_with_transactions.csv')
    .slice(1)
    .map((line) => {
      const [id, x, tx, T, zbar] = line.split(',').map(Number);
      return { id: id ?? NaN, x: x ?? NaN, tx: tx ?? NaN, T: T ?? NaN, zbar: zbar ?? NaN };
    });
}

/** cdnow_customers_summary.csv: ID,frequency,recency,T — the file the summary rebuild must match. */
export function loadCdnowFrequencySummary(): { id: number; x: number; tx: number; T: number }[] {
  return readLines('cdnow_customers_summary.csv')
    .slice(1)
    .map((line) => {
      const [id, x, tx, T] = line.split(',').map(Number);
      return { id: id ?? NaN, x: x ?? NaN, tx: tx ?? NaN, T: T ?? NaN };
    });
}

export interface CdnowPurchase {
  customerId: number;
  date: string;
  cds: number;
  cents: number;
}

/** CDNOW_sample.txt: master_id sample_id YYYYMMDD number_of_cds dollar_value; sample_id is the ID. */
export function loadCdnowPurchases(): CdnowPurchase[] {
  return readLines('CDNOW_sample.txt').map((line) => {
    const [, sampleId, date, cds, dollars] = line.trim().split(/\s+/);
    return {
      customerId: Number(sampleId),
      date: date ?? '',
      cds: Number(cds),
      cents: Math.round(Number(dollars) * 100),
    };
  });
}

/** groceries.csv: one basket per line, item names trimmed. */
export function loadGroceries(): string[][] {
  return readLines('groceries.csv').map((line) => line.split(',').map((item) => item.trim()));
}
