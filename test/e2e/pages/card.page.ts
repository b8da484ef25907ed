import type { Locator, Page } from '@playwright/test';

/** The customer card (`#/customers/:id`) and the dialogs it opens. */
export class CardPage {
  readonly name: Locator;
  readonly netSpend: Locator;
  readonly visits: Locator;
  readonly timelineRows: Locator;
  readonly dialog: Locator;
  /** The category suggestions under the product ones (absent when there are none). */
  readonly categorySuggestions: Locator;

  constructor(readonly page: Page) {
    this.categorySuggestions = page.getByTestId('card-category-suggestions');
    this.name = page.getByTestId('card-name');
    this.netSpend = page.getByTestId('fig-net-spend');
    this.visits = page.getByTestId('fig-visits');
    this.timelineRows = page.getByTestId('timeline-row');
    this.dialog = page.getByRole('dialog');
  }

  async open(baseUrl: string, customerId: string): Promise<void> {
    await this.page.goto(`${baseUrl}#/customers/${customerId}`);
    await this.name.waitFor();
  }

  /** Keyboard first: a single key opens each action while no field has focus. */
  async shortcut(key: 's' | 'i' | 'c' | 'r'): Promise<void> {
    await this.page.locator('body').click({ position: { x: 5, y: 300 } });
    await this.page.keyboard.press(key);
    await this.dialog.waitFor();
  }

  async addSaleLine(index: number, product: string, quantity: string, amount: string): Promise<void> {
    await this.dialog.getByRole('button', { name: /Add item|添加商品/ }).click();
    const n = String(index);
    await this.dialog.getByRole('combobox', { name: new RegExp(`^(Product|商品) ${n}$`) }).fill(product);
    await this.dialog.getByRole('textbox', { name: new RegExp(`^(Qty|数量) ${n}$`) }).fill(quantity);
    await this.dialog.getByRole('textbox', { name: new RegExp(`^(Amount|金额) ${n}$`) }).fill(amount);
  }

  complaintRow(description: string): Locator {
    return this.page.getByTestId('complaint-row').filter({ hasText: description });
  }
}
