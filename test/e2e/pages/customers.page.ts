import { expect, type Locator, type Page } from '@playwright/test';

/** The customer features mounted in the shell (search, quick entry) and the customer screens. */
export class CustomersPage {
  readonly searchResults: Locator;
  readonly quickEntry: Locator;
  readonly existingMatches: Locator;
  readonly rows: Locator;
  readonly count: Locator;
  readonly duplicatePairs: Locator;
  readonly mergeResult: Locator;

  constructor(readonly page: Page) {
    this.searchResults = page.getByTestId('search-result');
    this.quickEntry = page.getByRole('dialog');
    this.existingMatches = page.getByTestId('existing-match');
    this.rows = page.getByTestId('customer-row');
    this.count = page.getByTestId('customer-count');
    this.duplicatePairs = page.getByTestId('duplicate-pair');
    this.mergeResult = page.getByTestId('merge-result');
  }

  /**
   * Ctrl+K and F2 belong to the shell: a key pressed while the app still starts (the start-up
   * check runs first) reaches nothing, as it would for a person.
   */
  async waitForShell(): Promise<void> {
    await this.page.getByTestId('shop-name').waitFor();
  }

  /**
   * Ctrl+K from wherever the user is, then type once the search box has the focus: a key typed
   * in the instant the dialog opens was lost on a loaded CI machine (the first digit of a phone).
   */
  async search(text: string): Promise<void> {
    await this.waitForShell();
    await this.page.keyboard.press('Control+K');
    await expect(this.page.getByRole('dialog').getByRole('textbox')).toBeFocused();
    await this.page.keyboard.type(text);
  }

  /** F2 opens the new-customer form; the phone field has the focus. */
  async openQuickEntry(): Promise<void> {
    await this.waitForShell();
    await this.page.keyboard.press('F2');
    await this.quickEntry.waitFor();
    // Typing starts where the form puts the cursor: the phone field.
    await expect(this.quickEntry.locator('[data-autofocus]')).toBeFocused();
  }

  async gotoList(baseUrl: string): Promise<void> {
    await this.page.goto(`${baseUrl}#/customers`);
  }

  async gotoDuplicates(baseUrl: string): Promise<void> {
    await this.page.goto(`${baseUrl}#/customers/duplicates`);
  }
}
