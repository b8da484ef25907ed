import { describe, expect, it, vi } from 'vitest';
import {
  associationRules,
  basketListFromArrays,
  frequentItemsets,
  ItemDictionary,
  minimumCount,
  SuggestionIndex,
  type RuleOptions,
} from '../../../src/main/analysis/rules';
import { loadGroceries, referenceDataAvailable, skipReason } from './reference-data';

// Fits and reference data sets take a few seconds on a busy shared machine; the default 5 s is tight.
vi.setConfig({ testTimeout: 60_000 });

const options = (over: Partial<RuleOptions>): RuleOptions => ({
  minSupport: 0.001,
  minConfidence: 0.5,
  minLift: null,
  minItems: 1,
  maxItems: 10,
  ...over,
});

function countBySize(rules: { antecedent: number[] }[]): Record<number, number> {
  const sizes: Record<number, number> = {};
  for (const rule of rules) sizes[rule.antecedent.length + 1] = (sizes[rule.antecedent.length + 1] ?? 0) + 1;
  return sizes;
}

describe('association rules on a hand-made store', () => {
  // 0 = bread, 1 = butter, 2 = milk, 3 = beer
  const baskets = basketListFromArrays([
    [0, 1],
    [0, 1, 2],
    [0, 1],
    [2, 3],
    [0, 2],
    [1, 0, 0],
  ]);

  it('counts itemsets once per basket and finds bread → butter', () => {
    const itemsets = frequentItemsets(baskets, 4, 0.3, 3);
    expect(itemsets.minCount).toBe(2);
    expect(itemsets.counts.get('0')).toBe(5);
    expect(itemsets.counts.get('0,1')).toBe(4);
    expect(itemsets.counts.has('2,3')).toBe(false);
    const rules = associationRules(itemsets, options({ minConfidence: 0.6, minItems: 2 }));
    const butterFromBread = rules.find((r) => r.antecedent.join() === '0' && r.consequent === 1);
    expect(butterFromBread).toMatchObject({ count: 4, support: 4 / 6, confidence: 4 / 5 });
    expect(butterFromBread?.lift).toBeCloseTo(4 / 5 / (4 / 6), 12);
  });

  it('suggests what the customer has not bought, best confidence first', () => {
    const rules = associationRules(
      frequentItemsets(baskets, 4, 0.3, 3),
      options({ minConfidence: 0.3, minItems: 2 }),
    );
    const index = new SuggestionIndex(rules);
    const bought = new Set([0]);
    const suggestions = index.suggest([0], bought, 2);
    expect(suggestions.map((s) => s.item)).toEqual([1, 2]);
    expect(suggestions[0]?.confidence).toBeCloseTo(0.8, 12);
    expect(index.suggest([0, 1, 2], new Set([0, 1, 2]), 3)).toEqual([]);
  });

  it('minimum count follows floating-point support like arules', () => {
    expect(minimumCount(0.001, 9835)).toBe(10);
    expect(minimumCount(0.006, 9835)).toBe(60);
    // 0.07 × 100 = 7.000000000000001 in floating point, yet 7 / 100 ≥ 0.07.
    expect(minimumCount(0.07, 100)).toBe(7);
  });

  it('maps item names to stable indices', () => {
    const dictionary = new ItemDictionary();
    expect([dictionary.indexOf('milk'), dictionary.indexOf('tea'), dictionary.indexOf('milk')]).toEqual([
      0, 1, 0,
    ]);
    expect(dictionary.names).toEqual(['milk', 'tea']);
  });
});

describe.skipIf(!referenceDataAvailable)(`association rules on groceries.csv (${skipReason})`, () => {
  const dictionary = new ItemDictionary();
  const baskets = referenceDataAvailable
    ? basketListFromArrays(loadGroceries().map((basket) => basket.map((item) => dictionary.indexOf(item))))
    : basketListFromArrays([]);

  it('has 9,835 baskets and 169 items once names are trimmed', () => {
    expect(baskets.length).toBe(9835);
    expect(dictionary.size).toBe(169);
  });

  it('support 0.001, confidence 0.5 → 5,668 rules (11 / 1,461 / 3,211 / 939 / 46 by size)', () => {
    const rules = associationRules(frequentItemsets(baskets, dictionary.size, 0.001, 10), options({}));
    expect(rules).toHaveLength(5668);
    expect(countBySize(rules)).toEqual({ 2: 11, 3: 1461, 4: 3211, 5: 939, 6: 46 });
  });

  it('support 0.001, confidence 0.6 → 2,918 rules', () => {
    const rules = associationRules(
      frequentItemsets(baskets, dictionary.size, 0.001, 10),
      options({ minConfidence: 0.6 }),
    );
    expect(rules).toHaveLength(2918);
  });

  it('support 0.006, confidence 0.25, at least 2 items → 463 rules', () => {
    const rules = associationRules(
      frequentItemsets(baskets, dictionary.size, 0.006, 10),
      options({ minSupport: 0.006, minConfidence: 0.25, minItems: 2 }),
    );
    expect(rules).toHaveLength(463);
    for (const rule of rules) {
      expect(rule.antecedent.length).toBeGreaterThan(0);
      expect(rule.count).toBeGreaterThanOrEqual(60);
      expect(rule.confidence).toBeGreaterThanOrEqual(0.25);
    }
  });
});
