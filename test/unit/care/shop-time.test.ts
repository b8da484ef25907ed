import { describe, expect, it } from 'vitest';
import { daysUntilMonthDay, localDate } from '../../../src/main/domain/care/shop-time';
import { suggestProducts } from '../../../src/main/domain/card/card.service';

describe('shop-local dates', () => {
  it('counts days to the next birthday across the year end and for 29 February', () => {
    expect(daysUntilMonthDay('2026-12-30', '01-02')).toBe(3);
    expect(daysUntilMonthDay('2026-02-27', '02-29')).toBe(1); // celebrated on the 28th in a common year
    expect(daysUntilMonthDay('2028-02-27', '02-29')).toBe(2);
    expect(daysUntilMonthDay('2026-06-15', '06-15')).toBe(0);
  });

  it('takes the calendar date in the shop zone', () => {
    expect(localDate('2026-06-14T17:30:00Z', 'Asia/Shanghai')).toBe('2026-06-15');
    expect(localDate('2026-06-14T17:30:00Z', 'America/New_York')).toBe('2026-06-14');
  });
});

describe('suggestProducts', () => {
  it('needs every antecedent item bought, skips owned consequents and malformed rules', () => {
    const rules = [
      { antecedent: '["A","B"]', consequent: 'C', confidence: 0.9 },
      { antecedent: '["A"]', consequent: 'D', confidence: 0.5 },
      { antecedent: 'not json', consequent: 'E', confidence: 0.99 },
      { antecedent: '["A"]', consequent: 'A', confidence: 0.95 },
    ];
    expect(suggestProducts(rules, new Set(['A']))).toEqual([{ product: 'D', because: ['A'], confidence: 0.5 }]);
    expect(suggestProducts(rules, new Set(['A', 'B'])).map((s) => s.product)).toEqual(['C', 'D']);
  });
});
