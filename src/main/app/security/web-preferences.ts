/**
 * The hardened `webPreferences` for Patron's one BrowserWindow (Electron security checklist items
 * 2, 3, 4, 6, 8, 9, 10, 11/12 and 20).
 *
 * Most values equal Electron 45's defaults; they are still written out so a future default change,
 * or a copied snippet that flips one, is caught by `findWebPreferenceViolations` and its test.
 */
import type { WebPreferences } from 'electron';

/** Every security-relevant preference and the only value Patron accepts for it. */
export const REQUIRED_WEB_PREFERENCES = Object.freeze({
  /** The preload and Electron internals run in their own JS world; the page cannot reach them. */
  contextIsolation: true,
  /** Chromium's OS sandbox for the renderer; the preload gets only the sandboxed polyfills. */
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  /** Same-origin policy stays on (turning it off also turns on insecure content). */
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  /** `<webview>` would be a second renderer with its own preferences; Patron never embeds pages. */
  webviewTag: false,
  /** A file or link dropped on the window must not replace the app (import uses the file dialog). */
  navigateOnDragDrop: false,
  plugins: false,
  /**
   * Off: on Linux the spellchecker downloads Hunspell dictionaries from Google's CDN, and in a
   * CRM full of Chinese names and phone numbers it would underline almost every field anyway.
   */
  spellcheck: false,
  /** WebSQL is deprecated and unused; one less storage API reachable from the page. */
  enableWebSQL: false,
  /** Charts are SVG (recharts); no WebGL means no GPU shader attack surface from the page. */
  webgl: false,
  /** Consecutive `alert()` loops from an injected script get a "stop dialogs" checkbox. */
  safeDialogs: true,
} as const satisfies WebPreferences);

/** Preferences that must be absent: each one switches on something the checklist says to avoid. */
export const FORBIDDEN_WEB_PREFERENCES = Object.freeze([
  'enableBlinkFeatures',
  'additionalArguments',
] as const satisfies readonly (keyof WebPreferences)[]);

export interface HardenedWebPreferencesOptions {
  /** Absolute path of the built preload script. */
  readonly preloadPath: string;
  /**
   * DevTools only in development: in the shop, DevTools would let anyone at the counter script the
   * UI (every command is still role-checked in main, but there is no reason to offer the console).
   */
  readonly allowDevTools: boolean;
}

export function hardenedWebPreferences(options: HardenedWebPreferencesOptions): Readonly<WebPreferences> {
  if (!isAbsolutePath(options.preloadPath)) {
    throw new Error(`preloadPath must be absolute, got "${options.preloadPath}"`);
  }
  return Object.freeze({
    ...REQUIRED_WEB_PREFERENCES,
    preload: options.preloadPath,
    devTools: options.allowDevTools,
  });
}

function isAbsolutePath(value: string): boolean {
  return value.startsWith('/') || /^[A-Za-z]:[\\/]/.test(value) || value.startsWith('\\\\');
}

/**
 * Lists every way `preferences` deviates from the policy (empty when compliant). The glue can
 * assert this before creating a window; `will-attach-webview` should simply be prevented.
 */
export function findWebPreferenceViolations(preferences: WebPreferences): string[] {
  const violations: string[] = [];
  for (const [name, required] of Object.entries(REQUIRED_WEB_PREFERENCES)) {
    const actual: unknown = preferences[name as keyof WebPreferences];
    if (actual !== required) {
      violations.push(
        `${name} must be ${String(required)}, is ${actual === undefined ? 'unset' : String(actual)}`,
      );
    }
  }
  for (const name of FORBIDDEN_WEB_PREFERENCES) {
    if (preferences[name] !== undefined) violations.push(`${name} must not be set`);
  }
  if (typeof preferences.preload !== 'string' || !isAbsolutePath(preferences.preload)) {
    violations.push('preload must be an absolute path');
  }
  return violations;
}
