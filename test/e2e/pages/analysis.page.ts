import type { Locator, Page } from '@playwright/test';

/** The analysis sections of the Settings screen: status with "recompute now", and the thresholds. */
export class AnalysisPage {
  readonly status: Locator;
  readonly recompute: Locator;
  readonly progress: Locator;
  readonly doneNotice: Locator;
  readonly latest: Locator;
  readonly customers: Locator;
  readonly fits: Locator;
  readonly verdictReasons: Locator;
  readonly settings: Locator;

  constructor(readonly page: Page) {
    this.status = page.getByTestId('analysis-status');
    this.recompute = page.getByTestId('analysis-recompute');
    this.progress = page.getByTestId('analysis-progress');
    this.doneNotice = page.getByTestId('analysis-done');
    this.latest = page.getByTestId('analysis-latest');
    this.customers = page.getByTestId('analysis-customers');
    this.fits = page.getByTestId('analysis-fits');
    this.verdictReasons = page.getByTestId('analysis-verdict-reasons');
    this.settings = page.getByTestId('analysis-settings');
  }

  setting(group: string, key: string): Locator {
    return this.page.getByTestId(`analysis-setting-${group}-${key}`);
  }
}
