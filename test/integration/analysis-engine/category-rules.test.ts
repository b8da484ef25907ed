/**
 * Category-level cross-selling (issue 5, DOMAIN.md §3.9) through the whole analysis run: sales
 * recorded with categorised lines, read by the worker(s), mined, stored with level 'category',
 * shown on the loyalty dashboard and as category suggestions on the card. The shop is the
 * hand-built one of test/helpers/category-shop.ts, whose four category rules are worked out there.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { analysisService } from '../../../src/main/domain/analysis/analysis.service';
import { readRunRules } from '../../../src/main/domain/analysis/analysis.repo';
import { openTestShop, type TestShop } from '../../helpers/core';
import { runCli } from '../../helpers/cli';
import { insertCustomer } from '../care/fixtures';
import {
  CATEGORY_SHOP_CATEGORISED_TICKETS,
  CATEGORY_SHOP_CUSTOMERS,
  categoryShopSettings,
  categoryShopTickets,
  expectedCategoryRules,
} from '../../helpers/category-shop';

const shops: TestShop[] = [];
afterEach(async () => {
  for (const shop of shops.splice(0)) await shop.close();
});

const NOW = new Date('2026-06-15T10:00:00Z');
const AS_OF = '2026-06-15';

async function categoryShop(): Promise<{ shop: TestShop; customers: string[] }> {
  const shop = await openTestShop({ clock: () => NOW });
  shops.push(shop);
  const customers = Array.from({ length: CATEGORY_SHOP_CUSTOMERS }, (_, i) =>
    insertCustomer(shop.core.db, { name: `Customer ${i}` }),
  );
  for (const ticket of categoryShopTickets) {
    await shop.staff.call('sales.record', {
      customerId: customers[ticket.customer]!,
      purchasedAt: new Date(NOW.getTime() - ticket.daysAgo * 86_400_000).toISOString(),
      lines: ticket.lines.map((line) => ({
        productName: line.productName,
        // An uncategorised line is stored with the empty category, as the sales form leaves it.
        ...(line.category ? { category: line.category } : {}),
        amountMinor: 1_000,
      })),
    });
  }
  await shop.owner.call('analysis.settings.update', categoryShopSettings);
  return { shop, customers };
}

const key = (r: { antecedent: readonly string[]; consequent: string }): string =>
  `${r.antecedent.join('+')} > ${r.consequent}`;

describe('category rules through the analysis run', () => {
  it('stores exactly the obvious category rules with their level, and shows and suggests them', async () => {
    const { shop, customers } = await categoryShop();
    const outcome = await analysisService(shop.core.context).start('manual', { asOf: AS_OF }).done;
    expect(outcome.status).toBe('done');
    expect(outcome.shop?.categoryRuleBaskets).toBe(CATEGORY_SHOP_CATEGORISED_TICKETS);

    const stored = readRunRules(shop.core.db, outcome.runId);
    expect(stored.every((r) => r.level === 'category')).toBe(true);
    expect(stored.map(key).sort()).toEqual(expectedCategoryRules.map(key).sort());
    for (const expected of expectedCategoryRules) {
      const rule = stored.find((r) => key(r) === key(expected))!;
      expect(rule.support).toBeCloseTo(expected.support, 12);
      expect(rule.confidence).toBeCloseTo(expected.confidence, 12);
      expect(rule.lift).toBeCloseTo(expected.lift, 12);
    }

    const dashboard = await shop.staff.call('loyalty.dashboard', { from: '2026-01-01', to: AS_OF });
    expect(dashboard.rules.filter((r) => r.level === 'category').map(key).sort()).toEqual(
      expectedCategoryRules.map(key).sort(),
    );

    // Customer 8 buys only coffee: Bakery is suggested (confidence 40/70); customer 14 only tea.
    const coffeeOnly = await shop.staff.call('card.get', { id: customers[8]! });
    expect(coffeeOnly.categorySuggestions).toEqual([
      { category: 'Bakery', because: ['Coffee'], confidence: expect.closeTo(40 / 70, 12) as number },
    ]);
    const teaOnly = await shop.staff.call('card.get', { id: customers[14]! });
    expect(teaOnly.categorySuggestions.map((s) => s.category)).toEqual(['Desserts']);
    // Customer 0 already buys from both categories of the Coffee–Bakery rules.
    expect((await shop.staff.call('card.get', { id: customers[0]! })).categorySuggestions).toEqual([]);
  }, 60_000);

  it('`cli analyze --json` writes the rules beside the run record, each with its level', async () => {
    const { shop } = await categoryShop();
    await shop.close();
    shops.splice(shops.indexOf(shop), 1);
    const out = path.join(path.dirname(shop.dbFile), 'analysis.json');
    const result = runCli(['analyze', '--db', shop.dbFile, '--as-of', AS_OF, '--json', out]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain(`rules 0 product (from 105 baskets), 4 category (from 100 baskets)`);
    const json = JSON.parse(readFileSync(out, 'utf8')) as {
      rules: { level: string; antecedent: string[]; consequent: string; support: number }[];
      customers: unknown[];
    };
    expect(json.customers).toHaveLength(CATEGORY_SHOP_CUSTOMERS);
    expect(json.rules.map((r) => [r.level, key(r)]).sort()).toEqual(
      expectedCategoryRules.map((r) => ['category', key(r)]).sort(),
    );
  }, 60_000);
});
