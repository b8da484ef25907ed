import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  APP_SCHEME_PRIVILEGES,
  CONTENT_TYPES,
  appResponseHeaders,
  contentTypeFor,
  isPathInsideRoot,
  resolveAppRequest,
} from '../../../src/main/app/security/app-protocol';

const root = '/opt/patron/resources/app.asar/out/renderer';

function resolvedPath(url: string): string {
  const result = resolveAppRequest(url, root);
  if (!result.ok) throw new Error(`expected ${url} to resolve, got ${result.status} ${result.reason}`);
  return result.filePath;
}

describe('resolveAppRequest: files the renderer needs', () => {
  it.each([
    ['app://patron', 'index.html'],
    ['app://patron/', 'index.html'],
    ['app://patron/index.html', 'index.html'],
    ['app://patron/assets/index-BqX3c9.js', 'assets/index-BqX3c9.js'],
    ['app://patron/assets/index-BqX3c9.css?v=1#x', 'assets/index-BqX3c9.css'],
    ['app://patron/customers/42', 'index.html'],
    ['app://patron/customers/', 'index.html'],
    ['app://patron/assets/%E5%AD%97%E4%BD%93.woff2', 'assets/字体.woff2'],
  ])('%s → %s', (url, relative) => {
    expect(resolvedPath(url)).toBe(path.join(root, relative));
  });

  it('flags index responses (they get the nonce-injected HTML)', () => {
    const result = resolveAppRequest('app://patron/settings', root);
    expect(result.ok && result.isIndex).toBe(true);
    const asset = resolveAppRequest('app://patron/assets/a.js', root);
    expect(asset.ok && asset.isIndex).toBe(false);
  });
});

describe('resolveAppRequest: refusals', () => {
  it.each([
    ['dot-dot', 'app://patron/../../etc/passwd'],
    ['dot-dot in the middle', 'app://patron/assets/../../../etc/passwd'],
    ['encoded dot-dot', 'app://patron/%2e%2e/%2e%2e/etc/passwd'],
    ['upper-case encoded dot-dot', 'app://patron/%2E%2E/secret'],
    ['half-encoded dot-dot', 'app://patron/.%2e/secret'],
    ['encoded slash', 'app://patron/assets%2f..%2f..%2fetc'],
    ['backslash', 'app://patron/assets\\..\\..\\secret'],
    ['encoded backslash', 'app://patron/..%5c..%5csecret'],
    ['NUL', 'app://patron/index.html%00.png'],
    ['drive letter', 'app://patron/C:/Windows/win.ini'],
    ['double slash (absolute path)', 'app://patron//etc/passwd'],
    ['single dot', 'app://patron/./index.html'],
    ['malformed percent-encoding', 'app://patron/%E0%A4%A'],
    ['Windows device name', 'app://patron/assets/con.js'],
    ['control character', 'app://patron/a%0Ab.js'],
  ])('400 for %s', (_label, url) => {
    expect(resolveAppRequest(url, root)).toMatchObject({ ok: false, status: 400 });
  });

  it.each([
    ['another host', 'app://evil/index.html'],
    ['credentials', 'app://user@patron/index.html'],
    ['file scheme', 'file:///etc/passwd'],
    ['https', 'https://patron/index.html'],
  ])('403 for %s', (_label, url) => {
    const result = resolveAppRequest(url, root);
    expect(result).toMatchObject({ ok: false, status: 403 });
  });

  it('never resolves outside the root, whatever the input', () => {
    const attempts = ['..', '%2e%2e', '.%2E', '%252e%252e', '..%2f', '..\\', '%c0%ae%c0%ae', '…', '．．'];
    for (const first of attempts) {
      for (const second of attempts) {
        const result = resolveAppRequest(`app://patron/${first}/${second}/etc/passwd`, root);
        if (result.ok) expect(isPathInsideRoot(result.filePath, root)).toBe(true);
      }
    }
  });

  it('refuses a relative renderer root', () => {
    expect(resolveAppRequest('app://patron/', 'out/renderer')).toMatchObject({ ok: false, status: 403 });
  });
});

describe('resolveAppRequest with Windows paths', () => {
  const windowsRoot = 'C:\\Program Files\\Patron\\resources\\app.asar\\out\\renderer';

  it('joins inside the root', () => {
    const result = resolveAppRequest('app://patron/assets/a.js', windowsRoot, path.win32);
    expect(result).toMatchObject({ ok: true, filePath: `${windowsRoot}\\assets\\a.js` });
  });

  it('cannot be steered to another drive or share', () => {
    for (const url of [
      'app://patron/D:/x.js',
      'app://patron/%5c%5cserver%5cshare%5cx.js',
      'app://patron/..%5cx.js',
    ]) {
      expect(resolveAppRequest(url, windowsRoot, path.win32).ok).toBe(false);
    }
  });
});

describe('isPathInsideRoot (for the symlink check after fs.realpath)', () => {
  it('accepts the root and paths below it', () => {
    expect(isPathInsideRoot(root, root)).toBe(true);
    expect(isPathInsideRoot(`${root}/assets/a.js`, root)).toBe(true);
  });

  it('rejects siblings with a common prefix and paths above', () => {
    expect(isPathInsideRoot(`${root}-evil/a.js`, root)).toBe(false);
    expect(isPathInsideRoot('/opt/patron/secret.db', root)).toBe(false);
    expect(isPathInsideRoot('/etc/passwd', root)).toBe(false);
  });

  it('handles Windows drives', () => {
    expect(isPathInsideRoot('D:\\data\\x', 'C:\\app', path.win32)).toBe(false);
    expect(isPathInsideRoot('C:\\app\\x', 'C:\\app', path.win32)).toBe(true);
  });
});

describe('content types', () => {
  it.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['a.JS', 'text/javascript; charset=utf-8'],
    ['a.css', 'text/css; charset=utf-8'],
    ['a.svg', 'image/svg+xml'],
    ['a.woff2', 'font/woff2'],
    ['a.json', 'application/json; charset=utf-8'],
    ['unknown.bin', 'application/octet-stream'],
    ['no-extension', 'application/octet-stream'],
  ])('%s → %s', (file, type) => {
    expect(contentTypeFor(file)).toBe(type);
  });

  it('serves scripts as JavaScript (module scripts are refused under any other MIME type)', () => {
    expect(CONTENT_TYPES['.js']).toMatch(/^text\/javascript/);
    expect(CONTENT_TYPES['.mjs']).toMatch(/^text\/javascript/);
  });
});

describe('APP_SCHEME_PRIVILEGES', () => {
  it('is a standard, secure scheme that neither bypasses CSP nor opens CORS', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({
      scheme: 'app',
      privileges: {
        standard: true,
        secure: true,
        supportFetchAPI: true,
        corsEnabled: false,
        bypassCSP: false,
        allowServiceWorkers: false,
        stream: false,
      },
    });
    expect(Object.isFrozen(APP_SCHEME_PRIVILEGES.privileges)).toBe(true);
  });
});

describe('appResponseHeaders', () => {
  it('carries the CSP and forbids MIME sniffing', () => {
    const headers = appResponseHeaders('text/html; charset=utf-8', "default-src 'none'");
    expect(headers['Content-Security-Policy']).toBe("default-src 'none'");
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
    expect(headers['Content-Type']).toBe('text/html; charset=utf-8');
  });
});
