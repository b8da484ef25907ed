import { expect, test } from './support/fixtures';
import { ShellPage } from './pages/shell.page';
import { AnalysisPage } from './pages/analysis.page';
import { recordAppearances } from './support/appearances';

test('recompute now: progress shows while the worker runs, then the verdict and model fits', async ({
  page,
  openPreview,
}) => {
  // The run may take up to 90 s on a loaded machine; the test's own budget must cover that and more.
  test.slow();
  const preview = await openPreview({ shop: { demoCustomers: 400, locale: 'en' }, locale: 'en' });
  const shell = new ShellPage(page);
  await shell.goto(preview.url);
  await shell.openSettings('Settings');
  const analysis = new AnalysisPage(page);
  await expect(analysis.status).toContainText('No analysis has run yet.');
  // A 400-customer run can end between two polls on a fast machine: what the bar showed is recorded.
  const progress = await recordAppearances(page, '[data-testid="analysis-progress"]');
  await analysis.recompute.click();
  await expect(analysis.doneNotice).toHaveText('Analysis finished: the labels are up to date.', {
    timeout: 90_000,
  });
  await expect(analysis.progress).toBeHidden();
  // The bar is fed by analysis.progress pushes while the worker runs.
  expect((await progress.texts()).some((text) => text.startsWith('Analysing…'))).toBe(true);
  // Live customers only: the demo puts a few in the recycle bin.
  await expect(analysis.customers).toHaveText(/^(3[5-9]\d|400)$/);
  await expect(analysis.fits).toContainText('BG/NBD');
  await expect(analysis.fits).toContainText(/r = [\d.]+, α = [\d.]+/);
  await expect(analysis.verdictReasons).toBeVisible();
  await expect(analysis.recompute).toBeEnabled();
});

test('staff see every threshold read-only, in Chinese too', async ({ page, openPreview }) => {
  const preview = await openPreview({ shop: { demoCustomers: 20, locale: 'zh-CN' }, locale: 'zh-CN' });
  const shell = new ShellPage(page);
  await shell.goto(preview.url);
  await shell.openSettings('设置');
  const analysis = new AnalysisPage(page);
  await expect(analysis.settings).toContainText('分析阈值');
  await expect(analysis.settings).toContainText('只有店主可以修改阈值。');
  const margin = analysis.setting('value', 'grossMarginPct');
  await expect(margin).toHaveValue('100');
  await expect(margin).toBeDisabled();
  await expect(analysis.setting('abc', 'aCutoffShare')).toHaveValue('80');
  await expect(analysis.setting('rules', 'minSupport')).toHaveValue('1');
  await expect(page.getByTestId('analysis-settings-save')).toHaveCount(0);
  await expect(analysis.status).toContainText('立即重新计算');
});
