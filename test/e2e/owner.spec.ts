import { readFile } from 'node:fs/promises';
import { expect, test } from './support/fixtures';
import { ShellPage } from './pages/shell.page';
import { OwnerPage } from './pages/owner.page';

const PIN = '204817';

test('as staff, exporting the audit log asks for the owner PIN; a wrong PIN is refused, the right one exports and the log shows it', async ({
  page,
  openPreview,
}) => {
  await OwnerPage.watchCsp(page);
  const preview = await openPreview({ shop: 'init', locale: 'en' });
  const shell = new ShellPage(page);
  const owner = new OwnerPage(page);
  await shell.goto(preview.url);
  await expect(owner.roleBadge).toHaveText('Staff');

  // The owner chooses a PIN in Settings (first time), then locks: the till is back in staff mode.
  await shell.openSettings('Settings');
  await page.getByTestId('set-owner-pin').click();
  const setup = owner.dialog('Choose the owner PIN');
  await setup.getByLabel('Owner PIN or password').fill(PIN);
  await setup.getByLabel('Type it again').fill(PIN);
  await setup.getByLabel('Type it again').press('Enter');
  await expect(owner.roleBadge).toHaveText('Owner');
  await owner.lockNow.click();
  await expect(owner.roleBadge).toHaveText('Staff');

  await shell.navLink('Audit log').click();
  await expect(page.getByText('The audit log is for the owner.')).toBeVisible();
  await owner.exportCsv.click();
  const unlock = owner.dialog('Owner PIN needed');
  await expect(unlock).toBeVisible();
  await owner.pinInput.fill('999888');
  await owner.pinInput.press('Enter');
  await expect(owner.pinError).toHaveText('Wrong PIN. 4 tries left before owner mode is locked.');
  await expect(owner.roleBadge).toHaveText('Staff');

  const downloading = page.waitForEvent('download');
  await owner.pinInput.fill(PIN);
  await owner.pinInput.press('Enter');
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^patron-audit-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = await readFile(await download.path(), 'utf8');
  expect(csv).toContain('at,role,action,entity,entity_id,details');
  expect(csv).toContain('role.ownerUnlocked');
  await expect(unlock).toBeHidden();
  await expect(owner.roleBadge).toHaveText('Owner');

  // The export itself is in the log, newest first, with its format and row count.
  const newest = owner.auditRows.first();
  await expect(newest).toContainText('Export');
  await expect(newest).toContainText('what: audit');
  await expect(newest).toContainText('format: csv');
  await expect(owner.auditRows.filter({ hasText: 'Owner mode unlocked' })).toHaveCount(1);
  await expect(owner.auditRows.filter({ hasText: 'Owner PIN set or changed' })).toHaveCount(1);

  expect(await owner.cspViolations()).toEqual([]);
});

test('in Chinese: staff opening the audit log is asked for the owner PIN, and lock now returns to staff', async ({
  page,
  openPreview,
}) => {
  await OwnerPage.watchCsp(page);
  const preview = await openPreview({ shop: 'init', locale: 'zh-CN' });
  const shell = new ShellPage(page);
  const owner = new OwnerPage(page);
  await shell.goto(preview.url);
  await expect(owner.roleBadge).toHaveText('店员');
  await shell.navLink('审计日志').click();
  await expect(page.getByText('审计日志仅限店主查看。')).toBeVisible();
  await page.getByTestId('audit-unlock').click();
  // No PIN yet: the first owner action asks to choose one.
  const setup = owner.dialog('设置店主密码');
  await setup.getByLabel('店主 PIN 或密码').fill('123456');
  await setup.getByLabel('再输入一次').fill('123456');
  await setup.getByRole('button', { name: '保存并继续' }).click();
  await expect(owner.pinError).toHaveText('太容易被猜到（如 123456、000000）。');
  await setup.getByLabel('店主 PIN 或密码').fill(PIN);
  await setup.getByLabel('再输入一次').fill(PIN);
  await setup.getByRole('button', { name: '保存并继续' }).click();
  await expect(owner.roleBadge).toHaveText('店主');
  await expect(owner.auditRows.filter({ hasText: '设置或修改店主密码' })).toHaveCount(1);
  await owner.lockNow.click();
  await expect(owner.roleBadge).toHaveText('店员');
  await expect(page.getByText('审计日志仅限店主查看。')).toBeVisible();
  expect(await owner.cspViolations()).toEqual([]);
});

test('privacy settings are owner actions: staff is asked for the PIN, the change is saved and audited', async ({
  page,
  openPreview,
}) => {
  const preview = await openPreview({ shop: 'init', locale: 'en' });
  const shell = new ShellPage(page);
  const owner = new OwnerPage(page);
  await shell.goto(`${preview.url}#/settings`);
  await page.getByTestId('set-owner-pin').click();
  const setup = owner.dialog('Choose the owner PIN');
  await setup.getByLabel('Owner PIN or password').fill(PIN);
  await setup.getByLabel('Type it again').fill(PIN);
  await setup.getByLabel('Type it again').press('Enter');
  await owner.lockNow.click();
  await expect(owner.roleBadge).toHaveText('Staff');

  // Staff flips the switch: the PIN is asked, then the setting is saved.
  await page.getByRole('switch', { name: 'Show staff only the last 4 digits of phone numbers' }).click();
  await owner.pinInput.fill(PIN);
  await owner.pinInput.press('Enter');
  await expect(page.getByTestId('mask-phones')).toBeChecked();
  const years = page.getByLabel('Propose erasing customers inactive for');
  await years.fill('4');
  await years.press('Tab');
  await expect(years).toHaveValue('4 years');
  await page.reload();
  await expect(page.getByTestId('mask-phones')).toBeChecked();
  await expect(page.getByLabel('Propose erasing customers inactive for')).toHaveValue('4 years');

  await shell.navLink('Audit log').click();
  await page.getByTestId('audit-unlock').click();
  await owner.pinInput.fill(PIN);
  await owner.pinInput.press('Enter');
  const settingsRows = owner.auditRows.filter({ hasText: 'Settings changed' });
  await expect(settingsRows).toHaveCount(2);
  await expect(settingsRows.first()).toContainText('retentionYears: 4');
  await expect(settingsRows.last()).toContainText('maskPhonesForStaff: true');
});
