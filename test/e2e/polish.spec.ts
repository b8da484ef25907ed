import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { ShellPage } from './pages/shell.page';
import { OwnerPage } from './pages/owner.page';
import { CustomersPage } from './pages/customers.page';
import { withShopDb } from './support/shop-db';

const PIN = '204817';

/** The owner picks a PIN in Settings, then locks: the till is back in staff mode. */
async function setPinAndLock(
  page: Page,
  owner: OwnerPage,
  labels: { title: string; pin: string; again: string },
): Promise<void> {
  await page.getByTestId('set-owner-pin').click();
  const setup = owner.dialog(labels.title);
  await setup.getByLabel(labels.pin).fill(PIN);
  await setup.getByLabel(labels.again).fill(PIN);
  await setup.getByLabel(labels.again).press('Enter');
  await owner.lockNow.click();
}

test('in Chinese: staff see masked phones once the owner turns masking on; the card lights "客户资料卡"; pickers speak Chinese', async ({
  page,
  openPreview,
}) => {
  const preview = await openPreview({ shop: { demoCustomers: 120, locale: 'zh-CN' }, locale: 'zh-CN' });
  const customer = withShopDb(preview.dbFile, (db) =>
    db
      .prepare(
        `SELECT id, name, phone FROM customers WHERE kind = 'person' AND phone LIKE '+861%' ORDER BY name_pinyin LIMIT 1`,
      )
      .get(),
  ) as { id: string; name: string; phone: string };
  const national = customer.phone.slice(3);
  const grouped = `${national.slice(0, 3)} ${national.slice(3, 7)} ${national.slice(7)}`;
  const masked = `${national.slice(0, 3)} **** ${national.slice(7)}`;
  const shell = new ShellPage(page);
  const owner = new OwnerPage(page);

  // Before: grouped the way people read a mobile number, not E.164.
  await shell.goto(`${preview.url}#/customers/${customer.id}`);
  await expect(page.getByText(grouped, { exact: true })).toBeVisible();
  await expect(shell.navLink('客户资料卡')).toHaveAttribute('data-active', 'true');
  await expect(shell.navLink('客户')).not.toHaveAttribute('data-active', 'true');

  // The reminder's due-date picker: Chinese month, Monday first.
  await page.getByRole('button', { name: '添加提醒' }).click();
  await page
    .getByRole('dialog', { name: '添加提醒' })
    .getByRole('button', { name: /到期时间/ })
    .click();
  await expect(page.locator('.mantine-DateTimePicker-weekday').first()).toHaveText('一');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');

  await shell.goto(`${preview.url}#/settings`);
  await setPinAndLock(page, owner, { title: '设置店主密码', pin: '店主 PIN 或密码', again: '再输入一次' });
  await page.getByRole('switch', { name: '店员只能看到手机号后 4 位' }).click();
  await owner.pinInput.fill(PIN);
  await owner.pinInput.press('Enter');
  await expect(page.getByTestId('mask-phones')).toBeChecked();
  await owner.lockNow.click();
  await expect(owner.roleBadge).toHaveText('店员');

  await shell.goto(`${preview.url}#/customers/${customer.id}`);
  await expect(page.getByText(masked, { exact: true })).toBeVisible();
  await expect(page.getByText(grouped, { exact: true })).toHaveCount(0);

  // The counter still finds the customer by the whole number, shown masked.
  await new CustomersPage(page).search(national);
  const hit = page.getByRole('dialog').getByText(customer.name, { exact: true });
  await expect(hit).toBeVisible();
  await expect(page.getByRole('dialog').getByText(new RegExp(masked.replaceAll('*', '\\*')))).toBeVisible();
});

test('tags manager: staff renaming a tag is asked for the owner PIN, then every customer shows the new name', async ({
  page,
  openPreview,
}) => {
  const preview = await openPreview({ shop: { demoCustomers: 80, locale: 'en' }, locale: 'en' });
  const tag = withShopDb(preview.dbFile, (db) =>
    db.prepare(`SELECT id, name FROM tags WHERE deleted_at IS NULL ORDER BY name LIMIT 1`).get(),
  ) as { id: string; name: string };
  const shell = new ShellPage(page);
  const owner = new OwnerPage(page);
  await shell.goto(`${preview.url}#/settings`);
  await setPinAndLock(page, owner, {
    title: 'Choose the owner PIN',
    pin: 'Owner PIN or password',
    again: 'Type it again',
  });

  await shell.navLink('Customers').click();
  await page.getByRole('button', { name: 'Tags', exact: true }).click();
  const manager = page.getByTestId('tags-manager');
  const name = manager.getByRole('textbox', { name: 'Tag name' }).first();
  await expect(name).toHaveValue(tag.name);
  await name.fill('Renamed regulars');
  await name.press('Enter');
  await owner.pinInput.fill(PIN);
  await owner.pinInput.press('Enter');
  await expect(page.getByText('Tag saved: Renamed regulars')).toBeVisible();
  await page.keyboard.press('Escape');
  // The list's tag badges read the new name (the old one is gone everywhere).
  await expect(page.getByText('Renamed regulars').first()).toBeVisible();
  await expect(page.getByText(tag.name, { exact: true })).toHaveCount(0);
});
