import { describe, expect, it } from 'vitest';
import {
  STYLE_NONCE_META_NAME,
  STYLE_NONCE_PLACEHOLDER,
  buildPreviewCsp,
  buildRendererCsp,
  createStyleNonce,
  injectStyleNonce,
  parseCsp,
  toMetaCsp,
} from '../../../src/main/app/security/csp';

const nonce = createStyleNonce();

function directivesOf(policy: string): Map<string, string[]> {
  return parseCsp(policy);
}

describe.each([
  ['packaged renderer', buildRendererCsp({ styleNonce: nonce })],
  ['loopback preview', buildPreviewCsp({ styleNonce: nonce, previewOrigin: 'http://127.0.0.1:48123' })],
])('%s policy', (_label, policy) => {
  const directives = directivesOf(policy);

  it("falls back to 'none' for anything not listed", () => {
    expect(directives.get('default-src')).toEqual(["'none'"]);
  });

  it('allows scripts only from the app itself: no inline, eval, wasm or data/blob', () => {
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(policy).not.toContain('unsafe-eval');
    expect(policy).not.toContain('wasm-unsafe-eval');
    expect(policy).not.toContain('strict-dynamic');
  });

  it('allows Mantine style elements through the nonce, not unsafe-inline', () => {
    expect(directives.get('style-src')).toEqual(["'self'", `'nonce-${nonce}'`]);
    expect(policy).not.toContain('unsafe-inline');
  });

  it('keeps images and fonts on the app (plus inlined data: assets), so CSS cannot exfiltrate', () => {
    expect(directives.get('img-src')).toEqual(["'self'", 'data:']);
    expect(directives.get('font-src')).toEqual(["'self'", 'data:']);
  });

  it('forbids plugins, frames, workers, forms, base rewriting and being framed', () => {
    for (const name of [
      'object-src',
      'frame-src',
      'worker-src',
      'base-uri',
      'form-action',
      'frame-ancestors',
    ]) {
      expect(directives.get(name), name).toEqual(["'none'"]);
    }
  });

  it('never allows wildcards, http: or any other scheme-wide source', () => {
    for (const sources of directives.values()) {
      for (const source of sources) {
        expect(['*', 'http:', 'https:', 'ws:', 'wss:', 'blob:', 'filesystem:']).not.toContain(source);
      }
    }
  });
});

describe('connect-src', () => {
  it('is same-origin for the packaged renderer (it talks to main over IPC)', () => {
    expect(directivesOf(buildRendererCsp({ styleNonce: nonce })).get('connect-src')).toEqual(["'self'"]);
  });

  it('is exactly the preview server origin for the loopback preview (fetch + EventSource)', () => {
    const policy = buildPreviewCsp({
      styleNonce: nonce,
      previewOrigin: 'http://127.0.0.1:48123/ignored/path',
    });
    expect(directivesOf(policy).get('connect-src')).toEqual(['http://127.0.0.1:48123']);
  });

  it.each([
    'https://127.0.0.1:48123',
    'http://192.168.1.20:48123',
    'http://example.com:80',
    'http://127.0.0.1',
    'not a url',
  ])('refuses a preview origin that is not loopback http with a port: %s', (previewOrigin) => {
    expect(() => buildPreviewCsp({ styleNonce: nonce, previewOrigin })).toThrow();
  });
});

describe('style nonce', () => {
  it('is fresh, 128-bit base64 each time', () => {
    const nonces = new Set(Array.from({ length: 50 }, () => createStyleNonce()));
    expect(nonces.size).toBe(50);
    for (const value of nonces) expect(Buffer.from(value, 'base64')).toHaveLength(16);
  });

  it('rejects a nonce that could inject directives', () => {
    expect(() => buildRendererCsp({ styleNonce: "abc'; script-src *" })).toThrow();
    expect(() => buildRendererCsp({ styleNonce: 'short' })).toThrow();
  });

  it('can be swapped for unsafe-inline styles explicitly, scripts unaffected', () => {
    const directives = directivesOf(buildRendererCsp({ styleNonce: null }));
    expect(directives.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
  });

  it('is injected into every placeholder of index.html', () => {
    const html = `<meta name="${STYLE_NONCE_META_NAME}" content="${STYLE_NONCE_PLACEHOLDER}"><style nonce="${STYLE_NONCE_PLACEHOLDER}"></style>`;
    const injected = injectStyleNonce(html, nonce);
    expect(injected).not.toContain(STYLE_NONCE_PLACEHOLDER);
    expect(injected.split(nonce)).toHaveLength(3);
    expect(() => injectStyleNonce('<html></html>', nonce)).toThrow(/placeholder/);
  });
});

describe('toMetaCsp', () => {
  it('drops header-only directives and keeps the rest', () => {
    const policy = buildRendererCsp({ styleNonce: nonce });
    const meta = directivesOf(toMetaCsp(policy));
    expect(meta.has('frame-ancestors')).toBe(false);
    expect(meta.get('script-src')).toEqual(["'self'"]);
    expect(meta.size).toBe(directivesOf(policy).size - 1);
  });
});
