import { describe, expect, it } from 'vitest';
import { epochDayFromDate } from '../../../src/main/analysis/dates';
import { analyzeShop, mineRules } from '../../../src/main/analysis/pipeline';
import { basketListFromArrays } from '../../../src/main/analysis/rules';
import { analysisSettingsSchema } from '../../../src/shared/analysis/settings';
import type { AssociationRuleResult, CustomerInput } from '../../../src/shared/analysis/types';
import {
  CATEGORY_SHOP_CATEGORISED_TICKETS,
  CATEGORY_SHOP_CUSTOMERS,
  CATEGORY_SHOP_TICKETS,
  categoryShopSettings,
  categoryShopTickets,
  expectedCategoryRules,
} from '../../helpers/category-shop';

const reference = '2024-06-30';
const settings = analysisSettingsSchema.parse(categoryShopSettings);

/** The hand-built café as pipeline input: items and categories parallel, '' for no category. */
function categoryShop(): CustomerInput[] {
  return Array.from({ length: CATEGORY_SHOP_CUSTOMERS }, (_, customer) => ({
    id: `c${String(customer).padStart(2, '0')}`,
    purchases: categoryShopTickets
      .filter((ticket) => ticket.customer === customer)
      .map((ticket) => ({
        day: epochDayFromDate(reference) - ticket.daysAgo,
        amountMinor: 1_000,
        items: ticket.lines.map((line) => line.productName),
        categories: ticket.lines.map((line) => line.category),
      })),
  }));
}

const byRule = (p: { antecedent: readonly string[]; consequent: string }, q: typeof p): number =>
  `${p.antecedent.join('+')}>${p.consequent}`.localeCompare(`${q.antecedent.join('+')}>${q.consequent}`);

describe('category-level association rules', () => {
  const result = analyzeShop(categoryShop(), settings, reference, 'day');
  const categoryRules = result.shop.rules.filter((r) => r.level === 'category');

  it('mines the tickets by category with the same thresholds and finds exactly the obvious rules', () => {
    expect(result.shop.categoryRuleBaskets).toBe(CATEGORY_SHOP_CATEGORISED_TICKETS);
    expect(result.shop.ruleBaskets).toBe(CATEGORY_SHOP_TICKETS);
    const found = [...categoryRules].sort(byRule);
    expect(found.map((r) => [r.antecedent, r.consequent])).toEqual(
      [...expectedCategoryRules].sort(byRule).map((r) => [r.antecedent, r.consequent]),
    );
    for (const [rule, expected] of found.map((r, i) => [r, [...expectedCategoryRules].sort(byRule)[i]!] as const)) {
      expect(rule.support).toBeCloseTo(expected.support, 12);
      expect(rule.confidence).toBeCloseTo(expected.confidence, 12);
      expect(rule.lift).toBeCloseTo(expected.lift, 12);
      expect(rule.count).toBe(Math.round(expected.support * CATEGORY_SHOP_CATEGORISED_TICKETS));
    }
  });

  it('ranks each level best lift first and keeps products and categories apart', () => {
    const lifts = categoryRules.map((r) => r.lift);
    expect(lifts).toEqual([...lifts].sort((p, q) => q - p));
    // Products vary within each category, so no product pair reaches 5 % support.
    expect(result.shop.rules.filter((r) => r.level === 'product')).toEqual([]);
    const levels = result.shop.rules.map((r: AssociationRuleResult) => r.level);
    expect(levels.every((level) => level === 'product' || level === 'category')).toBe(true);
  });

  it('reports at most maxRulesReported rules per level', () => {
    const capped = analyzeShop(
      categoryShop(),
      analysisSettingsSchema.parse({ rules: { ...categoryShopSettings.rules, maxRulesReported: 1 } }),
      reference,
      'day',
    );
    expect(capped.shop.rules.filter((r) => r.level === 'category')).toHaveLength(1);
    // Desserts → Tea: the highest lift, and on a tie with Tea → Desserts the higher confidence.
    expect(capped.shop.rules[0]).toMatchObject({ level: 'category', antecedent: ['Desserts'], consequent: 'Tea' });
  });
});

describe('mineRules', () => {
  it('applies support, confidence and lift as one setting for every level', () => {
    // 0 = Coffee, 1 = Bakery, 2 = Tea: Bakery → Coffee (lift 1.25) holds; at lift > 1.3 nothing does.
    const baskets = basketListFromArrays([[0, 1], [0, 1], [0], [0, 1, 1], [2]]);
    const base = analysisSettingsSchema.parse({ rules: { minSupport: 0.4, minConfidence: 0.5, minLift: 1 } }).rules;
    const rules = mineRules(baskets, 3, base);
    expect(rules.map((r) => [r.antecedent, r.consequent, r.count])).toEqual([
      [[1], 0, 3],
      [[0], 1, 3],
    ]);
    expect(rules[0]?.lift).toBeCloseTo(1 / 0.8, 12);
    expect(mineRules(baskets, 3, { ...base, minLift: 1.3 })).toEqual([]);
    expect(mineRules(basketListFromArrays([]), 0, base)).toEqual([]);
  });
});
