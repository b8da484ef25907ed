#!/usr/bin/env node
// `npm start`: the desktop app where the Electron binary exists; otherwise the
// browser preview (same renderer, same core, over 127.0.0.1), saying so.
import { spawnSync } from 'node:child_process';
import { electronBinary, useBuildFor, root } from './native.mjs';

const binary = electronBinary();
if (binary) {
  if (!useBuildFor('electron')) {
    console.error('Could not rebuild better-sqlite3 for Electron (this needs Electron headers from the internet).');
    process.exit(1);
  }
  const result = spawnSync(process.execPath, [`${root}/node_modules/electron-vite/bin/electron-vite.js`, 'dev'], {
    stdio: 'inherit',
    cwd: root,
  });
  process.exit(result.status ?? 1);
}

console.log('Electron binary not found on this machine (it is downloaded on first use on a machine with internet).');
console.log('Opening the browser preview instead: the same app, served on 127.0.0.1.');
useBuildFor('node');
const args = ['--import', 'tsx', 'src/main/cli/index.ts', 'web', '--open', ...process.argv.slice(2)];
const result = spawnSync(process.execPath, args, { stdio: 'inherit', cwd: root });
process.exit(result.status ?? 1);
