/**
 * The `app://patron/…` protocol that serves the packaged renderer (Electron security checklist
 * item 18: prefer a custom protocol to `file://`, which would let the page read any file the user
 * can). The handler only ever serves files inside the renderer root.
 *
 * This module is the pure part: URL → file path inside the root, or a refusal. The glue
 * (`protocol.handle`) then must:
 *   1. `fs.realpath` the resolved path and check `isPathInsideRoot(real, realpath(root))`, so a
 *      symlink inside the root cannot point outside it (the packaged app.asar has no symlinks, but
 *      an unpacked dev build could);
 *   2. answer 404 when the file does not exist (never fall back to a directory listing);
 *   3. send `appResponseHeaders(...)` with the CSP from csp.ts.
 */
import nodePath from 'node:path';
import type { CustomScheme } from 'electron';
import { APP_HOST, APP_SCHEME } from './origin';

/**
 * Registered with `protocol.registerSchemesAsPrivileged` before `app.whenReady()`.
 * - standard: a real origin (`app://patron`), relative URLs, localStorage for Mantine's colour scheme.
 * - secure: a secure context, required by the async Clipboard API and `crypto.subtle`.
 * - supportFetchAPI: the bundle may fetch its own assets.
 * - corsEnabled stays off: with it, any other origin could read responses of this scheme.
 * - bypassCSP stays off: our own CSP must apply to our own pages.
 */
export const APP_SCHEME_PRIVILEGES: Readonly<CustomScheme> = Object.freeze({
  scheme: APP_SCHEME,
  privileges: Object.freeze({
    standard: true,
    secure: true,
    supportFetchAPI: true,
    corsEnabled: false,
    bypassCSP: false,
    allowServiceWorkers: false,
    stream: false,
  }),
});

export const INDEX_FILE = 'index.html';

const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

/** Content types for what a Vite build emits; anything else is served as opaque bytes. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = Object.freeze({
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
});

type PathApi = Pick<typeof nodePath, 'join' | 'resolve' | 'relative' | 'isAbsolute' | 'extname' | 'sep'>;

export type AppRequestResolution =
  | { readonly ok: true; readonly filePath: string; readonly contentType: string; readonly isIndex: boolean }
  | { readonly ok: false; readonly status: 400 | 403 | 404; readonly reason: string };

/** Encoded dot, slash, backslash and NUL: never needed by a Vite asset name, only by traversal. */
const ENCODED_TRAVERSAL = /%(?:2e|2f|5c|00)/i;
/** Characters no legitimate segment has: separators, NUL and other controls, and ':' (Windows drive/ADS). */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const FORBIDDEN_SEGMENT_CHARACTERS = /[\\/:\u0000-\u001f\u007f]/;
/** Windows device names open a device instead of a file, whatever the extension. */
const WINDOWS_DEVICE_NAME = /^(?:con|prn|aux|nul|com[0-9]|lpt[0-9])(?:\..*)?$/i;

function refuse(status: 400 | 403 | 404, reason: string): AppRequestResolution {
  return { ok: false, status, reason };
}

/** The path part of the URL exactly as written, before any normalisation by a URL parser. */
function rawPathOf(requestUrl: string): string | null {
  const prefix = `${APP_SCHEME}://${APP_HOST}`;
  if (!requestUrl.toLowerCase().startsWith(prefix)) return null;
  const rest = requestUrl.slice(prefix.length);
  const end = rest.search(/[?#]/);
  return end === -1 ? rest : rest.slice(0, end);
}

export function contentTypeFor(filePath: string, pathApi: PathApi = nodePath): string {
  return CONTENT_TYPES[pathApi.extname(filePath).toLowerCase()] ?? DEFAULT_CONTENT_TYPE;
}

/** True when `candidate` is `root` itself or lies below it (both already resolved/real paths). */
export function isPathInsideRoot(candidate: string, root: string, pathApi: PathApi = nodePath): boolean {
  const relative = pathApi.relative(pathApi.resolve(root), pathApi.resolve(candidate));
  if (relative === '') return true;
  return !relative.startsWith('..') && !pathApi.isAbsolute(relative);
}

/**
 * Maps `app://patron/<path>` to a file below `rendererRoot`.
 * - `/` and extension-less paths (client-side routes such as `/customers/42`) serve index.html;
 * - `..`, `.`, empty segments, encoded dots/slashes, backslashes, NUL, drive letters: 400;
 * - another host or scheme, or credentials in the URL: 403.
 */
export function resolveAppRequest(
  requestUrl: string,
  rendererRoot: string,
  pathApi: PathApi = nodePath,
): AppRequestResolution {
  if (!pathApi.isAbsolute(rendererRoot)) return refuse(403, 'renderer root must be absolute');

  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return refuse(400, 'not a URL');
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return refuse(403, 'foreign origin');
  if (url.username !== '' || url.password !== '') return refuse(403, 'credentials in URL');

  const rawPath = rawPathOf(requestUrl);
  if (rawPath === null) return refuse(403, 'foreign origin');
  if (ENCODED_TRAVERSAL.test(rawPath)) return refuse(400, 'encoded dot, slash or NUL in path');
  if (rawPath.includes('\\')) return refuse(400, 'backslash in path');

  if (rawPath !== '' && !rawPath.startsWith('/')) return refuse(400, 'path must start with /');
  // A single trailing slash (`/customers/`) is a client-side route like `/customers`.
  const trimmedPath = rawPath.length > 1 && rawPath.endsWith('/') ? rawPath.slice(0, -1) : rawPath;
  const encodedSegments = trimmedPath === '' || trimmedPath === '/' ? [] : trimmedPath.slice(1).split('/');

  const segments: string[] = [];
  for (const encoded of encodedSegments) {
    let segment: string;
    try {
      segment = decodeURIComponent(encoded);
    } catch {
      return refuse(400, 'malformed percent-encoding');
    }
    if (segment === '' || segment === '.' || segment === '..') return refuse(400, 'empty or dot segment');
    if (FORBIDDEN_SEGMENT_CHARACTERS.test(segment)) return refuse(400, 'forbidden character in path');
    if (WINDOWS_DEVICE_NAME.test(segment)) return refuse(400, 'device name in path');
    segments.push(segment);
  }

  const last = segments.at(-1);
  const isIndex = last === undefined || !last.includes('.');
  const relativeParts = isIndex ? [INDEX_FILE] : segments;
  const root = pathApi.resolve(rendererRoot);
  const filePath = pathApi.join(root, ...relativeParts);
  if (!isPathInsideRoot(filePath, root, pathApi)) return refuse(403, 'outside renderer root');

  return { ok: true, filePath, contentType: contentTypeFor(filePath, pathApi), isIndex };
}

/** Headers for every `app://` response; the CSP only matters on documents but costs nothing elsewhere. */
export function appResponseHeaders(
  contentType: string,
  contentSecurityPolicy: string,
): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': contentSecurityPolicy,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
  };
}
