import { closeSync, openSync, readdirSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from './support/fixtures';
import { BackupPage } from './pages/backup.page';
import { OwnerPage } from './pages/owner.page';
import { ShellPage } from './pages/shell.page';
import { runCli, startPreview, tempDir } from '../helpers/cli';

const PIN = '204817';

/** Overwrites pages in the middle of the file with garbage, as a failing disk would. */
function damage(file: string): void {
  const size = statSync(file).size;
  const fd = openSync(file, 'r+');
  try {
    const garbage = Buffer.alloc(4096 * 8, 0x5a);
    writeSync(fd, garbage, 0, garbage.length, Math.floor(size / 2 / 4096) * 4096);
  } finally {
    closeSync(fd);
  }
}

test('a damaged shop file opens the recovery screen (中文), which restores the newest good backup and keeps the damaged file', async ({
  page,
}) => {
  const dir = tempDir('patron-e2e-recovery-');
  const dbFile = path.join(dir, 'shop.db');
  expect(
    runCli(['seed', '--db', dbFile, '--customers', '60', '--seed', '7', '--locale', 'zh-CN']).status,
  ).toBe(0);
  const backup = runCli(['backup', '--db', dbFile]);
  expect(backup.status, backup.stderr).toBe(0);
  damage(dbFile);
  const preview = await startPreview(dbFile, ['--locale', 'zh-CN']);
  try {
    const backups = new BackupPage(page);
    await new ShellPage(page).goto(preview.url);
    await expect(backups.recoveryScreen).toBeVisible();
    await expect(page.getByRole('heading', { name: '店铺数据文件已损坏' })).toBeVisible();
    await expect(backups.recoveryNewest).toContainText('最新的完好备份');
    await backups.recoveryRestoreNewest.click();
    // The app opens on the restored file; a note says where the damaged file was kept.
    await expect(new ShellPage(page).shopName).toHaveText('知客咖啡（演示店）');
    await expect(page.getByText(/损坏的文件保留为 shop\.db\.before-restore-/)).toBeVisible();
    await expect(backups.recoveryScreen).toBeHidden();
    const aside = readdirSync(dir).filter((name) => /^shop\.db\.before-restore-\w+$/.test(name));
    expect(aside).toHaveLength(1);
  } finally {
    await preview.stop();
  }
});

test('Settings → Backups: the owner backs up now, a missing folder is refused, and a backup is restored while the app runs', async ({
  page,
  openPreview,
}) => {
  const preview = await openPreview({ shop: 'init', locale: 'en' });
  const shell = new ShellPage(page);
  const owner = new OwnerPage(page);
  const backups = new BackupPage(page);
  await shell.goto(preview.url);
  await shell.openSettings('Settings');
  await expect(backups.section.getByText('Only the owner can see and restore backups.')).toBeVisible();

  // First time: unlocking asks the owner to choose a PIN.
  await backups.unlock.click();
  const setup = owner.dialog('Choose the owner PIN');
  await setup.getByLabel('Owner PIN or password').fill(PIN);
  await setup.getByLabel('Type it again').fill(PIN);
  await setup.getByLabel('Type it again').press('Enter');
  await expect(owner.roleBadge).toHaveText('Owner');
  await expect(backups.section.getByText('No backups yet.')).toBeVisible();

  await backups.backupNow.click();
  await expect(backups.rows).toHaveCount(1);
  await expect(backups.rows.first()).toContainText('By hand');
  await expect(backups.rows.first()).toContainText('Checked');

  await backups.folder.fill(path.join(path.dirname(preview.dbFile), 'no-such-usb'));
  await backups.folder.press('Enter');
  await expect(backups.section.getByText('There is no such folder. Create it first.')).toBeVisible();
  await backups.folder.press('Escape');

  await backups.restoreButton(backups.rows.first()).click();
  const confirm = page.getByRole('dialog', { name: 'Restore this backup?' });
  await expect(confirm).toContainText('The current file is kept aside');
  await confirm.getByRole('button', { name: 'Restore', exact: true }).click();
  await expect(
    page.getByText(/Restored patron-manual-.*The previous file was kept as shop\.db\.before-restore-/),
  ).toBeVisible();
  // The app carries on, on the restored file.
  await expect(shell.shopName).toBeVisible();
  const aside = readdirSync(path.dirname(preview.dbFile)).filter((name) =>
    /^shop\.db\.before-restore-\w+$/.test(name),
  );
  expect(aside).toHaveLength(1);
});
