import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import {
  ascendingOrder,
  binsByRankFirst,
  binsByValue,
  median,
  quantileOfSorted,
  stableOrder,
} from '../../../src/main/analysis/quantiles';
import { rfmScores, segmentOf } from '../../../src/main/analysis/rfm';
import { rfmSegments } from '../../../src/shared/analysis/labels';

// Fits and reference data sets take a few seconds on a busy shared machine; the default 5 s is tight.
vi.setConfig({ testTimeout: 60_000 });

describe('quintile scores', () => {
  it('follows pandas qcut(rank(method="first")) on a small example', () => {
    // qcut(rank(method='first')) semantics — numpy quantile edges of the ranks, right-closed bins,
    // lowest included — give [1, 1, 2, 3, 4, 5, 5] (checked with a numpy re-implementation).
    expect([...binsByRankFirst([1, 1, 1, 1, 1, 2, 9], 5)]).toEqual([1, 1, 2, 3, 4, 5, 5]);
  });

  it('keeps ties together when cutting on values', () => {
    // qcut semantics on the values themselves (same numpy check).
    expect([...binsByValue([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5)]).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect([...binsByValue([0, 0, 0, 0, 0, 0, 3, 7, 9, 12], 5)]).toEqual([1, 1, 1, 1, 1, 1, 4, 4, 5, 5]);
  });

  it('by rank, always scores 1–5, fills every quintile once n ≥ 5, and never decreases with the value', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 5, maxLength: 300 }), (values) => {
        const bins = binsByRankFirst(values, 5);
        expect(new Set(bins)).toEqual(new Set([1, 2, 3, 4, 5]));
        for (let i = 0; i < values.length; i++) {
          for (let j = 0; j < values.length; j++) {
            if ((values[i] ?? 0) < (values[j] ?? 0)) expect(bins[i] ?? 0).toBeLessThanOrEqual(bins[j] ?? 0);
          }
        }
        // Each quintile holds about a fifth of the customers.
        for (let q = 1; q <= 5; q++) {
          const size = [...bins].filter((b) => b === q).length;
          expect(size).toBeLessThanOrEqual(Math.ceil(values.length / 5) + 1);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('by value, scores 1–5 and gives equal values equal scores', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5, max: 50 }), { minLength: 1, maxLength: 200 }), (values) => {
        const bins = binsByValue(values, 5);
        values.forEach((v, i) => {
          expect(bins[i]).toBeGreaterThanOrEqual(1);
          expect(bins[i]).toBeLessThanOrEqual(5);
          const j = values.indexOf(v);
          expect(bins[i]).toBe(bins[j]);
        });
      }),
      { numRuns: 100 },
    );
  });

  it('computes numpy-style quantiles and medians', () => {
    expect(quantileOfSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileOfSorted([10], 0.3)).toBe(10);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([])).toBeNaN();
  });
});

describe('RFM segments', () => {
  it('maps all 25 cells exactly as the DOMAIN.md table', () => {
    const table = [
      ['newCustomers', 'potentialLoyalists', 'potentialLoyalists', 'champions', 'champions'],
      ['promising', 'potentialLoyalists', 'potentialLoyalists', 'loyalCustomers', 'loyalCustomers'],
      ['aboutToSleep', 'aboutToSleep', 'needAttention', 'loyalCustomers', 'loyalCustomers'],
      ['hibernating', 'hibernating', 'atRisk', 'atRisk', 'cantLoseThem'],
      ['hibernating', 'hibernating', 'atRisk', 'atRisk', 'cantLoseThem'],
    ];
    const used = new Set<string>();
    for (let r = 5; r >= 1; r--) {
      for (let f = 1; f <= 5; f++) {
        const segment = segmentOf(r, f);
        expect(segment).toBe(table[5 - r]?.[f - 1]);
        used.add(segment);
      }
    }
    // Every one of the ten named segments is reachable.
    expect([...used].sort()).toEqual([...rfmSegments].sort());
    expect(() => segmentOf(0, 3)).toThrow(RangeError);
  });

  it('scores an obvious shop: the recent heavy buyer is a champion, the old one-timer hibernates', () => {
    const customers = [
      { recencyDays: 2, frequency: 30, monetary: 90_000 },
      { recencyDays: 400, frequency: 1, monetary: 1_000 },
      { recencyDays: 10, frequency: 12, monetary: 40_000 },
      { recencyDays: 90, frequency: 4, monetary: 8_000 },
      { recencyDays: 200, frequency: 2, monetary: 3_000 },
    ];
    const scores = rfmScores(customers);
    expect(scores.map((s) => [s.r, s.f, s.m])).toEqual([
      [5, 5, 5],
      [1, 1, 1],
      [4, 4, 4],
      [3, 3, 3],
      [2, 2, 2],
    ]);
    expect(scores[0]?.segment).toBe('champions');
    expect(scores[1]?.segment).toBe('hibernating');
    expect(scores[0]?.reason).toEqual({
      key: 'rfm.scores',
      params: { r: 5, f: 5, m: 5, recencyDays: 2, frequency: 30 },
    });
  });
});

describe('stable index order', () => {
  /** What the ranking stages used to do: a stable comparator sort of the indices. */
  const byComparator = (values: readonly number[], descending: boolean): number[] =>
    Array.from({ length: values.length }, (_, i) => i).sort(
      (i, j) => (descending ? -1 : 1) * ((values[i] ?? 0) - (values[j] ?? 0)),
    );

  it('orders as a stable comparator sort does, ties (-0 and 0 among them) in input order', () => {
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const cases: number[][] = [
      [],
      [5],
      [0, -0, 0, -0, 3, -3],
      Array.from({ length: 5_000 }, () => Math.floor(random() * 40) - 10),
      Array.from({ length: 2_000 }, () => Math.round(random() * 1e6) / 100),
      Array.from({ length: 300 }, () => (random() < 0.5 ? 1e15 : -1e15) + Math.floor(random() * 3)),
    ];
    for (const values of cases) {
      for (const descending of [false, true]) {
        expect(
          [...stableOrder(values, descending)],
          `${values.length} values, descending ${descending}`,
        ).toEqual(byComparator(values, descending));
      }
    }
    expect([...ascendingOrder([3, 1, 2, 1])]).toEqual([1, 3, 2, 0]);
  });

  it('still gives an order when a value is NaN', () => {
    const values = [2, Number.NaN, 1, 2];
    expect([...stableOrder(values, false)]).toEqual(byComparator(values, false));
    expect([...stableOrder(values, true)].sort()).toEqual([0, 1, 2, 3]);
  });
});
