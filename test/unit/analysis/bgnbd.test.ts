import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import {
  bgnbdLogLikelihood,
  bgnbdNegativeLogLikelihood,
  compressSummaries,
  conditionalExpectedPurchases,
  expectedPurchases,
  fitBgnbd,
  probabilityAlive,
  probabilityOfPurchases,
  type BgnbdParams,
} from '../../../src/main/analysis/bgnbd';
import { loadCdnowSummary, referenceDataAvailable, skipReason } from './reference-data';

// Fits and reference data sets take a few seconds on a busy shared machine; the default 5 s is tight.
vi.setConfig({ testTimeout: 60_000 });

/** Fader, Hardie & Lee (2005) full-precision maximum on the CDNOW calibration summary. */
const published = { r: 0.2425929, alpha: 4.4135317, a: 0.7928862, b: 2.4257537, logLikelihood: -9582.4256 };
const rounded: BgnbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.abs(expected);
}

describe('BG/NBD without reference data', () => {
  it('per-customer log-likelihood matches the published stable values', () => {
    const params = { r: 0.25, alpha: 4, a: 0.8, b: 2.5 };
    expect(bgnbdLogLikelihood(params, 0, 0, 40)).toBeCloseTo(-0.59947382, 8);
    expect(bgnbdLogLikelihood(params, 200, 38, 40)).toBeCloseTo(100.7957, 4);
    expect(Number.isFinite(bgnbdLogLikelihood(params, 1000, 38, 40))).toBe(true);
  });

  it('P(alive) is exactly 1 without repeat purchases and 0 (not NaN) in the extreme case', () => {
    expect(probabilityAlive(rounded, 0, 0, 38.86)).toBe(1);
    expect(probabilityAlive(rounded, 0, 0, 1e6)).toBe(1);
    expect(probabilityAlive(rounded, 1000, 10, 100)).toBe(0);
  });

  it('P(X(t) = n) reproduces the published values', () => {
    expect(probabilityOfPurchases(rounded, 39, 0)).toBeCloseTo(0.5737864, 7);
    expect(relativeError(probabilityOfPurchases(rounded, 2, 10), 1.07869e-7)).toBeLessThan(1e-5);
  });

  it('P(X(t) = n) sums to 1 over n', () => {
    let total = 0;
    for (let n = 0; n < 400; n++) total += probabilityOfPurchases(rounded, 52, n);
    expect(total).toBeCloseTo(1, 9);
  });

  it('the analytic gradient matches finite differences', () => {
    const data = compressSummaries([
      { x: 0, tx: 0, T: 30 },
      { x: 3, tx: 20.5, T: 38 },
      { x: 12, tx: 35, T: 36 },
      { x: 1, tx: 2, T: 10 },
    ]);
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 4, maxLength: 4 }),
        (point) => {
          const gradient = [0, 0, 0, 0];
          bgnbdNegativeLogLikelihood(data, point, gradient);
          for (let i = 0; i < 4; i++) {
            const up = [...point];
            const down = [...point];
            up[i] = (up[i] ?? 0) + 1e-6;
            down[i] = (down[i] ?? 0) - 1e-6;
            const numeric =
              (bgnbdNegativeLogLikelihood(data, up, null) - bgnbdNegativeLogLikelihood(data, down, null)) /
              2e-6;
            expect(Math.abs((gradient[i] ?? 0) - numeric)).toBeLessThan(
              1e-5 * Math.max(1, Math.abs(numeric)),
            );
          }
        },
      ),
      { numRuns: 50 },
    );
  });

  it('compresses identical customers into weighted tuples', () => {
    const data = compressSummaries([
      { x: 0, tx: 0, T: 5 },
      { x: 0, tx: 0, T: 5 },
      { x: 2, tx: 3, T: 5 },
    ]);
    expect(data.x.length).toBe(2);
    expect([...data.weight].sort()).toEqual([1, 2]);
    expect(data.customers).toBe(3);
  });
});

describe.skipIf(!referenceDataAvailable)(`BG/NBD on CDNOW (${skipReason})`, () => {
  const rows = referenceDataAvailable ? loadCdnowSummary() : [];
  const fit = referenceDataAvailable
    ? fitBgnbd(compressSummaries(rows))
    : { ...published, iterations: 0, converged: false };

  it('fits the published maximum within 0.05 %', () => {
    expect(fit.converged).toBe(true);
    expect(relativeError(fit.r, published.r)).toBeLessThan(5e-4);
    expect(relativeError(fit.alpha, published.alpha)).toBeLessThan(5e-4);
    expect(relativeError(fit.a, published.a)).toBeLessThan(5e-4);
    expect(relativeError(fit.b, published.b)).toBeLessThan(5e-4);
    expect(relativeError(fit.logLikelihood, published.logLikelihood)).toBeLessThan(5e-4);
    expect(fit.logLikelihood).toBeCloseTo(published.logLikelihood, 3);
  });

  it('the summed per-customer log-likelihood equals the fit value', () => {
    const total = rows.reduce((sum, row) => sum + bgnbdLogLikelihood(fit, row.x, row.tx, row.T), 0);
    expect(total).toBeCloseTo(fit.logLikelihood, 6);
  });

  it('conditional expectation for x = 2, t_x = 30.43, T = 38.86 over 39 weeks is 1.226', () => {
    expect(conditionalExpectedPurchases(fit, 39, 2, 30.43, 38.86)).toBeCloseTo(1.226, 3);
  });

  it('unconditional E[X(t)] at 1, 3, 31.8571 and 78 weeks', () => {
    expect(expectedPurchases(fit, 1)).toBeCloseTo(0.0532, 4);
    expect(expectedPurchases(fit, 3)).toBeCloseTo(0.1506, 4);
    expect(expectedPurchases(fit, 31.8571)).toBeCloseTo(1.0405, 4);
    // REFERENCE.md prints 1.8576; the exact value at these parameters is 1.857972 (mpmath at 30
    // digits and scipy.special.hyp2f1 agree), 0.02 % above it. We hold the exact value tightly and
    // the published one at 0.05 %.
    expect(relativeError(expectedPurchases(fit, 78), 1.8576)).toBeLessThan(5e-4);
    expect(expectedPurchases(published, 78)).toBeCloseTo(1.8579717, 6);
  });

  it('ranks the top three customers by next-week expected purchases', () => {
    const ranked = rows
      .map((row) => ({ id: row.id, expected: conditionalExpectedPurchases(fit, 1, row.x, row.tx, row.T) }))
      .sort((p, q) => q.expected - p.expected)
      .slice(0, 3);
    expect(ranked.map((row) => row.id)).toEqual([1516, 157, 1981]);
    expect(ranked[0]?.expected).toBeCloseTo(0.710623, 5);
    expect(ranked[1]?.expected).toBeCloseTo(0.662396, 5);
    expect(ranked[2]?.expected).toBeCloseTo(0.486526, 5);
  });

  it('P(alive) is 1 for every customer without repeat purchases', () => {
    for (const row of rows.filter((r) => r.x === 0)) {
      expect(probabilityAlive(fit, row.x, row.tx, row.T)).toBe(1);
    }
  });
});
