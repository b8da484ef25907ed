/**
 * Content-Security-Policy for the renderer (Electron security checklist item 7).
 *
 * Scripts: only the bundle's own files (`script-src 'self'`) — no inline script, no eval, no wasm.
 *
 * Styles: Mantine 9 writes its theme CSS variables, breakpoint classes, responsive style props and
 * the colour-scheme transition guard into `<style>` elements at run time (MantineCssVariables,
 * MantineClasses, InlineStyles, use-mantine-color-scheme). Without `'unsafe-inline'` or a nonce those
 * are blocked and the app renders unstyled. Every one of them passes Mantine's `getStyleNonce()`
 * through, so the preferred setup is a per-load nonce: main generates it (`createStyleNonce`), puts
 * it in the CSP header and into index.html (`injectStyleNonce`), and the renderer reads it from the
 * `<meta name="patron-style-nonce">` tag and gives it to `<MantineProvider getStyleNonce>`.
 * React's `style` props are set through the CSSOM, which CSP does not govern, so they keep working.
 *
 * `'unsafe-inline'` for styles remains an explicit, documented option (pass `styleNonce: null`):
 * under this policy injected CSS cannot load anything from outside the app (img-src, font-src and
 * connect-src are all same-origin), so it can restyle the page but not exfiltrate data.
 *
 * Trusted Types are not enforced: React (and Mantine's `dangerouslySetInnerHTML` style elements)
 * assign innerHTML without a Trusted Types policy.
 */
import { randomBytes } from 'node:crypto';

export type CspDirectives = Readonly<Record<string, readonly string[]>>;

/** Directives a `<meta http-equiv>` CSP ignores; they only work as a response header. */
const HEADER_ONLY_DIRECTIVES: ReadonlySet<string> = new Set(['frame-ancestors', 'report-uri', 'sandbox']);

/** The `<meta name>` carrying the style nonce to the renderer. */
export const STYLE_NONCE_META_NAME = 'patron-style-nonce';
/** Written into src/renderer/index.html; replaced per response by `injectStyleNonce`. */
export const STYLE_NONCE_PLACEHOLDER = '__PATRON_STYLE_NONCE__';

const NONCE_PATTERN = /^[A-Za-z0-9+/_-]{22,}={0,2}$/;

/** 128 random bits, base64: fresh for every index.html response. */
export function createStyleNonce(): string {
  return randomBytes(16).toString('base64');
}

function assertValidNonce(nonce: string): void {
  // A nonce is pasted into the policy string: anything outside base64 could add directives.
  if (!NONCE_PATTERN.test(nonce)) throw new Error('style nonce must be at least 128 bits of base64');
}

function styleSources(styleNonce: string | null): readonly string[] {
  if (styleNonce === null) return ["'self'", "'unsafe-inline'"];
  assertValidNonce(styleNonce);
  return ["'self'", `'nonce-${styleNonce}'`];
}

function baseDirectives(styleNonce: string | null, connectSources: readonly string[]): CspDirectives {
  return {
    'default-src': ["'none'"],
    'script-src': ["'self'"],
    'style-src': styleSources(styleNonce),
    // Vite inlines assets under 4 KiB (icons, small fonts) as data: URIs.
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': connectSources,
    'media-src': ["'none'"],
    'object-src': ["'none'"],
    'frame-src': ["'none'"],
    'worker-src': ["'none'"],
    'manifest-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'none'"],
  };
}

export interface RendererCspOptions {
  /** Per-response nonce for Mantine's style elements, or `null` to allow inline styles instead. */
  readonly styleNonce: string | null;
}

/**
 * Policy for the packaged renderer served from `app://patron`. It talks to main over IPC only, so
 * `connect-src` is limited to its own origin (module preloads of the bundle).
 */
export function buildRendererCsp(options: RendererCspOptions): string {
  return serializeCsp(baseDirectives(options.styleNonce, ["'self'"]));
}

export interface PreviewCspOptions extends RendererCspOptions {
  /** The loopback server's own origin, e.g. `http://127.0.0.1:48123`. */
  readonly previewOrigin: string;
}

/**
 * Policy for the browser preview served by the loopback HTTP transport. The renderer calls
 * commands with `fetch` and receives push events over an EventSource, both to the server's own
 * origin and nowhere else. `frame-ancestors 'none'` matters most here: any web page open in the
 * same browser could otherwise frame the preview.
 */
export function buildPreviewCsp(options: PreviewCspOptions): string {
  const origin = loopbackOrigin(options.previewOrigin);
  return serializeCsp(baseDirectives(options.styleNonce, [origin]));
}

function loopbackOrigin(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`preview origin is not a URL: "${value}"`);
  }
  const isLoopback = url.hostname === '127.0.0.1' || url.hostname === '[::1]' || url.hostname === 'localhost';
  if (url.protocol !== 'http:' || !isLoopback || url.port === '') {
    throw new Error(`preview origin must be http://127.0.0.1:<port> (or [::1]/localhost), got "${value}"`);
  }
  return url.origin;
}

/** Serialises directives in insertion order: `name source source; name source`. */
export function serializeCsp(directives: CspDirectives): string {
  return Object.entries(directives)
    .map(([name, sources]) => [name, ...sources].join(' '))
    .join('; ');
}

/** The same policy minus header-only directives, for a `<meta http-equiv>` fallback. */
export function toMetaCsp(policy: string): string {
  return policy
    .split(';')
    .map((directive) => directive.trim())
    .filter((directive) => directive.length > 0)
    .filter((directive) => !HEADER_ONLY_DIRECTIVES.has(directive.split(/\s+/)[0] ?? ''))
    .join('; ');
}

/** Parses a policy back into directives (used by tests and by the startup self-check). */
export function parseCsp(policy: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name === undefined || name === '') continue;
    directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

/** Replaces every placeholder in index.html with the nonce of this response. */
export function injectStyleNonce(html: string, nonce: string): string {
  assertValidNonce(nonce);
  if (!html.includes(STYLE_NONCE_PLACEHOLDER)) {
    throw new Error(`index.html has no ${STYLE_NONCE_PLACEHOLDER} placeholder for the style nonce`);
  }
  return html.split(STYLE_NONCE_PLACEHOLDER).join(nonce);
}
