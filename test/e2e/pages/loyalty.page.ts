import type { Locator, Page } from '@playwright/test';

/** The Loyalty dashboard and its drill-down drawer. */
export class LoyaltyPage {
  readonly screen: Locator;
  readonly drawer: Locator;
  readonly drillCount: Locator;
  readonly drillRows: Locator;

  constructor(readonly page: Page) {
    this.screen = page.getByTestId('loyalty-screen');
    this.drawer = page.getByRole('dialog');
    this.drillCount = page.getByTestId('loyalty-drill-count');
    this.drillRows = page.getByTestId('loyalty-drill-table').locator('tbody tr');
  }

  async open(baseUrl: string): Promise<void> {
    await this.page.goto(`${baseUrl}#/loyalty`);
    await this.screen.waitFor();
  }

  chart(name: string): Locator {
    return this.page.getByTestId(`chart-${name}`);
  }

  rfmCell(r: number, f: number): Locator {
    return this.page.getByTestId(`rfm-cell-${r}-${f}`);
  }

  /** The rows of the cross-sell rules table at the level the switch shows. */
  get ruleRows(): Locator {
    return this.chart('rules').locator('tbody tr');
  }

  /** Flips the rules table's Product / Category switch (by its visible label). */
  async showRuleLevel(label: string | RegExp): Promise<void> {
    await this.chart('rules').getByTestId('rules-level').getByText(label, { exact: true }).click();
  }

  headline(name: string): Locator {
    return this.page.getByTestId(`kpi-${name}`);
  }

  async drillIds(): Promise<string[]> {
    return this.drillRows.evaluateAll((rows) =>
      rows.map((row) => row.getAttribute('data-customer-id') ?? ''),
    );
  }
}
