/**
 * Navigation and window-creation policy (Electron security checklist items 13 and 14).
 *
 * The renderer is a single-page app: route changes use the History API and never reach
 * `will-navigate`, so the only navigation that may proceed is one that stays on the app's own
 * origin (a reload). Everything else — links to the web, `file:`, `javascript:`, `data:`, the
 * loopback preview, drag-and-dropped files — is cancelled; links that look like ordinary external
 * links are offered to the operating system's browser instead.
 */
import type { HandlerDetails } from 'electron';
import { normalizeExternalUrl } from './external';
import { isSameOrigin } from './origin';

/** True only for URLs on `appOrigin` itself (scheme, host and port identical, no credentials). */
export function isAllowedNavigation(url: string, appOrigin: string): boolean {
  return isSameOrigin(url, appOrigin);
}

export interface NavigationDecision {
  /** Let the navigation proceed; when false the glue calls `event.preventDefault()`. */
  readonly allow: boolean;
  /** A URL to open in the system browser / mail / phone app instead, already normalised. */
  readonly externalUrl: string | null;
}

/** For `will-navigate`, `will-frame-navigate` and `will-redirect`. */
export function decideNavigation(url: string, appOrigin: string): NavigationDecision {
  if (isAllowedNavigation(url, appOrigin)) return { allow: true, externalUrl: null };
  return { allow: false, externalUrl: normalizeExternalUrl(url) };
}

export interface WindowOpenDecision {
  /** Always 'deny': Patron never opens a second in-app window from renderer code. */
  readonly action: 'deny';
  readonly externalUrl: string | null;
}

/**
 * For `webContents.setWindowOpenHandler`. In-app windows are always denied (a new window would
 * be a fresh renderer the navigation guard has not seen); allow-listed external URLs are reported
 * so the glue can pass them to `shell.openExternal`.
 */
export function windowOpenPolicy(details: Pick<HandlerDetails, 'url'>): WindowOpenDecision {
  return { action: 'deny', externalUrl: normalizeExternalUrl(details.url) };
}
