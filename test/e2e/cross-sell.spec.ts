import path from 'node:path';
import { expect, test } from './support/fixtures';
import { LoyaltyPage } from './pages/loyalty.page';
import { CardPage } from './pages/card.page';
import { runCli, startPreview, tempDir, type RunningPreview } from '../helpers/cli';
import { openReadable } from '../../src/main/db/connection';
import { readLatestRun, readRunRules } from '../../src/main/domain/analysis/analysis.repo';

/** The demo café analysed by the real pipeline (`cli analyze`), so both rule levels are mined. */
function analysedDemoShop(locale: 'en' | 'zh-CN'): string {
  const dbFile = path.join(tempDir('patron-e2e-cross-sell-'), 'shop.db');
  const seed = runCli(['seed', '--db', dbFile, '--customers', '800', '--seed', '7', '--locale', locale]);
  if (seed.status !== 0) throw new Error(`seed failed: ${seed.stderr}`);
  const analyze = runCli(['analyze', '--db', dbFile]);
  if (analyze.status !== 0) throw new Error(`analyze failed: ${analyze.stderr}`);
  return dbFile;
}

/** What the shop file holds: the run's rules per level and a customer with a category suggestion. */
function storedRules(dbFile: string): {
  product: string[];
  category: string[];
  suggested: { id: string; category: string } | null;
} {
  const db = openReadable(dbFile);
  try {
    const run = readLatestRun(db, 'done');
    if (!run) throw new Error('no finished analysis run');
    const rules = readRunRules(db, run.id);
    // The card's rule: the most confident category rule whose left side the customer buys from and
    // whose right side they do not (the card service itself pulls in modules Playwright cannot load).
    const byConfidence = rules.filter((r) => r.level === 'category').sort((p, q) => q.confidence - p.confidence);
    const boughtBy = db.prepare(
      `SELECT DISTINCT l.category FROM purchase_lines l JOIN purchases p ON p.id = l.purchase_id
       WHERE p.customer_id = ? AND p.deleted_at IS NULL AND l.amount_minor > 0 AND l.category <> ''`,
    );
    const ids = db.prepare(`SELECT id FROM customers WHERE deleted_at IS NULL ORDER BY id LIMIT 200`).pluck().all() as string[];
    let suggested: { id: string; category: string } | null = null;
    for (const id of ids) {
      const bought = new Set(boughtBy.pluck().all(id) as string[]);
      const rule = byConfidence.find((r) => !bought.has(r.consequent) && r.antecedent.every((a) => bought.has(a)));
      if (rule) {
        suggested = { id, category: rule.consequent };
        break;
      }
    }
    return {
      product: rules.filter((r) => r.level === 'product').map((r) => r.consequent),
      category: rules.filter((r) => r.level === 'category').map((r) => r.consequent),
      suggested,
    };
  } finally {
    db.close();
  }
}

let running: RunningPreview | null = null;
test.afterEach(async () => {
  await running?.stop();
  running = null;
});

for (const { locale, product, category, title } of [
  { locale: 'en', product: 'Products', category: 'Categories', title: 'Categories to try' },
  { locale: 'zh-CN', product: '商品', category: '品类', title: '可以尝试的品类' },
] as const) {
  test(`${locale}: the cross-sell rules switch between products and categories; the card suggests a category`, async ({
    page,
  }) => {
    const dbFile = analysedDemoShop(locale);
    const stored = storedRules(dbFile);
    expect(stored.product.length).toBeGreaterThan(0);
    expect(stored.category.length).toBeGreaterThan(0);
    running = await startPreview(dbFile, ['--locale', locale]);
    const loyalty = new LoyaltyPage(page);
    await loyalty.open(running.url);

    // Products first: the strongest product rule's consequent heads the table.
    await expect(loyalty.chart('rules').getByTestId('rules-level')).toContainText(product);
    await expect(loyalty.ruleRows.first()).toContainText(stored.product[0]!);
    await expect(loyalty.ruleRows).toHaveCount(Math.min(stored.product.length, 15));

    await loyalty.showRuleLevel(category);
    await expect(loyalty.chart('rules').locator('table')).toHaveAttribute('data-level', 'category');
    await expect(loyalty.ruleRows).toHaveCount(Math.min(stored.category.length, 15));
    await expect(loyalty.ruleRows.first()).toContainText(stored.category[0]!);

    await loyalty.showRuleLevel(product);
    await expect(loyalty.chart('rules').locator('table')).toHaveAttribute('data-level', 'product');

    if (!stored.suggested) throw new Error('no customer among the first 200 has a category suggestion');
    const card = new CardPage(page);
    await card.open(running.url, stored.suggested.id);
    await expect(card.categorySuggestions).toContainText(title);
    await expect(card.categorySuggestions).toContainText(stored.suggested.category);
  });
}
