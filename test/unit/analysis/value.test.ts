import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { abcClassify } from '../../../src/main/analysis/abc';
import { assignTiers } from '../../../src/main/analysis/pyramid';
import {
  creditLoyaltyQuadrant,
  differenceMatrix,
  loyaltyScaleQuadrant,
} from '../../../src/main/analysis/matrices';

const abcOptions = { aCutoffShare: 0.8, bCutoffShare: 0.95, headlineTopShare: 0.2 };

describe('ABC / Pareto', () => {
  it('classifies an obvious shop', () => {
    // 50 + 30 = 80 % of revenue: A. Then 10 (→ 90 %) and 5 (→ 95 %): B. The last 5: C.
    const result = abcClassify([5, 50, 10, 30, 5], abcOptions);
    expect(result.classes).toEqual(['B', 'A', 'B', 'A', 'C']);
    expect(result.headline.topCustomers).toBe(1);
    expect(result.headline.revenueShare).toBeCloseTo(0.5, 12);
    expect(result.headline.reason).toEqual({
      key: 'pareto.headline',
      params: { topPct: 20, topCustomers: 1, revenuePct: 50 },
    });
    expect(result.curve[0]).toEqual({ customerShare: 0, revenueShare: 0 });
    expect(result.curve.at(-1)).toEqual({ customerShare: 1, revenueShare: 1 });
  });

  it('puts the customer who crosses the A cut-off in A', () => {
    expect(abcClassify([70, 20, 10], abcOptions).classes).toEqual(['A', 'A', 'B']);
  });

  it('treats returns beyond purchases as no revenue, and an all-zero shop as C', () => {
    expect(abcClassify([100, -20], abcOptions).classes).toEqual(['A', 'C']);
    expect(abcClassify([0, 0], abcOptions).classes).toEqual(['C', 'C']);
  });

  it('A customers never out-number what 80 % needs, and the curve is monotone', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 200 }),
        (spend) => {
          const result = abcClassify(spend, abcOptions);
          const total = spend.reduce((s, v) => s + v, 0);
          const aRevenue = spend.filter((_, i) => result.classes[i] === 'A').reduce((s, v) => s + v, 0);
          if (total > 0) {
            expect(aRevenue / total).toBeGreaterThanOrEqual(0.8 - 1e-12);
            // Dropping the smallest A customer would fall below 80 %.
            const aSpends = spend.filter((_, i) => result.classes[i] === 'A');
            expect((aRevenue - Math.min(...aSpends)) / total).toBeLessThan(0.8 + 1e-12);
          }
          for (let i = 1; i < result.curve.length; i++) {
            expect(result.curve[i]!.revenueShare).toBeGreaterThanOrEqual(
              result.curve[i - 1]!.revenueShare - 1e-12,
            );
          }
        },
      ),
    );
  });
});

describe('customer pyramid', () => {
  it('splits 100 buyers into 1 / 4 / 15 / 80', () => {
    const spend = Array.from({ length: 100 }, (_, i) => (i + 1) * 10);
    const tiers = assignTiers(spend, { vipPct: 1, majorPct: 4, ordinaryPct: 15 });
    const count = (tier: string): number => tiers.filter((t) => t.tier === tier).length;
    expect([count('vip'), count('major'), count('ordinary'), count('small')]).toEqual([1, 4, 15, 80]);
    expect(tiers[99]).toMatchObject({ tier: 'vip', rank: 1 });
    expect(tiers[0]).toMatchObject({ tier: 'small', rank: 100 });
    expect(tiers[99]?.reason).toEqual({ key: 'tier.ranked', params: { rank: 1, customers: 100, topPct: 1 } });
  });

  it('rounds boundaries up, so a tiny shop still has a VIP', () => {
    const tiers = assignTiers([5, 80, 20], { vipPct: 1, majorPct: 4, ordinaryPct: 15 });
    expect(tiers.map((t) => t.tier)).toEqual(['small', 'vip', 'small']);
  });
});

describe('textbook matrices', () => {
  it('difference matrix: frequency terciles × spend above the median', () => {
    const frequency = [1, 2, 3, 4, 5, 6];
    const contribution = [600, 100, 500, 200, 400, 300];
    const blocks = differenceMatrix(frequency, contribution).map((d) => d.block);
    expect(blocks).toEqual([
      'highValueLowFreq',
      'lowValueLowFreq',
      'highValueMediumFreq',
      'lowValueMediumFreq',
      'highValueHighFreq',
      'lowValueHighFreq',
    ]);
  });

  it('loyalty × scale and credit × loyalty', () => {
    expect(loyaltyScaleQuadrant('A', 5, 4).quadrant).toBe('cashCow');
    expect(loyaltyScaleQuadrant('A', 2, 4).quadrant).toBe('tomorrow');
    expect(loyaltyScaleQuadrant('C', 4, 4).quadrant).toBe('chickenRib');
    expect(loyaltyScaleQuadrant('B', 1, 4).quadrant).toBe('warmUp');
    expect(creditLoyaltyQuadrant('A', 5, 4)?.quadrant).toBe('gold');
    expect(creditLoyaltyQuadrant('B', 3, 4)?.quadrant).toBe('star');
    expect(creditLoyaltyQuadrant('C', 4, 4)?.quadrant).toBe('risk');
    expect(creditLoyaltyQuadrant('D', 1, 4)?.quadrant).toBe('poor');
    expect(creditLoyaltyQuadrant(null, 5, 4)).toBeNull();
  });
});
