import { z } from 'zod';

/**
 * Imported first by App.tsx, so it runs before any module builds a zod schema or a style element.
 *
 * The style nonce: main (or the preview server) writes a fresh one per load into index.html and
 * the CSP header, so Mantine's <style> elements pass `style-src 'nonce-…'` without 'unsafe-inline'.
 */
function readStyleNonce(): string | undefined {
  const value = document.querySelector<HTMLMetaElement>('meta[name="patron-style-nonce"]')?.content;
  return value && !value.startsWith('__') ? value : undefined;
}

export const pageStyleNonce = readStyleNonce();

if (pageStyleNonce) {
  // react-remove-scroll (Mantine's modals) adds its own <style>, taking the nonce from this global.
  (globalThis as { __webpack_nonce__?: string }).__webpack_nonce__ = pageStyleNonce;
}

// zod probes `new Function` while building schemas to pick a faster parser; under
// script-src 'self' that probe is a CSP violation on every load. jitless skips it.
z.config({ jitless: true });
