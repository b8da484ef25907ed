/**
 * Which URLs may be handed to `shell.openExternal` (Electron security checklist item 15).
 *
 * openExternal passes the URL to the operating system, which will happily start any registered
 * handler (`file:`, `ms-msdt:`, `smb:`, custom app schemes…), so only a short allow-list passes and
 * the caller opens the *normalised* string this module returns — never the raw input, so nothing
 * can differ between what was checked and what is opened.
 */

/** Long URLs are a smuggling vector for some handlers and are never needed by a shop CRM. */
export const MAX_EXTERNAL_URL_LENGTH = 2048;

const ALLOWED_PROTOCOLS: ReadonlySet<string> = new Set(['https:', 'http:', 'mailto:', 'tel:']);

/**
 * mailto parameters some mail clients honour include `attach=`/`attachment=`, which can attach
 * local files to an outgoing mail; only the plain message fields are let through.
 */
const ALLOWED_MAILTO_PARAMETERS: ReadonlySet<string> = new Set(['subject', 'body', 'cc', 'bcc']);

/** Spaces, C0 controls and DEL: the URL parser silently strips some (`java\tscript:`), so reject them all. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSAFE_RAW_CHARACTERS = /[\u0000-\u0020\u007f]/;

const LOOPBACK_HOSTNAMES: ReadonlySet<string> = new Set(['localhost', '[::1]', '0.0.0.0', '[::]']);

/** A phone number as people type it: optional +, digits and the usual separators. */
const TELEPHONE_NUMBER = /^\+?[0-9][0-9().-]{0,31}$/;

function isLoopbackHost(hostname: string): boolean {
  const lower = hostname.toLowerCase();
  if (LOOPBACK_HOSTNAMES.has(lower) || lower.endsWith('.localhost')) return true;
  // The WHATWG parser has already canonicalised IPv4 forms such as 0x7f.1 or 2130706433, and
  // IPv4-mapped IPv6 such as [::ffff:127.0.0.1] to [::ffff:7f00:1].
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(lower) || lower.startsWith('[::ffff:7f');
}

function isAllowedMailto(url: URL): boolean {
  if (url.pathname.length === 0 && url.search.length === 0) return false;
  for (const name of url.searchParams.keys()) {
    if (!ALLOWED_MAILTO_PARAMETERS.has(name.toLowerCase())) return false;
  }
  return url.hash === '';
}

function isAllowedTelephone(url: URL): boolean {
  if (url.search !== '' || url.hash !== '') return false;
  return TELEPHONE_NUMBER.test(url.pathname);
}

function isAllowedWebUrl(url: URL): boolean {
  if (url.username !== '' || url.password !== '') return false;
  if (url.hostname === '') return false;
  // Opening our own loopback preview server (or any local service) from the app would turn the
  // renderer into a trampoline for requests against the shop PC itself.
  return !isLoopbackHost(url.hostname);
}

/**
 * Returns the normalised URL to open, or `null` when it must not be opened.
 * Allowed: http(s) to a non-loopback host without credentials, mailto with plain fields, tel.
 */
export function normalizeExternalUrl(raw: string): string | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_EXTERNAL_URL_LENGTH) return null;
  if (UNSAFE_RAW_CHARACTERS.test(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (!ALLOWED_PROTOCOLS.has(url.protocol)) return null;
  const allowed =
    url.protocol === 'mailto:'
      ? isAllowedMailto(url)
      : url.protocol === 'tel:'
        ? isAllowedTelephone(url)
        : isAllowedWebUrl(url);
  if (!allowed) return null;
  return url.href.length > MAX_EXTERNAL_URL_LENGTH ? null : url.href;
}

/** True when `url` may be passed to `shell.openExternal` (open `normalizeExternalUrl(url)`, not `url`). */
export function isAllowedExternalUrl(url: string): boolean {
  return normalizeExternalUrl(url) !== null;
}
