import type { Locator, Page } from '@playwright/test';

/** The owner-mode pieces: header badge, PIN dialog, the audit log screen. */
export class OwnerPage {
  readonly roleBadge: Locator;
  readonly lockNow: Locator;
  readonly pinInput: Locator;
  readonly pinError: Locator;
  readonly exportCsv: Locator;
  readonly auditRows: Locator;

  constructor(readonly page: Page) {
    this.roleBadge = page.getByTestId('role-badge');
    this.lockNow = page.getByTestId('lock-now');
    this.pinInput = page.getByTestId('owner-pin-input');
    this.pinError = page.getByTestId('owner-pin-error');
    this.exportCsv = page.getByTestId('audit-export-csv');
    this.auditRows = page.getByTestId('audit-row');
  }

  dialog(title: string): Locator {
    return this.page.getByRole('dialog', { name: title });
  }

  /** Records every CSP violation the page reports, from the first script on. */
  static async watchCsp(page: Page): Promise<void> {
    await page.addInitScript({
      content: `window.cspViolations = [];
        document.addEventListener('securitypolicyviolation', (event) => {
          window.cspViolations.push(event.violatedDirective + ' ' + event.blockedURI + ' ' +
            event.sourceFile + ':' + event.lineNumber + ':' + event.columnNumber + ' ' + event.sample);
        });`,
    });
  }

  cspViolations(): Promise<string[]> {
    return this.page.evaluate('window.cspViolations') as Promise<string[]>;
  }
}
