import type { Locator, Page } from '@playwright/test';

/** The app frame: header with the shop name, the navigation, the main area. */
export class ShellPage {
  readonly shopName: Locator;
  readonly navigation: Locator;

  constructor(readonly page: Page) {
    this.shopName = page.getByTestId('shop-name');
    this.navigation = page.getByRole('navigation', { name: 'main' });
  }

  async goto(url: string): Promise<void> {
    await this.page.goto(url);
  }

  navLink(label: string): Locator {
    return this.navigation.getByRole('link', { name: label, exact: true });
  }

  async openSettings(label: 'Settings' | '设置'): Promise<void> {
    await this.navLink(label).click();
  }

  /** Mantine's SegmentedControl renders radio inputs with visible labels. */
  async chooseLanguage(label: '中文' | 'English'): Promise<void> {
    await this.page.getByTestId('language-switch').getByText(label, { exact: true }).click();
  }
}
