import type { Locator, Page } from '@playwright/test';

/** The complaints list (`#/complaints`) with its workflow dialog. */
export class ComplaintsPage {
  readonly report: Locator;
  readonly dialog: Locator;

  constructor(readonly page: Page) {
    this.report = page.getByTestId('complaint-report');
    this.dialog = page.getByRole('dialog');
  }

  async open(baseUrl: string): Promise<void> {
    await this.page.goto(`${baseUrl}#/complaints`);
    await this.report.waitFor();
  }

  row(description: string): Locator {
    return this.page.getByTestId('complaint-row').filter({ hasText: description });
  }

  async showFilter(label: string): Promise<void> {
    await this.page.getByText(label, { exact: true }).click();
  }
}
