import { expect, test } from './support/fixtures';
import { TodayPage } from './pages/today.page';
import { pickCustomer, shopProfile, withShopDb } from './support/shop-db';

/** Today's month and day in the shop's zone, as the core computes it. */
function shopMonthDay(timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(new Date());
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('month')}-${get('day')}`;
}

for (const locale of ['en', 'zh-CN'] as const) {
  test(`Today shows a birthday today (${locale})`, async ({ page, openPreview }) => {
    const preview = await openPreview({ shop: { demoCustomers: 30, locale }, locale });
    const customer = pickCustomer(preview.dbFile, 3);
    const { timezone } = shopProfile(preview.dbFile);
    withShopDb(preview.dbFile, (db) =>
      db
        .prepare('UPDATE customers SET birthday = ? WHERE id = ?')
        .run(`1990-${shopMonthDay(timezone)}`, customer.id),
    );
    const today = new TodayPage(page);
    await today.open(preview.url);
    const entry = today.birthdays.getByText(customer.name, { exact: true }).locator('../..');
    await expect(entry).toContainText(locale === 'en' ? 'today' : '今天');
    await entry.getByRole('link', { name: customer.name }).click();
    await expect(page.getByTestId('card-name')).toHaveText(customer.name);
  });
}
