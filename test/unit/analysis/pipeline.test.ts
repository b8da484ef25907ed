import { describe, expect, it, vi } from 'vitest';
import { epochDayFromDate } from '../../../src/main/analysis/dates';
import { analyzeShop, createShopAnalyzer } from '../../../src/main/analysis/pipeline';
import { defaultSyntheticShop, syntheticShop } from '../../../src/main/analysis/synthetic';
import { analysisSettingsSchema, defaultAnalysisSettings } from '../../../src/shared/analysis/settings';
import type { CustomerInput } from '../../../src/shared/analysis/types';
import { loadCdnowPurchases, referenceDataAvailable, skipReason } from './reference-data';

// Fits and reference data sets take a few seconds on a busy shared machine; the default 5 s is tight.
vi.setConfig({ testTimeout: 60_000 });

const reference = '2024-06-30';
const day = (iso: string): number => epochDayFromDate(iso);

/** A café with five customers whose right labels are obvious. */
const smallShop: CustomerInput[] = [
  {
    id: 'regular',
    purchases: Array.from({ length: 24 }, (_, i) => ({
      day: day(reference) - 3 - 15 * i,
      amountMinor: 3_000,
    })),
    attitude: { satisfactionMean: 4.8, recommendMean: null, referrals: 0, openComplaints: 0, complaints: 0 },
  },
  { id: 'newcomer', purchases: [{ day: '2024-06-20', amountMinor: 2_500 }] },
  {
    id: 'faded',
    purchases: [
      { day: '2023-01-10', amountMinor: 4_000, discounted: true },
      { day: '2023-02-10', amountMinor: 4_000, discounted: true },
      { day: '2023-03-10', amountMinor: 4_000, discounted: true },
    ],
    creditRating: 'C',
  },
  { id: 'prospect', purchases: [], attitude: null },
  {
    id: 'bargain',
    purchases: [
      { day: '2024-03-01', amountMinor: 1_000, discounted: true },
      { day: '2024-03-01', amountMinor: 500, discounted: true },
      { day: '2024-05-01', amountMinor: 1_000, discounted: false },
      { day: '2024-07-15', amountMinor: 9_999 }, // after the reference date: ignored
    ],
  },
];

