import type { Locator, Page } from '@playwright/test';

/** The Today screen (`#/today`). */
export class TodayPage {
  readonly birthdays: Locator;
  readonly reminders: Locator;

  constructor(readonly page: Page) {
    this.birthdays = page.getByTestId('today-birthdays');
    this.reminders = page.getByTestId('today-reminders');
  }

  async open(baseUrl: string): Promise<void> {
    await this.page.goto(`${baseUrl}#/today`);
    await this.birthdays.waitFor();
  }
}
