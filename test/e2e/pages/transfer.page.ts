import type { Locator, Page } from '@playwright/test';

/** The /transfer screen: import wizard, export and backups tabs. */
export class TransferPage {
  readonly summary: Locator;
  readonly rejectedRows: Locator;
  /** The running import's stage, row counts and bar. */
  readonly progress: Locator;

  constructor(readonly page: Page) {
    this.summary = page.getByTestId('import-summary');
    this.rejectedRows = page.getByTestId('rejected-rows');
    this.progress = page.getByTestId('import-progress');
  }

  async goto(baseUrl: string): Promise<void> {
    await this.page.goto(`${baseUrl}#/transfer`);
  }

  /** Mantine's FileInput keeps a hidden <input type=file> for the real picker. */
  async chooseCsv(name: string, text: string): Promise<void> {
    await this.chooseFile(name, 'text/csv', text);
  }

  async chooseFile(name: string, mimeType: string, text: string): Promise<void> {
    await this.page
      .locator('input[type=file]')
      .setInputFiles({ name, mimeType, buffer: Buffer.from(text, 'utf8') });
  }

  tab(label: string): Locator {
    return this.page.getByRole('tab', { name: label });
  }

  button(label: string): Locator {
    return this.page.getByRole('button', { name: label, exact: true });
  }
}
