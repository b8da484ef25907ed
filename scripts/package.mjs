#!/usr/bin/env node
// `npm run package`: the desktop installer for this platform.
//   1. better-sqlite3 rebuilt for Electron's ABI (@electron/rebuild; downloads Electron headers),
//   2. electron-vite build (main, preload, renderer into out/),
//   3. electron-builder with electron-builder.config.ts (asar, fuses),
//   4. better-sqlite3 rebuilt for Node again, so tests and the CLI keep working.
// Step 4 runs even when 2 or 3 fail. Needs network for Electron's headers and binary.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { root, useBuildFor } from './native.mjs';

const bin = (pkg, file) => path.join(root, 'node_modules', pkg, file);

function run(label, args) {
  console.log(`\n=== ${label}`);
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  return result.status === 0;
}

let ok = useBuildFor('electron');
try {
  ok = ok && run('electron-vite build', [bin('electron-vite', 'bin/electron-vite.js'), 'build']);
  ok =
    ok &&
    run('electron-builder', [
      bin('electron-builder', 'cli.js'),
      '--config',
      'electron-builder.config.ts',
      '--publish',
      'never',
    ]);
} finally {
  if (!useBuildFor('node')) {
    console.error('better-sqlite3 could not be rebuilt for Node; run `npm rebuild better-sqlite3`.');
    ok = false;
  }
}
process.exit(ok ? 0 : 1);
