import { readFile, realpath } from 'node:fs/promises';
import { appResponseHeaders, isPathInsideRoot, resolveAppRequest } from './security/app-protocol';
import { buildRendererCsp, createStyleNonce, injectStyleNonce } from './security/csp';

function refusal(status: number): Response {
  return new Response(null, { status, headers: { 'X-Content-Type-Options': 'nosniff' } });
}

/**
 * Serves the built renderer under app://patron/ instead of file:// (checklist item 18). Paths are
 * resolved by the pure `resolveAppRequest`, then checked again after resolving symlinks, so a link
 * inside the renderer folder cannot reach the rest of the disk. index.html gets a fresh style
 * nonce per load, in its CSP header and in the meta tag Mantine reads.
 */
export async function handleAppRequest(request: Request, rendererRoot: string): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return refusal(405);
  const resolved = resolveAppRequest(request.url, rendererRoot);
  if (!resolved.ok) return refusal(resolved.status);
  let realFile: string;
  let realRoot: string;
  try {
    [realFile, realRoot] = await Promise.all([realpath(resolved.filePath), realpath(rendererRoot)]);
  } catch {
    return refusal(404);
  }
  if (!isPathInsideRoot(realFile, realRoot)) return refusal(403);
  const body = await readFile(realFile).catch(() => null);
  if (body === null) return refusal(404);
  if (resolved.isIndex) {
    const nonce = createStyleNonce();
    const html = injectStyleNonce(body.toString('utf8'), nonce);
    return new Response(html, {
      status: 200,
      headers: appResponseHeaders(resolved.contentType, buildRendererCsp({ styleNonce: nonce })),
    });
  }
  return new Response(body, {
    status: 200,
    headers: appResponseHeaders(resolved.contentType, buildRendererCsp({ styleNonce: null })),
  });
}