describe('shop pipeline on a small café', () => {
  const result = analyzeShop(smallShop, defaultAnalysisSettings, reference, 'day');
  const byId = new Map(result.customers.map((c) => [c.id, c]));

  it('refuses to predict with too few repeat customers, and says why', () => {
    expect(result.shop.repeatCustomers).toBe(3);
    expect(result.shop.verdict.predictive).toBe(false);
    expect(result.shop.verdict.reasons).toEqual([
      { key: 'verdict.tooFewRepeatCustomers', params: { repeatCustomers: 3, required: 50 } },
    ]);
    expect(result.shop.fits).toEqual({ bgnbd: null, gammaGamma: null });
    for (const customer of result.customers) {
      expect(customer.pAlive).toBeNull();
      expect(customer.predictedClvMinor).toBeNull();
      expect(customer.clvBasis).toBe('historical');
      expect(customer.clvMinor).toBe(customer.historicalValueMinor);
    }
  });

  it('computes R, F, M from the window up to the reference date', () => {
    const bargain = byId.get('bargain');
    expect(bargain).toMatchObject({ frequency: 3, visits: 2, monetaryMinor: 2_500, recencyDays: 60 });
    expect(bargain?.lastPurchase).toBe('2024-05-01');
    expect(byId.get('regular')).toMatchObject({ frequency: 24, monetaryMinor: 72_000, recencyDays: 3 });
  });

  it('labels each customer with the obvious answer and a reason', () => {
    const regular = byId.get('regular');
    expect(regular).toMatchObject({
      segment: 'champions',
      abcClass: 'A',
      tier: 'vip',
      stage: 'stability',
      attachment: 'high',
      loyalty: 'premium',
      loyaltyScale: 'cashCow',
      atRisk: false,
    });
    expect(regular?.reasons.stage).toEqual({
      key: 'lifecycle.stability.steady',
      params: { n1: 12, n0: 12, windowDays: 180 },
    });
    // With four buyers the quintile edges are coarse: 10 days ago is the second-most recent → R 4.
    expect(byId.get('newcomer')).toMatchObject({
      stage: 'exploration',
      rScore: 4,
      fScore: 1,
      segment: 'promising',
    });
    expect(byId.get('bargain')).toMatchObject({ stage: 'formation', loyalty: 'incentive' });
    const faded = byId.get('faded');
    expect(faded).toMatchObject({ stage: 'lost', loyalty: 'price', creditLoyalty: 'poor', atRisk: false });
    expect(faded?.reasons.stage.key).toBe('lifecycle.lost.recency');
    expect(byId.get('prospect')).toMatchObject({
      tier: 'prospect',
      stage: 'prospect',
      segment: null,
      loyalty: null,
      attachment: 'unknown',
      recencyDays: null,
      clvMinor: 0,
    });
    expect(result.shop.counts.tier).toEqual({ vip: 1, small: 3, prospect: 1 });
  });

  it('reports the Pareto headline and a timing for every stage', () => {
    // Four buyers: the top 20 % is one customer, the regular, with 72,000 of 89,000.
    expect(result.shop.pareto.headline.topCustomers).toBe(1);
    expect(result.shop.pareto.headline.revenueShare).toBeCloseTo(72_000 / 89_000, 12);
    expect(result.shop.timings.map((t) => t.stage)).toEqual([
      'ingest',
      'rfm',
      'abcPyramid',
      'bgnbd',
      'gammaGamma',
      'clv',
      'lifecycleLoyaltyChurn',
      'rules',
      'suggestions',
      'clusters',
      'assemble',
    ]);
  });

  it('gives the same answer streamed one customer at a time', () => {
    const analyzer = createShopAnalyzer(defaultAnalysisSettings, reference, 'day');
    for (const customer of smallShop) analyzer.add(customer);
    const streamed = analyzer.finish();
    expect(streamed.customers).toEqual(result.customers);
    expect(() => analyzer.finish()).toThrow();
  });

  it('honours an analysis window of N days', () => {
    const settings = analysisSettingsSchema.parse({ window: { kind: 'days', days: 365 } });
    const windowed = analyzeShop(smallShop, settings, reference, 'day');
    const faded = windowed.customers.find((c) => c.id === 'faded');
    expect(faded).toMatchObject({ frequency: 0, tier: 'prospect', stage: 'prospect' });
  });
});

describe('shop pipeline on degenerate data', () => {
  it('treats a fit that runs off to infinity as no model, and says so', () => {
    // 200 customers who all bought exactly twice, 30 days apart: no heterogeneity to estimate.
    const uniform: CustomerInput[] = Array.from({ length: 200 }, (_, i) => ({
      id: `c${i}`,
      purchases: [
        { day: 19_000 + i, amountMinor: 1_000 },
        { day: 19_030 + i, amountMinor: 1_200 },
      ],
    }));
    const result = analyzeShop(uniform, defaultAnalysisSettings, 20_000, 'day');
    expect(result.shop.verdict.predictive).toBe(false);
    expect(result.shop.verdict.reasons[0]).toEqual({
      key: 'verdict.bgnbdDegenerate',
      params: { repeatCustomers: 200 },
    });
    expect(result.customers.every((c) => c.pAlive === null && c.clvBasis === 'historical')).toBe(true);
  });

  it('handles a shop where nobody has bought yet', () => {
    const result = analyzeShop([{ id: 'a', purchases: [] }], defaultAnalysisSettings, 20_000, 'day');
    expect(result.shop.verdict.reasons).toEqual([{ key: 'verdict.noCustomers', params: {} }]);
    expect(result.shop.pareto.headline.topCustomers).toBe(0);
    expect(result.customers[0]).toMatchObject({ tier: 'prospect', stage: 'prospect', cluster: null });
  });
});

