import { describe, expect, it } from 'vitest';
import { churnRisk, valueAtStake, winBackOrder } from '../../../src/main/analysis/churn';
import { lifecycleStage, medianGapDays } from '../../../src/main/analysis/lifecycle';
import { attachmentOf, loyaltyTypeOf } from '../../../src/main/analysis/loyalty';
import { defaultAnalysisSettings } from '../../../src/shared/analysis/settings';

const T = 1000;
const context = { referenceDay: T, shopMedianGapDays: 30, settings: defaultAnalysisSettings.lifecycle };
const stage = (visitDays: number[], pAlive: number | null = null) =>
  lifecycleStage({ visitDays, pAlive }, context);

describe('lifecycle stages, in rule order', () => {
  it('prospect without purchases', () => {
    expect(stage([])).toMatchObject({ stage: 'prospect', reason: { key: 'lifecycle.prospect.noPurchase' } });
  });

  it('lost by P(alive) before anything else, even for a new customer', () => {
    expect(stage([T - 10], 0.1)).toMatchObject({
      stage: 'lost',
      reason: { key: 'lifecycle.lost.pAlive', params: { pAlivePct: 10, thresholdPct: 20 } },
    });
  });

  it('lost by recency: beyond max(365, 4 × gap)', () => {
    // Weekly visits, last one 400 days ago: 400 > max(365, 28).
    expect(stage([T - 421, T - 414, T - 407, T - 400])).toMatchObject({
      stage: 'lost',
      reason: { key: 'lifecycle.lost.recency', params: { daysSince: 400, limitDays: 365 } },
    });
    // A customer who comes every 120 days is allowed 480 days.
    expect(stage([T - 840, T - 720, T - 600, T - 470]).stage).not.toBe('lost');
    // A single-visit customer uses the shop-wide gap (30 days → limit 365).
    expect(stage([T - 366]).stage).toBe('lost');
  });

  it('exploration: short tenure or a single visit', () => {
    expect(stage([T - 60, T - 30])).toMatchObject({
      stage: 'exploration',
      reason: { key: 'lifecycle.exploration.newCustomer', params: { tenureDays: 60, thresholdDays: 90 } },
    });
    expect(stage([T - 200])).toMatchObject({
      stage: 'exploration',
      reason: { key: 'lifecycle.exploration.singleVisit', params: { tenureDays: 200 } },
    });
  });

  it('formation when recent visits grow by 25 % and number at least 2', () => {
    // n₀ = 2 visits in days 180–359 ago, n₁ = 4 in the last 180 days.
    expect(stage([T - 300, T - 250, T - 150, T - 100, T - 50, T - 10])).toMatchObject({
      stage: 'formation',
      reason: { key: 'lifecycle.formation.rising', params: { n1: 4, n0: 2, windowDays: 180 } },
    });
  });

  it('decline when visits fall below 75 %: the brief’s example, 2 vs 7', () => {
    const before = [T - 350, T - 320, T - 290, T - 260, T - 240, T - 220, T - 200];
    expect(stage([...before, T - 100, T - 30])).toMatchObject({
      stage: 'decline',
      reason: { key: 'lifecycle.decline.fewerVisits', params: { n1: 2, n0: 7, windowDays: 180 } },
    });
  });

  it('decline when overdue: more than twice the usual gap since the last visit', () => {
    // Steady every 20 days (n₁ = n₀), then silent for 50 days.
    const days = [T - 350, T - 330, T - 310, T - 290, T - 270, T - 250, T - 230, T - 210, T - 190];
    const steady = [...days, T - 170, T - 150, T - 130, T - 110, T - 90, T - 70, T - 50];
    expect(stage(steady)).toMatchObject({
      stage: 'decline',
      reason: { key: 'lifecycle.decline.overdue', params: { daysSince: 50, gapDays: 20 } },
    });
  });

  it('stability otherwise', () => {
    const everyMonth = Array.from({ length: 12 }, (_, i) => T - 335 + 30 * i);
    expect(stage(everyMonth)).toMatchObject({
      stage: 'stability',
      reason: { key: 'lifecycle.stability.steady', params: { n1: 6, n0: 6, windowDays: 180 } },
    });
  });

  it('median gap uses distinct days', () => {
    expect(medianGapDays([0, 10, 40])).toBe(20);
    expect(medianGapDays([0, 10, 20, 60])).toBe(10);
    expect(medianGapDays([5])).toBeNull();
  });

  it('median gap matches a plain sorted median for short and long histories', () => {
    // Short histories are sorted by insertion, long ones by the typed-array sort: both must agree
    // with the textbook median, ties and one-day gaps included.
    let seed = 7;
    const nextGap = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return 1 + (seed % 40);
    };
    for (let visits = 2; visits <= 90; visits++) {
      const days = [0];
      for (let i = 1; i < visits; i++) days.push(days[i - 1]! + nextGap());
      const gaps = days
        .slice(1)
        .map((day, i) => day - days[i]!)
        .sort((x, y) => x - y);
      const middle = gaps.length >> 1;
      const expected = gaps.length % 2 === 1 ? gaps[middle] : (gaps[middle - 1]! + gaps[middle]!) / 2;
      expect(medianGapDays(days)).toBe(expected);
    }
  });
});

