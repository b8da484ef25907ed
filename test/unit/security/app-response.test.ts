import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { handleAppRequest } from '../../../src/main/app/app-response';
import { parseCsp } from '../../../src/main/app/security/csp';

let root = '';
beforeAll(() => {
  const base = mkdtempSync(path.join(os.tmpdir(), 'patron-app-'));
  root = path.join(base, 'renderer');
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  writeFileSync(
    path.join(root, 'index.html'),
    '<html><head><meta name="patron-style-nonce" content="__PATRON_STYLE_NONCE__"></head><body></body></html>',
  );
  writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(base, 'secret.txt'), 'outside the renderer');
  symlinkSync(path.join(base, 'secret.txt'), path.join(root, 'assets', 'link.js'));
});

const get = (url: string, method = 'GET'): Promise<Response> =>
  handleAppRequest(new Request(url, { method }), root);

describe('app:// responses', () => {
  it('serves index.html for routes with a fresh style nonce in both the page and the CSP header', async () => {
    const first = await get('app://patron/customers/42');
    const second = await get('app://patron/');
    expect(first.status).toBe(200);
    const csp = parseCsp(first.headers.get('content-security-policy') ?? '');
    const nonceSource = csp.get('style-src')?.find((s) => s.startsWith("'nonce-"));
    const nonce = nonceSource?.slice(7, -1) ?? '';
    expect(nonce.length).toBeGreaterThanOrEqual(22);
    expect(await first.text()).toContain(`content="${nonce}"`);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('style-src')).not.toContain("'unsafe-inline'");
    expect(second.headers.get('content-security-policy')).not.toBe(
      first.headers.get('content-security-policy'),
    );
  });

  it('serves assets with their type and the CSP', async () => {
    const response = await get('app://patron/assets/app.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toBe('console.log(1)');
  });

  it.each([
    'app://patron/assets/%2e%2e/%2e%2e/secret.txt',
    'app://patron/assets/..%2f..%2fsecret.txt',
    'app://patron/../secret.txt',
    'app://patron/assets/..\\..\\secret.txt',
  ])('never serves a file outside the renderer for %s', async (url) => {
    const response = await get(url);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(await response.text()).not.toContain('outside the renderer');
  });

  it.each([
    ['app://other/index.html', 403],
    ['app://patron/assets/missing.js', 404],
  ])('refuses %s with %i', async (url, status) => {
    expect((await get(url)).status).toBe(status);
  });

  it('refuses a symlink that leads out of the renderer folder', async () => {
    expect((await get('app://patron/assets/link.js')).status).toBe(403);
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await get('app://patron/', 'POST')).status).toBe(405);
  });
});
