import Database from 'better-sqlite3';
import { expect, test } from './support/fixtures';
import { CustomersPage } from './pages/customers.page';
import { ShellPage } from './pages/shell.page';

interface Someone {
  id: string;
  name: string;
  digits: string;
}

/** A customer of the seeded file whose last four phone digits no other active customer shares. */
function customerWithUniqueSuffix(dbFile: string): Someone {
  const db = new Database(dbFile, { readonly: true });
  try {
    const row = db
      .prepare(
        `SELECT id, name, phone_digits AS digits FROM customers c
         WHERE phone_digits IS NOT NULL AND deleted_at IS NULL AND merged_into IS NULL
           AND (SELECT count(*) FROM customers o WHERE substr(o.phone_digits, -4) = substr(c.phone_digits, -4)
                AND o.deleted_at IS NULL AND o.merged_into IS NULL) = 1
         ORDER BY created_at LIMIT 1`,
      )
      .get() as Someone | undefined;
    if (!row) throw new Error('the demo file has no customer with a unique phone suffix');
    return row;
  } finally {
    db.close();
  }
}

test('find an existing customer by the last 4 phone digits and open them (English)', async ({
  page,
  openPreview,
}) => {
  const preview = await openPreview({ shop: { demoCustomers: 60, locale: 'en' }, locale: 'en' });
  const someone = customerWithUniqueSuffix(preview.dbFile);
  await page.goto(preview.url);
  await expect(new ShellPage(page).shopName).toBeVisible();
  const customers = new CustomersPage(page);
  await customers.search(someone.digits.slice(-4));
  await expect(customers.searchResults).toHaveCount(1);
  await expect(customers.searchResults.first()).toContainText(someone.name);
  await expect(customers.searchResults.first()).toContainText('phone ending');
  await customers.searchResults.first().click();
  await expect(page).toHaveURL(new RegExp(`#/customers/${someone.id}$`));
});

test('typing an existing phone in the new-customer form offers the existing record (Chinese)', async ({
  page,
  openPreview,
}) => {
  const preview = await openPreview({ shop: { demoCustomers: 40, locale: 'zh-CN' }, locale: 'zh-CN' });
  const someone = customerWithUniqueSuffix(preview.dbFile);
  await page.goto(preview.url);
  await expect(new ShellPage(page).shopName).toHaveText('知客咖啡（演示店）');
  const customers = new CustomersPage(page);
  await customers.openQuickEntry();
  await expect(customers.quickEntry.getByLabel('手机号')).toBeFocused();
  await page.keyboard.type(someone.digits);
  await expect(customers.quickEntry.getByText('已是客户？')).toBeVisible();
  await expect(customers.existingMatches).toHaveCount(1);
  await expect(customers.existingMatches.first()).toContainText(someone.name);
  await customers.existingMatches.first().click();
  await expect(customers.quickEntry).toBeHidden();
  await expect(page).toHaveURL(new RegExp(`#/customers/${someone.id}$`));
});

test('create a new customer with the keyboard only: F2, phone, Tab, name, Enter (English)', async ({
  page,
  openPreview,
}) => {
  const preview = await openPreview({ shop: 'init', locale: 'en', name: 'Corner Café' });
  await page.goto(preview.url);
  await expect(new ShellPage(page).shopName).toHaveText('Corner Café');
  const customers = new CustomersPage(page);
  await customers.openQuickEntry();
  // An English shop defaults to the US for phone numbers.
  await page.keyboard.type('646 555 3890');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Ada Lovelace');
  await page.keyboard.press('Enter');
  await expect(page.getByText('Ada Lovelace was added')).toBeVisible();
  await expect(customers.quickEntry).toBeHidden();
  // A wrong phone is refused at the field with a clear message, and Esc cancels.
  await customers.openQuickEntry();
  await page.keyboard.type('12345');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Nobody');
  await page.keyboard.press('Enter');
  await expect(customers.quickEntry.getByText('This is not a valid phone number for US.')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(customers.quickEntry).toBeHidden();
  await customers.gotoList(preview.url);
  await expect(customers.count).toHaveText('1 customer');
  await expect(customers.rows.first()).toContainText('Ada Lovelace');
  await expect(customers.rows.first()).toContainText('(646) 555-3890');
  // A click anywhere on the row, not only on the name, opens the card.
  await customers.rows.first().getByText('(646) 555-3890').click();
  await expect(page).toHaveURL(/#\/customers\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
});

test('merge two duplicates and undo the merge (Chinese)', async ({ page, openPreview }) => {
  const preview = await openPreview({ shop: 'init', locale: 'zh-CN', name: '街角咖啡' });
  await page.goto(preview.url);
  await expect(new ShellPage(page).shopName).toHaveText('街角咖啡');
  const customers = new CustomersPage(page);
  for (const name of ['张三', '张叁']) {
    await customers.openQuickEntry();
    await page.keyboard.type('13812345678');
    await page.keyboard.press('Tab');
    await page.keyboard.type(name);
    await page.keyboard.press('Enter');
    await expect(page.getByText(`已添加 ${name}`)).toBeVisible();
  }
  await customers.gotoDuplicates(preview.url);
  await expect(customers.duplicatePairs).toHaveCount(1);
  await expect(customers.duplicatePairs.first()).toContainText('手机号相同');
  await customers.duplicatePairs.first().getByRole('button', { name: '核对并合并' }).click();
  await page.getByRole('button', { name: '合并到保留的档案' }).click();
  await expect(customers.mergeResult).toContainText('已合并');
  await expect(customers.duplicatePairs).toHaveCount(0);
  await customers.mergeResult.getByRole('button', { name: '撤销' }).click();
  await expect(customers.mergeResult).toContainText('已撤销合并');
  await expect(customers.duplicatePairs).toHaveCount(1);
  await customers.gotoList(preview.url);
  await expect(customers.count).toHaveText('共 2 位客户');
});
