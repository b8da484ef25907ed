import type { Locator, Page } from '@playwright/test';

/** Settings → Backups, and the recovery screen shown when the shop file is damaged at start. */
export class BackupPage {
  readonly section: Locator;
  readonly unlock: Locator;
  readonly folder: Locator;
  readonly backupNow: Locator;
  readonly rows: Locator;
  readonly recoveryScreen: Locator;
  readonly recoveryNewest: Locator;
  readonly recoveryRestoreNewest: Locator;

  constructor(readonly page: Page) {
    this.section = page.getByTestId('backup-section');
    this.unlock = page.getByTestId('backup-unlock');
    this.folder = page.getByTestId('backup-folder');
    this.backupNow = page.getByTestId('backup-now');
    this.rows = page.getByTestId('backup-row');
    this.recoveryScreen = page.getByTestId('recovery-screen');
    this.recoveryNewest = page.getByTestId('recovery-newest');
    this.recoveryRestoreNewest = page.getByTestId('recovery-restore-newest');
  }

  restoreButton(row: Locator): Locator {
    return row.getByTestId('backup-restore');
  }
}
