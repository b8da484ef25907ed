import { expect, test } from './support/fixtures';
import { ShellPage } from './pages/shell.page';

test('first run: create the shop and see its name in the shell', async ({ page, openPreview }) => {
  const preview = await openPreview({ shop: 'empty', locale: 'en' });
  await page.goto(preview.url);
  await expect(page.getByRole('heading', { name: 'Welcome to Patron' })).toBeVisible();
  await page.getByLabel('Shop name').fill('Corner Café');
  await page.getByRole('button', { name: 'Create my shop' }).click();
  const shell = new ShellPage(page);
  await expect(shell.shopName).toHaveText('Corner Café');
  await expect(shell.navLink('Customers')).toBeVisible();
});

test('--locale en shows English; switching to Chinese in Settings translates the shell', async ({
  page,
  openPreview,
}) => {
  const preview = await openPreview({ shop: 'init', name: 'Lotus Tea House' });
  const shell = new ShellPage(page);
  await shell.goto(preview.url);
  await expect(shell.shopName).toHaveText('Lotus Tea House');
  for (const label of ['Customers', 'Customer card', 'Loyalty', 'Import / Export', 'Settings']) {
    await expect(shell.navLink(label)).toBeVisible();
  }
  await shell.openSettings('Settings');
  await shell.chooseLanguage('中文');
  await expect(shell.navLink('客户')).toBeVisible();
  await expect(shell.navLink('设置')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  // The choice is stored for this PC: a reload keeps Chinese.
  await page.reload();
  await expect(shell.navLink('客户资料卡')).toBeVisible();
});

test('--locale zh-CN opens the demo shop in Chinese', async ({ page, openPreview }) => {
  const preview = await openPreview({ shop: { demoCustomers: 50, locale: 'zh-CN' }, locale: 'zh-CN' });
  const shell = new ShellPage(page);
  await shell.goto(preview.url);
  await expect(shell.shopName).toHaveText('知客咖啡（演示店）');
  await expect(shell.navLink('客户')).toBeVisible();
  await expect(shell.navLink('忠诚度')).toBeVisible();
});
