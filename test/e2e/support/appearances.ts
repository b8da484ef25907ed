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

let recorders = 0;

export async function recordAppearances(page: Page, selector: string): Promise<AppearanceRecord> {
  // Page code as text: these tests compile without the DOM's types (as owner.page.ts does).
  const key = `__appearances_${++recorders}`;
  await page.evaluate(`(() => {
    const seen = [];
    window[${JSON.stringify(key)}] = seen;
    const look = () => {
      const element = document.querySelector(${JSON.stringify(selector)});
      const text = element === null ? null : (element.textContent ?? '');
      if (text !== null && !seen.includes(text)) seen.push(text);
    };
    look();
    new MutationObserver(look).observe(document.body, { childList: true, subtree: true, characterData: true });
  })()`);
  return {
    texts: () => page.evaluate(`[...window[${JSON.stringify(key)}]]`) as Promise<string[]>,
  };
}
