import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { PatronCore } from '../core/core';
import type { Session } from '../core/session';
import { eventNames, type EventName } from '../../shared/contract';
import { logger } from '../core/logger';
import { buildPreviewCsp, createStyleNonce, STYLE_NONCE_PLACEHOLDER } from '../app/security/csp';

export interface LoopbackOptions {
  readonly core: PatronCore;
  /** The built renderer (index.html and assets). */
  readonly rendererDir: string;
  /** 0 picks a free port. */
  readonly port: number;
}

export interface LoopbackServer {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024 * 1024;
const MAX_SESSIONS = 64;
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};

/**
 * The browser preview's transport: the same command table over HTTP on
 * 127.0.0.1, with server-sent events for pushes. Development and test only —
 * never part of the packaged app.
 *
 * Why this is safe on a shared PC: it listens on loopback only and refuses
 * other peers; it refuses any Host header but its own (DNS rebinding); every
 * command needs the per-run token in a custom header, which a web page of
 * another origin cannot send without a CORS preflight we never grant, and
 * cannot read from our HTML because of the same-origin policy.
 */
export async function startLoopbackServer(options: LoopbackOptions): Promise<LoopbackServer> {
  const token = randomBytes(24).toString('base64url');
  const sessions = new Map<string, Session>();
  const rendererRoot = path.resolve(options.rendererDir);
  let allowedHosts: Set<string> = new Set();

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      logger.error('preview request failed', error instanceof Error ? error.message : String(error));
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'internal error');
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!isLoopback(req.socket.remoteAddress) || !allowedHosts.has(req.headers.host ?? '')) {
      send(res, 403, 'text/plain; charset=utf-8', 'forbidden');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/api/')) {
      await handleApi(req, res, url);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'text/plain; charset=utf-8', 'method not allowed');
      return;
    }
    // The Host header was checked against our own host:port above.
    await serveStatic(res, url.pathname, `http://${req.headers.host ?? ''}`);
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (url.pathname === '/api/events' && req.method === 'GET') {
      // EventSource cannot set headers, so the token travels in the query here.
      if (!tokenMatches(url.searchParams.get('token'))) {
        send(res, 401, 'text/plain; charset=utf-8', 'unauthorized');
        return;
      }
      openEventStream(req, res);
      return;
    }
    const match = /^\/api\/invoke\/([a-zA-Z0-9_.]+)$/.exec(url.pathname);
    if (!match || req.method !== 'POST') {
      send(
        res,
        404,
        'application/json',
        JSON.stringify({ ok: false, error: { code: 'unknown_command', message: 'not found' } }),
      );
      return;
    }
    const headerToken = req.headers['x-patron-token'];
    if (!tokenMatches(typeof headerToken === 'string' ? headerToken : null)) {
      send(
        res,
        401,
        'application/json',
        JSON.stringify({ ok: false, error: { code: 'unauthorized', message: 'missing or wrong token' } }),
      );
      return;
    }
    const body = await readBody(req);
    if (body === null) {
      send(
        res,
        413,
        'application/json',
        JSON.stringify({ ok: false, error: { code: 'invalid_input', message: 'request too large' } }),
      );
      return;
    }
    let input: unknown = {};
    try {
      input = body.length === 0 ? {} : (JSON.parse(body.toString('utf8')) as unknown);
    } catch {
      send(
        res,
        400,
        'application/json',
        JSON.stringify({ ok: false, error: { code: 'invalid_input', message: 'body is not JSON' } }),
      );
      return;
    }
    const sessionHeader = req.headers['x-patron-session'];
    const session = sessionFor(typeof sessionHeader === 'string' ? sessionHeader : '');
    const result = await options.core.invoke(session, match[1], input);
    send(res, 200, 'application/json', JSON.stringify(result));
  }

  function sessionFor(id: string): Session {
    const existing = sessions.get(id);
    if (existing) return existing;
    const session = options.core.createSession('preview');
    const key = id || session.id;
    if (sessions.size >= MAX_SESSIONS) sessions.delete(sessions.keys().next().value as string);
    sessions.set(key, session);
    return session;
  }

  function openEventStream(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Content-Type-Options': 'nosniff',
    });
    res.write(': connected\n\n');
    const forward = (event: EventName, payload: unknown): void => {
      if (eventNames.includes(event)) res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
    };
    const unsubscribe = options.core.events.onAny(forward);
    const heartbeat = setInterval(() => res.write(': ping\n\n'), 15_000);
    heartbeat.unref();
    req.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
  }

  async function serveStatic(res: ServerResponse, pathname: string, previewOrigin: string): Promise<void> {
    const file = resolveInside(rendererRoot, pathname);
    if (!file) {
      send(res, 404, 'text/plain; charset=utf-8', 'not found');
      return;
    }
    const info = await stat(file).catch(() => null);
    const target = info?.isFile() ? file : path.join(rendererRoot, 'index.html');
    const ext = path.extname(target);
    let content = await readFile(target).catch(() => null);
    if (!content) {
      send(res, 404, 'text/plain; charset=utf-8', 'The renderer is not built. Run `npm run build:renderer`.');
      return;
    }
    // Styles are allowed by a fresh nonce per page (Mantine writes <style> elements at run time).
    // Scripts and stylesheets get the nonce-less variant: a CSP on a non-document governs nothing.
    const styleNonce = ext === '.html' ? createStyleNonce() : null;
    if (ext === '.html') {
      // A fresh session per page load; the token lets this page (and only
      // same-origin script) call commands.
      const sessionId = randomUUID();
      content = Buffer.from(
        content
          .toString('utf8')
          .split(STYLE_NONCE_PLACEHOLDER)
          .join(styleNonce ?? '')
          .replace(
            '</head>',
            `<meta name="patron-token" content="${token}"><meta name="patron-session" content="${sessionId}"></head>`,
          ),
      );
    }
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[ext] ?? 'application/octet-stream',
      'Cache-Control': ext === '.html' ? 'no-store' : 'public, max-age=31536000, immutable',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY',
      'Content-Security-Policy': buildPreviewCsp({ styleNonce, previewOrigin }),
    });
    res.end(content);
  }

  function tokenMatches(candidate: string | null): boolean {
    if (!candidate) return false;
    const a = Buffer.from(candidate);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

/** Maps a URL path into the renderer folder, refusing anything that escapes it. */
export function resolveInside(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const full = path.resolve(root, relative);
  if (full !== root && !full.startsWith(root + path.sep)) return null;
  return full;
}

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, {
    'Content-Type': contentType,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(body);
}
