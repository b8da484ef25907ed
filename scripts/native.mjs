// better-sqlite3 is a native module: tests and the CLI need it built for Node,
// the desktop app for Electron (STACK.md trap 3). These helpers switch it.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The Electron executable if it is installed, else null (never triggers a download). */
export function electronBinary() {
  const dir = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relative = readFileSync(pathFile, 'utf8').trim();
  const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(dir, 'dist');
  const full = path.join(distDir, relative);
  return existsSync(full) ? full : null;
}

/** Whether better-sqlite3 currently loads in this Node. */
export function loadsInNode() {
  const probe = spawnSync(process.execPath, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], {
    cwd: root,
    encoding: 'utf8',
  });
  return probe.status === 0;
}

/** Makes better-sqlite3 match the runtime about to use it. Returns success. */
export function useBuildFor(target) {
  if (target === 'node') {
    if (loadsInNode()) return true;
    console.log('Rebuilding better-sqlite3 for Node (it was built for Electron)…');
    const result = spawnSync('npm', ['rebuild', 'better-sqlite3'], { cwd: root, stdio: 'inherit' });
    return result.status === 0 && loadsInNode();
  }
  // Electron: @electron/rebuild downloads Electron's headers; npm_config_nodedir
  // must be unset or it silently builds for Node again.
  const env = { ...process.env };
  delete env.npm_config_nodedir;
  delete env.NPM_CONFIG_NODEDIR;
  const result = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules', '@electron', 'rebuild', 'lib', 'cli.js'), '-f', '-w', 'better-sqlite3'],
    { cwd: root, stdio: 'inherit', env },
  );
  return result.status === 0;
}
