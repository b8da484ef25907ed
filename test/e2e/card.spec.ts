import { expect, test } from './support/fixtures';
import { CardPage } from './pages/card.page';
import { CustomersPage } from './pages/customers.page';
import { pickCustomer, shopProfile, withShopDb } from './support/shop-db';

test('search → open the card → record a sale with two lines from the keyboard → the figures update', async ({
  page,
  openPreview,
}) => {
  const preview = await openPreview({ shop: { demoCustomers: 40, locale: 'en' }, locale: 'en' });
  const customer = pickCustomer(preview.dbFile);
  const { currency } = shopProfile(preview.dbFile);
  const before = withShopDb(preview.dbFile, (db) =>
    db
      .prepare(
        `SELECT COALESCE(SUM(total_minor), 0) AS net, COALESCE(SUM(is_return = 0), 0) AS visits
         FROM purchases WHERE customer_id = ? AND deleted_at IS NULL`,
      )
      .get(customer.id),
  ) as { net: number; visits: number };
  const money = (minor: number): string =>
    new Intl.NumberFormat('en', { style: 'currency', currency }).format(minor / 100);

  const card = new CardPage(page);
  // At the counter: Ctrl+K, type the name, open the customer from the results.
  await page.goto(preview.url);
  const customers = new CustomersPage(page);
  await customers.search(customer.name);
  await customers.searchResults.filter({ hasText: customer.name }).first().click();
  await expect(page).toHaveURL(new RegExp(`#/customers/${customer.id}$`));
  await expect(card.name).toHaveText(customer.name);
  await expect(card.visits).toHaveText(String(before.visits));
  await expect(card.netSpend).toHaveText(money(before.net));
  await expect(page.getByTestId('labels')).toContainText('Not analysed yet');

  await card.shortcut('s');
  await expect(card.dialog.getByText('Record a sale')).toBeVisible();
  await card.addSaleLine(1, 'Flat white', '2', '9');
  await card.addSaleLine(2, 'Orange scone', '1', '3.5');
  await expect(card.dialog.getByText(`items minus the discount: ${money(1250)}`)).toBeVisible();
  await card.dialog.getByRole('textbox', { name: 'Amount 2' }).press('Enter');

  await expect(card.dialog).toBeHidden();
  await expect(page.getByText(`Sale recorded: ${money(1250)}`)).toBeVisible();
  await expect(card.visits).toHaveText(String(before.visits + 1));
  await expect(card.netSpend).toHaveText(money(before.net + 1250));
  await expect(card.timelineRows.first()).toContainText('Flat white, Orange scone');
  await expect(card.timelineRows.first()).toContainText(money(1250));

  // Edit the purchase from the timeline: the old values stay in the history, the figures follow.
  await card.timelineRows.first().click();
  await expect(card.dialog.getByText('Edit a purchase')).toBeVisible();
  await expect(card.dialog.getByRole('combobox', { name: 'Product 2' })).toHaveValue('Orange scone');
  await expect(card.dialog.getByRole('textbox', { name: 'Total' })).toHaveValue('');
  await card.dialog.getByRole('textbox', { name: 'Amount 2' }).fill('4.5');
  await card.dialog.getByRole('textbox', { name: 'Amount 2' }).press('Enter');
  await expect(card.dialog).toBeHidden();
  await expect(card.netSpend).toHaveText(money(before.net + 1350));
  await page.getByText(/^Changes 1$/).click();
  await expect(card.timelineRows.first()).toContainText('Edited or deleted a purchase');
  await page.getByText(/^All \d+$/).click();

  // The new product joined the product list: a second sale offers it.
  await card.shortcut('s');
  await card.dialog.getByRole('button', { name: 'Add item' }).click();
  await card.dialog.getByRole('combobox', { name: 'Product 1' }).fill('Orange');
  await expect(page.getByRole('option', { name: 'Orange scone' })).toBeVisible();
});

test('the card in Chinese: labels wait for an analysis, the timeline filters by kind', async ({
  page,
  openPreview,
}) => {
  const preview = await openPreview({ shop: { demoCustomers: 40, locale: 'zh-CN' }, locale: 'zh-CN' });
  const customer = pickCustomer(preview.dbFile, 1);
  const card = new CardPage(page);
  await card.open(preview.url, customer.id);
  await expect(page.getByTestId('labels')).toContainText('尚未分析');
  await expect(page.getByText('关键数据')).toBeVisible();
  await card.shortcut('i');
  await card.dialog.getByRole('textbox', { name: '摘要' }).fill('询问新到的咖啡豆');
  await card.dialog.getByRole('textbox', { name: '摘要' }).press('Enter');
  await expect(card.dialog).toBeHidden();
  await page
    .getByTestId('timeline')
    .locator('..')
    .getByText(/^互动 \d+$/)
    .click();
  await expect(card.timelineRows.first()).toContainText('询问新到的咖啡豆');
  await expect(card.timelineRows.first()).toContainText('面对面');
});
