import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const rendererOutDir = path.join(projectRoot, 'out', 'renderer');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * The preview serves the built renderer; build it when it is missing or older
 * than its sources, so `npm run web` works straight after a fresh clone.
 */
export function ensureRendererBuilt(log: (line: string) => void, force = false): void {
  const index = path.join(rendererOutDir, 'index.html');
  const sources = [path.join(projectRoot, 'src', 'renderer'), path.join(projectRoot, 'src', 'shared')];
  const fresh =
    !force &&
    existsSync(index) &&
    statSync(index).mtimeMs >= Math.max(...sources.map((dir) => newestMtime(dir)));
  if (fresh) return;
  log('Building the renderer (first run or sources changed)…');
  const result = spawnSync(
    process.execPath,
    [
      path.join(projectRoot, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      'vite.renderer.config.ts',
      '--logLevel',
      'warn',
    ],
    { cwd: projectRoot, stdio: 'inherit' },
  );
  if (result.status !== 0) throw new Error('Building the renderer failed.');
}