const loyaltySettings = defaultAnalysisSettings.loyalty;
const attitude = (over: Partial<Parameters<typeof attachmentOf>[0] & object> = {}) => ({
  satisfactionMean: null,
  recommendMean: null,
  referrals: 0,
  openComplaints: 0,
  complaints: 0,
  ...over,
});

describe('attachment and loyalty type', () => {
  it('attachment: unknown without data, low with an open complaint, high by any of the three signals', () => {
    expect(attachmentOf(null, loyaltySettings).level).toBe('unknown');
    expect(attachmentOf(attitude(), loyaltySettings).level).toBe('unknown');
    expect(
      attachmentOf(attitude({ satisfactionMean: 5, openComplaints: 1, complaints: 1 }), loyaltySettings),
    ).toEqual({
      level: 'low',
      reason: { key: 'attachment.openComplaint', params: { openComplaints: 1 } },
    });
    expect(attachmentOf(attitude({ satisfactionMean: 4.25 }), loyaltySettings).reason).toEqual({
      key: 'attachment.satisfied',
      params: { satisfaction: 4.3, threshold: 4 },
    });
    expect(attachmentOf(attitude({ satisfactionMean: 3, recommendMean: 9 }), loyaltySettings).level).toBe(
      'high',
    );
    expect(attachmentOf(attitude({ referrals: 2 }), loyaltySettings).level).toBe('high');
    expect(attachmentOf(attitude({ satisfactionMean: 3.5 }), loyaltySettings)).toEqual({
      level: 'low',
      reason: { key: 'attachment.low', params: { satisfaction: 3.5, recommend: '–', referrals: 0 } },
    });
    // A resolved complaint is still attitude data.
    expect(attachmentOf(attitude({ complaints: 1 }), loyaltySettings).level).toBe('low');
  });

  it('the six loyalty types of the DOMAIN.md table', () => {
    const type = (attachment: 'high' | 'low' | 'unknown', fScore: number, discounted: number) =>
      loyaltyTypeOf(attachment, fScore, discounted, loyaltySettings).type;
    expect(type('high', 5, 0)).toBe('premium');
    expect(type('high', 5, 0.9)).toBe('premium');
    expect(type('low', 4, 0.5)).toBe('incentive');
    expect(type('unknown', 4, 0.2)).toBe('inertia');
    expect(type('high', 3, 0.9)).toBe('latent');
    expect(type('unknown', 2, 0.6)).toBe('price');
    expect(type('low', 1, 0.1)).toBe('none');
    expect(loyaltyTypeOf('low', 4, 0.5, loyaltySettings).reason).toEqual({
      key: 'loyalty.incentive',
      params: { fScore: 4, threshold: 4, discountedPct: 50 },
    });
  });
});

describe('churn warning and win-back', () => {
  it('at risk when P(alive) < 0.5 or declining', () => {
    expect(churnRisk(0.3, 'stability', 0.5)).toEqual({
      atRisk: true,
      reason: { key: 'churn.lowPAlive', params: { pAlivePct: 30, thresholdPct: 50 } },
    });
    expect(churnRisk(0.9, 'decline', 0.5).atRisk).toBe(true);
    expect(churnRisk(null, 'decline', 0.5).reason.key).toBe('churn.declining');
    expect(churnRisk(0.9, 'stability', 0.5)).toEqual({
      atRisk: false,
      reason: { key: 'churn.safe', params: { pAlivePct: 90 } },
    });
    expect(churnRisk(null, 'formation', 0.5).reason.key).toBe('churn.safeNoModel');
  });

  it('orders the win-back list by value at stake', () => {
    expect(valueAtStake(0.25, 1000, 5000)).toBe(750);
    expect(valueAtStake(null, null, 5000)).toBe(5000);
    const order = winBackOrder([
      { atRisk: true, valueAtStake: 10 },
      { atRisk: false, valueAtStake: 999 },
      { atRisk: true, valueAtStake: 300 },
      { atRisk: true, valueAtStake: 10 },
    ]);
    expect(order).toEqual([2, 0, 3]);
  });
});
