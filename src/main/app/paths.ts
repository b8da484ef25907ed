import path from 'node:path';

export interface ShellPaths {
  /** The shop file. */
  readonly dbFile: string;
  /** Built renderer (index.html and assets) served under app://patron/. */
  readonly rendererRoot: string;
  /** Built preload script (sandboxed, so CommonJS). */
  readonly preloadPath: string;
}

/**
 * Where the shell finds its files. `mainDir` is the folder of the built main bundle (out/main, or
 * app.asar/out/main when packaged); the renderer and preload are its siblings. `PATRON_DB` overrides
 * the shop file (tests, a second shop), else it lives in Electron's userData folder.
 */
export function shellPaths(
  mainDir: string,
  userDataDir: string,
  env: NodeJS.ProcessEnv = process.env,
): ShellPaths {
  const outDir = path.resolve(mainDir, '..');
  return {
    dbFile: env.PATRON_DB ? path.resolve(env.PATRON_DB) : path.join(userDataDir, 'patron.db'),
    rendererRoot: path.join(outDir, 'renderer'),
    preloadPath: path.join(outDir, 'preload', 'index.cjs'),
  };
}

/**
 * The dev server URL electron-vite passes in development; ignored when packaged, so a stray
 * environment variable on a shop PC cannot point the app at a web page.
 */
export function devRendererUrl(isPackaged: boolean, env: NodeJS.ProcessEnv = process.env): string | null {
  if (isPackaged) return null;
  const value = env.ELECTRON_RENDERER_URL;
  if (!value) return null;
  try {
    const url = new URL(value);
    const loopback = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
    return url.protocol === 'http:' && loopback ? url.origin : null;
  } catch {
    return null;
  }
}
