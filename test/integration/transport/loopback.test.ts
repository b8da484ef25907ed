import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PatronCore } from '../../../src/main/core/core';
import {
  resolveInside,
  startLoopbackServer,
  type LoopbackServer,
} from '../../../src/main/transport/loopback-http';
import { tempDir } from '../../helpers/cli';

let core: PatronCore;
let server: LoopbackServer;
let rendererDir: string;

beforeAll(async () => {
  const dir = tempDir();
  rendererDir = path.join(dir, 'renderer');
  mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(
    path.join(rendererDir, 'index.html'),
    '<html><head><title>t</title></head><body></body></html>',
  );
  writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(dir, 'secret.txt'), 'do not serve');
  core = PatronCore.open({ dbFile: path.join(dir, 'shop.db'), transport: 'preview' });
  server = await startLoopbackServer({ core, rendererDir, port: 0 });
});
afterAll(async () => {
  await server.close();
  await core.close();
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}
function http(
  method: string,
  urlPath: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, method, path: urlPath, headers }, (res) => {
      let data = '';
      res.on('data', (chunk: Buffer) => (data += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: data }));
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

describe('loopback HTTP transport', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
  });

  it('serves the renderer with the token and a session id injected, and a strict CSP', async () => {
    const reply = await http('GET', '/');
    expect(reply.status).toBe(200);
    expect(reply.body).toContain(`<meta name="patron-token" content="${server.token}">`);
    expect(reply.body).toMatch(/<meta name="patron-session" content="[0-9a-f-]{36}">/);
    expect(reply.headers['content-security-policy']).toMatch(/script-src 'self'(;|$)/);
    expect(String(reply.headers['content-security-policy'])).not.toMatch(/unsafe-eval/);
  });

  it('answers commands with the token, refuses them without it', async () => {
    const good = await http(
      'POST',
      '/api/invoke/shop.info',
      { 'x-patron-token': server.token, 'content-type': 'application/json' },
      '{}',
    );
    expect(good.status).toBe(200);
    expect(JSON.parse(good.body)).toMatchObject({
      ok: true,
      value: { initialized: false, transport: 'preview' },
    });
    const missing = await http('POST', '/api/invoke/shop.info', {}, '{}');
    expect(missing.status).toBe(401);
    const wrong = await http('POST', '/api/invoke/shop.info', { 'x-patron-token': 'x'.repeat(32) }, '{}');
    expect(wrong.status).toBe(401);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const reply = await http('GET', '/', { host: `evil.example:${server.port}` });
    expect(reply.status).toBe(403);
    const api = await http(
      'POST',
      '/api/invoke/shop.info',
      { host: 'evil.example', 'x-patron-token': server.token },
      '{}',
    );
    expect(api.status).toBe(403);
  });

  it('never serves files outside the renderer folder', async () => {
    for (const attempt of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const reply = await http('GET', attempt);
      expect(reply.body).not.toContain('do not serve');
    }
    expect(resolveInside(rendererDir, '/../secret.txt')).toBeNull();
    expect(resolveInside(rendererDir, '/%2e%2e/secret.txt')).toBeNull();
    expect(resolveInside(rendererDir, '/a\\..\\..\\secret.txt')).toBeNull();
    expect(resolveInside(rendererDir, '/assets/app.js')).toBe(path.join(rendererDir, 'assets', 'app.js'));
  });

  it('keeps owner mode per session: a staff session gets forbidden', async () => {
    const reply = await http(
      'POST',
      '/api/invoke/shop.updateProfile',
      { 'x-patron-token': server.token, 'x-patron-session': 'tab-1' },
      JSON.stringify({ name: 'Hacked' }),
    );
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('pushes events over server-sent events to token holders', async () => {
    const received = new Promise<string>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: server.port,
          path: `/api/events?token=${encodeURIComponent(server.token)}`,
        },
        (res) => {
          expect(res.headers['content-type']).toMatch(/text\/event-stream/);
          let data = '';
          res.on('data', (chunk: Buffer) => {
            data += chunk.toString();
            if (data.includes('event: db.changed')) {
              resolve(data);
              req.destroy();
            }
          });
        },
      );
      req.on('error', (error) => {
        if (!String(error).includes('socket hang up')) reject(error);
      });
      req.end();
    });
    await new Promise((r) => setTimeout(r, 100));
    await http(
      'POST',
      '/api/invoke/ui.setLanguage',
      { 'x-patron-token': server.token },
      JSON.stringify({ uiLanguage: 'en' }),
    );
    expect(await received).toMatch(/event: db\.changed\ndata: \{"tables":\["local_settings"\]\}/);
    const refused = await http('GET', '/api/events?token=nope');
    expect(refused.status).toBe(401);
  });
});
