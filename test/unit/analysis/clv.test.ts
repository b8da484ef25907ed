import { describe, expect, it, vi } from 'vitest';
import { compressSummaries, conditionalExpectedPurchases, fitBgnbd } from '../../../src/main/analysis/bgnbd';
import {
  customerLifetimeValue,
  discountedExpectedPurchases,
  MONTH_LENGTH,
} from '../../../src/main/analysis/clv';
import { conditionalExpectedSpend, fitGammaGamma } from '../../../src/main/analysis/gammagamma';
import { loadCdnowSummary, referenceDataAvailable, skipReason } from './reference-data';

// Fits and reference data sets take a few seconds on a busy shared machine; the default 5 s is tight.
vi.setConfig({ testTimeout: 60_000 });

const params = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

describe('CLV without reference data', () => {
  it('without discounting equals margin × spend × E[Y(H·f)]', () => {
    const horizon = { periods: 12, periodLength: 4.345, discountRate: 0 };
    const clv = customerLifetimeValue(params, { x: 3, tx: 20, T: 30 }, 40, 0.5, horizon);
    expect(clv).toBeCloseTo(0.5 * 40 * conditionalExpectedPurchases(params, 12 * 4.345, 3, 20, 30), 10);
  });

  it('discounting only lowers the value', () => {
    const summary = { x: 3, tx: 20, T: 30 };
    const plain = discountedExpectedPurchases(params, 3, 20, 30, {
      periods: 12,
      periodLength: 4.345,
      discountRate: 0,
    });
    const discounted = discountedExpectedPurchases(params, summary.x, summary.tx, summary.T, {
      periods: 12,
      periodLength: 4.345,
      discountRate: 0.01,
    });
    expect(discounted).toBeLessThan(plain);
    expect(discounted).toBeGreaterThan(plain / 1.01 ** 12);
  });

  it('uses one month of the same length in days and weeks', () => {
    expect(MONTH_LENGTH.day / 7).toBeCloseTo(MONTH_LENGTH.week, 12);
  });
});

describe.skipIf(!referenceDataAvailable)(`CLV on CDNOW (${skipReason})`, () => {
  it('reproduces the first five values and the total 71,509.90', () => {
    const rows = loadCdnowSummary();
    const bg = fitBgnbd(compressSummaries(rows));
    const gg = fitGammaGamma(rows);
    const horizon = { periods: 12, periodLength: MONTH_LENGTH.week, discountRate: 0.01 };
    const values = rows.map((row) =>
      customerLifetimeValue(bg, row, conditionalExpectedSpend(gg, row.x, row.zbar), 1, horizon),
    );
    const expected = [36.278, 4.637, 8.344, 8.344, 8.344];
    // Published to 3 decimals; our fit sits within 1e-5 of the published maximum, which moves the
    // first value by about 1e-5 (36.27850 here), so we allow one unit in the last printed digit.
    expected.forEach((value, i) => expect(Math.abs((values[i] ?? NaN) - value)).toBeLessThanOrEqual(1e-3));
    const total = values.reduce((sum, value) => sum + value, 0);
    expect(total).toBeCloseTo(71509.9, 1);
  });
});