describe('shop pipeline on a synthetic shop', () => {
  const options = { ...defaultSyntheticShop, customers: 4000, seed: 21 };
  const result = analyzeShop(syntheticShop(options), defaultAnalysisSettings, options.referenceDay, 'day');

  it('fits both models and recovers the generating BG/NBD parameters roughly', () => {
    expect(result.shop.verdict.predictive).toBe(true);
    expect(result.shop.verdict.spendModel).toBe(true);
    const fit = result.shop.fits.bgnbd;
    expect(fit?.converged).toBe(true);
    // 4,000 customers: a and b within 35 %, r and α within 25 % of the truth.
    expect(Math.abs((fit?.r ?? 0) / options.purchase.r - 1)).toBeLessThan(0.25);
    expect(Math.abs((fit?.alpha ?? 0) / options.purchase.alpha - 1)).toBeLessThan(0.25);
    expect(Math.abs((fit?.a ?? 0) / options.purchase.a - 1)).toBeLessThan(0.35);
    expect(Math.abs((fit?.b ?? 0) / options.purchase.b - 1)).toBeLessThan(0.35);
  });

  it('gives every buyer a probability, a CLV and an at-risk flag consistent with the rules', () => {
    for (const customer of result.customers) {
      if (customer.frequency === 0) continue;
      expect(customer.pAlive).toBeGreaterThanOrEqual(0);
      expect(customer.pAlive).toBeLessThanOrEqual(1);
      expect(customer.clvBasis).toBe('model');
      expect(customer.predictedClvMinor).toBeGreaterThanOrEqual(0);
      const expectedRisk = (customer.pAlive ?? 1) < 0.5 || customer.stage === 'decline';
      expect(customer.atRisk).toBe(expectedRisk);
      if (customer.visits === 1) expect(customer.pAlive).toBe(1);
    }
    const ranks = result.customers.filter((c) => c.atRisk).map((c) => c.winBackRank);
    expect(new Set(ranks).size).toBe(ranks.length);
    expect(result.shop.winBack).toHaveLength(result.shop.counts.atRisk);
    const first = result.customers.find((c) => c.id === result.shop.winBack[0]);
    const stakes = result.customers.filter((c) => c.atRisk).map((c) => c.valueAtStakeMinor);
    expect(first?.valueAtStakeMinor).toBe(Math.max(...stakes));
  });

  it('mines the planted product pairs and suggests them', () => {
    expect(result.shop.rules.length).toBeGreaterThan(0);
    const planted = result.shop.rules.find((r) => r.antecedent.join() === 'P0' && r.consequent === 'P1');
    expect(planted?.lift).toBeGreaterThan(1);
    const withSuggestions = result.customers.filter((c) => c.suggestions.length > 0);
    expect(withSuggestions.length).toBeGreaterThan(0);
    expect(result.shop.clusters).toHaveLength(4);
  });
});

describe.skipIf(!referenceDataAvailable)(`shop pipeline on CDNOW in weeks (${skipReason})`, () => {
  it('reproduces the published BG/NBD and Gamma-Gamma fits and the CLV total end to end', () => {
    const byCustomer = new Map<
      string,
      CustomerInput & { purchases: { day: string; amountMinor: number }[] }
    >();
    for (const purchase of loadCdnowPurchases()) {
      const id = String(purchase.customerId);
      const customer = byCustomer.get(id) ?? { id, purchases: [] };
      customer.purchases.push({ day: purchase.date, amountMinor: purchase.cents });
      byCustomer.set(id, customer);
    }
    const result = analyzeShop(byCustomer.values(), defaultAnalysisSettings, '1997-09-30', 'week');
    expect(result.shop.buyers).toBe(2357);
    expect(result.shop.repeatCustomers).toBe(946);
    const bg = result.shop.fits.bgnbd;
    expect(bg?.r).toBeCloseTo(0.2425929, 5);
    expect(bg?.alpha).toBeCloseTo(4.4135317, 3);
    expect(bg?.a).toBeCloseTo(0.7928862, 4);
    expect(bg?.b).toBeCloseTo(2.4257537, 3);
    const gg = result.shop.fits.gammaGamma;
    expect(gg?.p).toBeCloseTo(6.2488, 2);
    expect(gg?.q).toBeCloseTo(3.7446, 2);
    // Spend is in cents here, so γ is 100 times the dollar value.
    expect((gg?.gamma ?? 0) / 100).toBeCloseTo(15.4477, 2);
    const totalCents = result.customers.reduce((sum, c) => sum + (c.predictedClvMinor ?? 0), 0);
    // Rounded to the cent per customer: within half a cent × 2,357 of $71,509.90.
    expect(Math.abs(totalCents - 7_150_990)).toBeLessThan(1_200);
    expect(result.shop.clvPeriodLength).toBe(4.345);
  });
});
