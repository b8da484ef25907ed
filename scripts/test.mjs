#!/usr/bin/env node
// `npm test`: typecheck, lint, unit + integration (vitest), renderer build,
// end-to-end (Playwright in Debian's Chromium, plus the Electron smoke test
// that skips where no Electron binary exists). Ends with one line
// `N passed, N failed` summing every test and check that ran.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { root, useBuildFor } from './native.mjs';

const reportDir = path.join(root, 'test-results');
rmSync(reportDir, { recursive: true, force: true });
mkdirSync(reportDir, { recursive: true });
const only = new Set(process.argv.slice(2)); // e.g. `npm test -- unit e2e`
const wants = (step) => only.size === 0 || only.has(step);

let passed = 0;
let failed = 0;
let skipped = 0;
const lines = [];

function run(label, command, args, extraEnv = {}) {
  console.log(`\n=== ${label}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...extraEnv } });
  return result.status === 0;
}

function check(label, ok) {
  if (ok) passed += 1;
  else failed += 1;
  lines.push(`${ok ? 'ok  ' : 'FAIL'} ${label}`);
}

const node = process.execPath;
const bin = (pkg, file) => path.join(root, 'node_modules', pkg, file);

check('better-sqlite3 built for Node', useBuildFor('node'));

if (wants('typecheck')) {
  check('typecheck (main, preload, shared, tests)', run('typecheck node', node, [bin('typescript', 'bin/tsc'), '-p', 'tsconfig.node.json', '--noEmit']));
  check('typecheck (renderer)', run('typecheck web', node, [bin('typescript', 'bin/tsc'), '-p', 'tsconfig.web.json', '--noEmit']));
}
if (wants('lint')) {
  check('lint (zero warnings)', run('lint', node, [bin('eslint', 'bin/eslint.js'), '--max-warnings', '0', '.']));
}

if (wants('unit') || wants('integration')) {
  const projects = ['unit', 'integration'].filter(wants).flatMap((p) => ['--project', p]);
  const jsonFile = path.join(reportDir, 'vitest.json');
  const ok = run('vitest', node, [bin('vitest', 'vitest.mjs'), 'run', ...projects, '--reporter=default', '--reporter=json', `--outputFile.json=${jsonFile}`], { PATRON_LOG: 'silent' });
  if (existsSync(jsonFile)) {
    const report = JSON.parse(readFileSync(jsonFile, 'utf8'));
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    skipped += report.numPendingTests + (report.numTodoTests ?? 0);
    lines.push(`${report.numFailedTests === 0 && ok ? 'ok  ' : 'FAIL'} vitest: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${report.numPendingTests} skipped`);
    if (!ok && report.numFailedTests === 0) check('vitest run (a suite failed to load)', false);
  } else {
    check('vitest produced a report', false);
  }
}

if (wants('e2e')) {
  check('renderer build', run('renderer build', node, [bin('vite', 'bin/vite.js'), 'build', '--config', 'vite.renderer.config.ts', '--logLevel', 'warn']));
  const jsonFile = path.join(reportDir, 'playwright.json');
  const ok = run('playwright', node, [bin('@playwright/test', 'cli.js'), 'test', '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: jsonFile,
  });
  if (existsSync(jsonFile)) {
    const stats = JSON.parse(readFileSync(jsonFile, 'utf8')).stats;
    const failedTests = stats.unexpected + stats.flaky;
    passed += stats.expected;
    failed += failedTests;
    skipped += stats.skipped;
    lines.push(`${failedTests === 0 && ok ? 'ok  ' : 'FAIL'} playwright: ${stats.expected} passed, ${failedTests} failed, ${stats.skipped} skipped`);
    if (!ok && failedTests === 0) check('playwright run (setup failed)', false);
  } else {
    check('playwright produced a report', false);
  }
}

// Doyensec's Electronegativity over the desktop build. Two global/review checks are excluded
// after review, each covered by its own test instead:
// - CSP_GLOBAL_CHECK: the CSP is a response header of the app:// protocol handler (with a per-load
//   style nonce), which the scanner cannot see (test/unit/security/app-response.test.ts);
// - OPEN_EXTERNAL_JS_CHECK: the one openExternal call opens only URLs the allow-list normalised
//   (test/unit/security/packaged-build.test.ts, external.test.ts). The bundler drops the inline
//   `eng-disable` comment that would otherwise mark it reviewed.
if (wants('electronegativity')) {
  const built = run('electron-vite build', node, [bin('electron-vite', 'bin/electron-vite.js'), 'build', '--logLevel', 'warn']);
  check(
    'electronegativity over out/ (no findings)',
    built &&
      run('electronegativity', node, [
        path.join(root, 'scripts', 'electronegativity.mjs'),
        'out',
        '--lower',
        '--exclude',
        'CSPGlobalCheck,OpenExternalJSCheck',
      ]),
  );
}

console.log('\n=== summary');
for (const line of lines) console.log(line);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed === 0 ? 0 : 1);
