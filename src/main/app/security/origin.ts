/**
 * URL origin helpers shared by the navigation, IPC-sender and permission policies.
 *
 * `URL.origin` is the string "null" for non-special schemes such as `app:` (WHATWG URL), so origins
 * are compared by protocol + host + port instead of by that string.
 */

/** The scheme, host and origin the packaged renderer is served from (see app-protocol.ts). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'patron';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** Parses a URL without throwing; `null` for anything the WHATWG parser rejects. */
export function parseUrl(value: string | null | undefined): URL | null {
  if (typeof value !== 'string' || value.length === 0) return null;
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/**
 * True when `candidate` is served from exactly `expectedOrigin` (scheme, host and port).
 * URLs that carry credentials never match: `app://evil@patron/` must not pass as the app.
 */
export function isSameOrigin(candidate: string | null | undefined, expectedOrigin: string): boolean {
  const url = parseUrl(candidate);
  const expected = parseUrl(expectedOrigin);
  if (url === null || expected === null) return false;
  if (expected.host === '') return false;
  if (url.username !== '' || url.password !== '') return false;
  return url.protocol === expected.protocol && url.host === expected.host;
}
