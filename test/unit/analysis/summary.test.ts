import { describe, expect, it, vi } from 'vitest';
import { epochDayFromDate, isoDateFromEpochDay, toEpochDay } from '../../../src/main/analysis/dates';
import { summarizePurchases, toTimeUnits, type DatedAmount } from '../../../src/main/analysis/summary';
import {
  loadCdnowFrequencySummary,
  loadCdnowPurchases,
  loadCdnowSummary,
  referenceDataAvailable,
  skipReason,
} from './reference-data';

// Fits and reference data sets take a few seconds on a busy shared machine; the default 5 s is tight.
vi.setConfig({ testTimeout: 60_000 });

describe('dates', () => {
  it('reads both calendar formats and round-trips', () => {
    expect(epochDayFromDate('1970-01-02')).toBe(1);
    expect(epochDayFromDate('19970930')).toBe(epochDayFromDate('1997-09-30'));
    expect(isoDateFromEpochDay(toEpochDay('2024-02-29T23:30:00+08:00'))).toBe('2024-02-29');
    expect(() => epochDayFromDate('2023-02-29')).toThrow(RangeError);
    expect(() => toEpochDay(1.5)).toThrow(RangeError);
  });
});

describe('calibration summary', () => {
  it('merges same-day purchases, excludes the first day from z̄ and ignores later purchases', () => {
    const purchases: DatedAmount[] = [
      { day: 10, amount: 5 },
      { day: 24, amount: 7 },
      { day: 10, amount: 3 },
      { day: 24, amount: 1 },
      { day: 31, amount: 4 },
      { day: 60, amount: 100 },
    ];
    expect(summarizePurchases(purchases, 45, 'day')).toEqual({ x: 2, tx: 21, T: 35, zbar: 6 });
    expect(summarizePurchases(purchases, 45, 'week')).toEqual({ x: 2, tx: 3, T: 5, zbar: 6 });
    expect(summarizePurchases(purchases, 9, 'day')).toBeNull();
    expect(summarizePurchases([{ day: 3, amount: 9 }], 3, 'day')).toEqual({ x: 0, tx: 0, T: 0, zbar: 0 });
  });

  it('rounds weeks to two decimals', () => {
    expect(toTimeUnits(213, 'week')).toBe(30.43);
    expect(toTimeUnits(272, 'week')).toBe(38.86);
  });
});

describe.skipIf(!referenceDataAvailable)(`summary rebuilt from CDNOW_sample.txt (${skipReason})`, () => {
  it('matches cdnow_customers_summary.csv exactly for all 2,357 rows, and z̄ to the cent', () => {
    const purchases = loadCdnowPurchases();
    const byCustomer = new Map<number, DatedAmount[]>();
    for (const purchase of purchases) {
      const list = byCustomer.get(purchase.customerId) ?? [];
      list.push({ day: epochDayFromDate(purchase.date), amount: purchase.cents });
      byCustomer.set(purchase.customerId, list);
    }
    const cutoff = epochDayFromDate('1997-09-30');
    const published = loadCdnowFrequencySummary();
    expect(published).toHaveLength(2357);
    const zbarById = new Map(loadCdnowSummary().map((row) => [row.id, row.zbar]));
    let mismatches = 0;
    for (const row of published) {
      const summary = summarizePurchases(byCustomer.get(row.id) ?? [], cutoff, 'week');
      if (!summary || summary.x !== row.x || summary.tx !== row.tx || summary.T !== row.T) mismatches++;
      // z̄ is published to the cent: the rebuilt mean (in cents) must round to the same cent.
      else if (Math.abs(summary.zbar - Math.round((zbarById.get(row.id) ?? NaN) * 100)) > 0.5 + 1e-9)
        mismatches++;
    }
    expect(mismatches).toBe(0);
  });
});
