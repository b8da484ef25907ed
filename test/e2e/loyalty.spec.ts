import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { LoyaltyPage } from './pages/loyalty.page';
import { choosePinThenDownload, readCsvDownload } from './support/owner-export';
import { runCli, startPreview, tempDir, type RunningPreview } from '../helpers/cli';
import { writeAnalysisSnapshot } from '../helpers/loyalty-snapshot';
import { openReadable, openWritable } from '../../src/main/db/connection';
import { listCustomers } from '../../src/main/domain/loyalty/loyalty.service';

/**
 * The demo café with two analysis runs written by the real pipeline (the analysis writer of issue 5
 * is built in parallel, so the test writes the runs itself, following storage-contract.md).
 */
function demoShopWithRuns(locale: 'en' | 'zh-CN'): string {
  const dbFile = path.join(tempDir('patron-e2e-loyalty-'), 'shop.db');
  const seed = runCli(['seed', '--db', dbFile, '--customers', '800', '--seed', '7', '--locale', locale]);
  if (seed.status !== 0) throw new Error(`seed failed: ${seed.stderr}`);
  // The writer connection: the snapshot goes into the analysis store it attaches.
  const db = openWritable(dbFile);
  try {
    const today = new Date();
    const earlier = new Date(today.getTime() - 90 * 86_400_000);
    writeAnalysisSnapshot(db, earlier.toISOString().slice(0, 10), earlier.toISOString());
    writeAnalysisSnapshot(db, today.toISOString().slice(0, 10), today.toISOString());
  } finally {
    db.close();
  }
  return dbFile;
}

let running: RunningPreview | null = null;
test.afterEach(async () => {
  await running?.stop();
  running = null;
});

/** That shop in the preview, in the given language, with the Loyalty screen open. */
async function openDemoLoyalty(
  page: Page,
  locale: 'en' | 'zh-CN',
): Promise<{ dbFile: string; loyalty: LoyaltyPage }> {
  const dbFile = demoShopWithRuns(locale);
  running = await startPreview(dbFile, ['--locale', locale]);
  const loyalty = new LoyaltyPage(page);
  await loyalty.open(running.url);
  return { dbFile, loyalty };
}

test('Loyalty on the demo shop: every chart renders, an RFM cell lists exactly its customers', async ({
  page,
}) => {
  const { dbFile, loyalty } = await openDemoLoyalty(page, 'en');

  await expect(page.getByRole('heading', { name: 'Loyalty', level: 2 })).toBeVisible();
  for (const chart of ['rfm', 'pareto', 'lifecycle', 'loyalty', 'cohorts', 'churn', 'complaints']) {
    await expect(loyalty.chart(chart).locator('svg').first(), chart).toBeVisible();
    await expect(loyalty.chart(chart)).toHaveAttribute('data-empty', 'false');
  }
  for (const table of ['movement', 'rules']) {
    await expect(loyalty.chart(table).locator('tbody tr').first(), table).toBeVisible();
  }
  await expect(loyalty.headline('buyers')).not.toContainText('…');
  await expect(loyalty.headline('revenue')).toContainText('$');

  // Pick the fullest R5 cell so the table has rows; its count is what the grid shows.
  const counts = await Promise.all(
    [1, 2, 3, 4, 5].map(async (f) => Number(await loyalty.rfmCell(5, f).getAttribute('data-count'))),
  );
  const f = counts.indexOf(Math.max(...counts)) + 1;
  const shown = counts[f - 1]!;
  expect(shown).toBeGreaterThan(0);
  await loyalty.rfmCell(5, f).click();
  await expect(loyalty.drawer).toBeVisible();
  await expect(loyalty.drillCount).toHaveAttribute('data-count', String(shown));
  await expect(loyalty.drillRows).toHaveCount(Math.min(shown, 50));

  const db = openReadable(dbFile, { analysisStore: true });
  try {
    const expected = listCustomers(db, { rfm: { r: 5, f } }, 0, 50, new Date());
    expect(expected.total).toBe(shown);
    expect(await loyalty.drillIds()).toEqual(expected.rows.map((row) => row.id));
  } finally {
    db.close();
  }
  await expect(loyalty.drawer.getByRole('link', { name: 'Open in customer list' })).toHaveAttribute(
    'href',
    `#/customers?rfm=5-${f}`,
  );
  await page.keyboard.press('Escape');
  await expect(loyalty.drawer).toBeHidden();
});

test('zh-CN: Chinese labels, a segment row drills down, one click adds win-back reminders', async ({
  page,
}) => {
  const { loyalty } = await openDemoLoyalty(page, 'zh-CN');
  await expect(page.getByRole('heading', { name: '忠诚度', level: 2 })).toBeVisible();
  await expect(loyalty.headline('buyers')).toContainText('购买客户');
  await expect(loyalty.chart('rfm')).toContainText('RFM 矩阵');

  await page.getByTestId('segment-table').getByRole('row').filter({ hasText: '冠军客户' }).click();
  await expect(loyalty.drawer).toContainText('客户：冠军客户');
  await expect(loyalty.drillRows.first()).toBeVisible();
  await page.keyboard.press('Escape');

  const remindAll = page.getByTestId('winback-remind-all');
  await expect(remindAll).toBeEnabled();
  await remindAll.click();
  await expect(page.getByText(/已添加 \d+ 条挽回提醒/)).toBeVisible();
  await expect(page.getByTestId('winback-table').getByText('已设提醒').first()).toBeVisible();
  await expect(remindAll).toBeDisabled();
});

test('export a segment: its drill-down downloads exactly its customers as CSV, after the owner PIN', async ({
  page,
}) => {
  const { dbFile, loyalty } = await openDemoLoyalty(page, 'en');
  await page.getByTestId('segment-table').getByRole('row').filter({ hasText: 'Champions' }).click();
  await expect(loyalty.drawer).toContainText('Champions');
  await expect(loyalty.drillRows.first()).toBeVisible();
  const shown = Number(await loyalty.drillCount.getAttribute('data-count'));
  expect(shown).toBeGreaterThan(0);

  await loyalty.drawer.getByTestId('loyalty-drill-export').click();
  // Export is an owner action; this shop has no PIN yet, so the owner chooses one first.
  const { rows } = await readCsvDownload(await choosePinThenDownload(page, 'en', '530172'));

  const db = openReadable(dbFile, { analysisStore: true });
  try {
    const expected = listCustomers(db, { segment: 'champions' }, 0, shown, new Date());
    expect(expected.total).toBe(shown);
    expect(rows).toHaveLength(shown);
    expect(new Set(rows.map((row) => row['segment']))).toEqual(new Set(['champions']));
    expect(rows.map((row) => row['name']).sort()).toEqual(expected.rows.map((row) => row.name).sort());
  } finally {
    db.close();
  }
});
