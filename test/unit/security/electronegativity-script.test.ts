import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// The real scanner is not installed here (see the script's header), so a stand-in CLI that
// behaves like Electronegativity 1.10 — takes -i/-o/-x/-e, writes SARIF 2.1.0 asynchronously,
// exits 0 whatever it found — checks the wrapper's side of the contract.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const script = path.join(repoRoot, 'scripts/electronegativity.mjs');
const workDir = mkdtempSync(path.join(os.tmpdir(), 'electronegativity-test-'));
const stubCli = path.join(workDir, 'stub-cli.mjs');
const recordFile = path.join(workDir, 'record.json');
const scanDir = path.join(repoRoot, 'src/main/app/security');

writeFileSync(
  stubCli,
  `import { writeFile, writeFileSync } from 'node:fs';
const args = process.argv.slice(2);
writeFileSync(process.env.STUB_RECORD, JSON.stringify({ args, cwd: process.cwd() }));
if (process.env.STUB_EXIT) { console.error('boom'); process.exit(Number(process.env.STUB_EXIT)); }
const output = args[args.indexOf('-o') + 1];
const results = JSON.parse(process.env.STUB_RESULTS ?? '[]');
const report = { version: '2.1.0', runs: [{ tool: { driver: { name: 'Electronegativity', rules: [] } }, results }] };
writeFile(output, JSON.stringify(report), (error) => { if (error) throw error; });
`,
);

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function runScript(extraArgs: string[], stubEnvironment: Record<string, string> = {}) {
  rmSync(recordFile, { force: true });
  const result = spawnSync(process.execPath, [script, scanDir, ...extraArgs], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, ELECTRONEGATIVITY_BIN: stubCli, STUB_RECORD: recordFile, ...stubEnvironment },
  });
  const record = JSON.parse(readFileSync(recordFile, 'utf8')) as { args: string[]; cwd: string };
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, record };
}

const finding = {
  ruleId: 'OPEN_EXTERNAL_JS_CHECK',
  level: 'note',
  message: { text: 'Review the use of openExternal' },
  locations: [
    {
      physicalLocation: {
        artifactLocation: { uri: 'main/app/window.ts' },
        region: { startLine: 12, startColumn: 5 },
      },
    },
  ],
};

describe('scripts/electronegativity.mjs', () => {
  it('exits 0 when the report has no findings', () => {
    const { status, stdout } = runScript([]);
    expect(status).toBe(0);
    expect(stdout).toContain('0 finding(s)');
  });

  it('exits 1 and lists each finding when there are some, although the scanner exited 0', () => {
    const { status, stdout } = runScript([], {
      STUB_RESULTS: JSON.stringify([finding, { ...finding, ruleId: 'CSP_GLOBAL_CHECK', level: 'warning' }]),
    });
    expect(status).toBe(1);
    expect(stdout).toContain('OPEN_EXTERNAL_JS_CHECK [review]  main/app/window.ts:12:5');
    expect(stdout).toContain('CSP_GLOBAL_CHECK');
    expect(stdout).toContain('2 finding(s)');
  });

  it('passes the folder, a SARIF output, relative paths, the Electron version and the offline exclusion', () => {
    const { record } = runScript(['--exclude', 'CustomCheck']);
    const { args } = record;
    expect(args[args.indexOf('-i') + 1]).toBe(scanDir);
    expect(args[args.indexOf('-o') + 1]).toMatch(/\.sarif$/);
    expect(args).toContain('-r');
    expect(args[args.indexOf('-e') + 1]).toMatch(/^\d+\.\d+\.\d+$/);
    expect(args[args.indexOf('-x') + 1]).toBe('AvailableSecurityFixesGlobalCheck,CustomCheck');
  });

  it('runs the scanner outside the repository (it drops releases.*.json into its cwd)', () => {
    const { record } = runScript([]);
    expect(path.relative(repoRoot, record.cwd).startsWith('..')).toBe(true);
  });

  it('keeps the network check when asked to', () => {
    const { record } = runScript(['--with-release-check']);
    expect(record.args).not.toContain('-x');
  });

  it('exits 2 when the scanner itself fails', () => {
    const { status, stderr } = runScript([], { STUB_EXIT: '1' });
    expect(status).toBe(2);
    expect(stderr).toContain('exited with 1');
  });

  it('writes the report where --output says', () => {
    const output = path.join(workDir, 'kept.sarif');
    const { status } = runScript(['--output', output], { STUB_RESULTS: JSON.stringify([finding]) });
    expect(status).toBe(1);
    expect(JSON.parse(readFileSync(output, 'utf8')).runs[0].results).toHaveLength(1);
  });
});
