import type { Page } from '@playwright/test';

/**
 * Records every text an element (by CSS selector) showed while it was on the page. Transient UI such as
 * a progress bar can come and go between two of Playwright's polls when the machine is fast, so
 * "it showed" is asserted from a MutationObserver's record instead of by catching it live.
 */
export interface AppearanceRecord {
  /** The distinct texts the element had, in the order they were first seen. */
  texts(): Promise<string[]>;
}

export async function recordAppearances(page: Page, selector: string): Promise<AppearanceRecord> {
  const key = `__appearances_${selector.replace(/\W/g, '_')}`;
  await page.evaluate(
    ({ selector, key }) => {
      const seen: string[] = [];
      (window as unknown as Record<string, string[]>)[key] = seen;
      const look = (): void => {
        const element = document.querySelector(selector);
        const text = element?.textContent ?? null;
        if (text !== null && !seen.includes(text)) seen.push(text);
      };
      look();
      new MutationObserver(look).observe(document.body, {
        childList: true,
        subtree: true,
        characterData: true,
      });
    },
    { selector, key },
  );
  return {
    texts: () =>
      page.evaluate((key) => [...((window as unknown as Record<string, string[]>)[key] ?? [])], key),
  };
}
