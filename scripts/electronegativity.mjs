#!/usr/bin/env node
// Runs Doyensec's Electronegativity over a folder and fails when it reports anything.
//
//   node scripts/electronegativity.mjs <dir> [--output report.sarif] [--exclude CheckA,CheckB]
//                                            [--with-release-check]
//
// Scan the sources (`src`, TypeScript is parsed) or a build (`out`). The tool itself exits 0
// whatever it finds, so this script asks it for a SARIF report (`-o x.sarif`), reads the results
// and exits 1 when there is at least one. Exit 2 means the scan itself could not run.
//
// Needs `@doyensec/electronegativity` in node_modules (npm install -D -E
// @doyensec/electronegativity@1.10.3), or ELECTRONEGATIVITY_BIN pointing at its CLI script.
//
// Why SARIF and not CSV or the console table: the CSV writer leaves its header and rows to two
// unordered async writes, and the table is only printed when no output file is asked for.
// Its parser (an old Babel) cannot read ES2022 class fields (`#private`), so a build is first
// copied and lowered to ES2021 with TypeScript (`--lower`, what `npm test` uses on `out/`); a file
// it still fails to parse ("Error parsing …" on its output) fails the scan, since unparsed code
// would otherwise pass silently.
//
// A finding that has been reviewed and accepted is silenced where it occurs, with a reason, via
// the tool's own annotation (`// eng-disable OPEN_EXTERNAL_JS_CHECK -- URL is allow-listed`), or
// for global checks by --exclude. AvailableSecurityFixesGlobalCheck is excluded unless
// --with-release-check is given: it downloads Electron's release list from GitHub (offline it
// only logs "No connectivity?" and reports nothing) and writes releases.*.json into its cwd.
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const NETWORK_CHECK = 'AvailableSecurityFixesGlobalCheck';
const SCAN_TIMEOUT_MS = 10 * 60_000;

class ScanError extends Error {}

/** Aborts the scan: reported once at the top, after the temporary folder is removed. */
function fail(message) {
  throw new ScanError(message);
}

function parseArguments(argv) {
  const options = { input: null, output: null, exclude: [], withReleaseCheck: false, lower: false };
  for (let i = 0; i < argv.length; i += 1) {
    const argument = argv[i];
    if (argument === '--output') options.output = argv[(i += 1)] ?? fail('--output needs a file name');
    else if (argument === '--exclude')
      options.exclude.push(...(argv[(i += 1)] ?? '').split(',').filter(Boolean));
    else if (argument === '--with-release-check') options.withReleaseCheck = true;
    else if (argument === '--lower') options.lower = true;
    else if (argument.startsWith('--')) fail(`unknown option ${argument}`);
    else if (options.input === null) options.input = argument;
    else fail(`unexpected argument ${argument}`);
  }
  if (options.input === null)
    fail('usage: node scripts/electronegativity.mjs <dir> [--output x.sarif] [--exclude A,B]');
  if (options.output !== null && !options.output.endsWith('.sarif')) fail('--output must end in .sarif');
  return options;
}

function findCli() {
  const fromEnvironment = process.env.ELECTRONEGATIVITY_BIN;
  if (fromEnvironment) return path.resolve(fromEnvironment);
  const installed = path.join(repoRoot, 'node_modules', '@doyensec', 'electronegativity', 'dist', 'index.js');
  if (existsSync(installed)) return installed;
  return fail(
    'not installed. Run `npm install -D -E @doyensec/electronegativity@1.10.3` ' +
      '(or set ELECTRONEGATIVITY_BIN to its dist/index.js).',
  );
}

/** The Electron version the app ships, so checks use its defaults instead of assuming 0.1.0. */
function electronVersion() {
  const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const declared = manifest.devDependencies?.electron ?? manifest.dependencies?.electron;
  const match = typeof declared === 'string' ? /\d+\.\d+\.\d+/.exec(declared) : null;
  return match ? match[0] : null;
}

/** Findings from a SARIF 2.1.0 report (2.0's fileLocation is accepted too). */
function findingsFromSarif(report) {
  const findings = [];
  for (const run of report?.runs ?? []) {
    for (const result of run?.results ?? []) {
      const location = result?.locations?.[0]?.physicalLocation;
      const file = location?.artifactLocation?.uri ?? location?.fileLocation?.uri ?? '?';
      findings.push({
        check: result?.ruleId ?? '?',
        level: result?.level ?? 'warning',
        message: result?.message?.text ?? '',
        file,
        line: location?.region?.startLine ?? 0,
        column: location?.region?.startColumn ?? 0,
      });
    }
  }
  return findings;
}

/** Copies `input` to `target` with every .js/.cjs/.mjs lowered to ES2021 (comments kept). */
function lowerCopy(input, target) {
  const ts = createRequire(path.join(repoRoot, 'package.json'))('typescript');
  cpSync(input, target, { recursive: true });
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (/\.[cm]?js$/.test(name)) {
        const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
          compilerOptions: { target: ts.ScriptTarget.ES2021, module: ts.ModuleKind.ESNext, allowJs: true },
          fileName: name,
        });
        writeFileSync(file, outputText);
      }
    }
  };
  walk(target);
}

function main() {
  const options = parseArguments(process.argv.slice(2));
  const input = path.resolve(options.input);
  if (!existsSync(input) || !statSync(input).isDirectory()) fail(`${input} is not a directory`);
  const cli = findCli();

  const workDir = mkdtempSync(path.join(os.tmpdir(), 'electronegativity-'));
  const sarifPath = options.output ? path.resolve(options.output) : path.join(workDir, 'report.sarif');
  rmSync(sarifPath, { force: true });

  const excluded = options.withReleaseCheck ? options.exclude : [NETWORK_CHECK, ...options.exclude];
  let scanned = input;
  if (options.lower) {
    scanned = path.join(workDir, 'lowered');
    lowerCopy(input, scanned);
  }
  const args = [cli, '-i', scanned, '-o', sarifPath, '-r'];
  const version = electronVersion();
  if (version) args.push('-e', version);
  if (excluded.length > 0) args.push('-x', excluded.join(','));

  console.log(
    `electronegativity: scanning ${path.relative(repoRoot, input) || '.'} (Electron ${version ?? '?'})`,
  );
  const result = spawnSync(process.execPath, args, {
    cwd: workDir,
    encoding: 'utf8',
    timeout: SCAN_TIMEOUT_MS,
  });
  try {
    if (result.error) fail(`could not run ${cli}: ${result.error.message}`);
    if (result.status !== 0) {
      process.stderr.write(result.stdout ?? '');
      process.stderr.write(result.stderr ?? '');
      fail(`the scanner exited with ${result.status ?? result.signal}`);
    }
    if (!existsSync(sarifPath)) fail(`the scanner wrote no report to ${sarifPath}`);
    const unparsed = `${result.stdout ?? ''}\n${result.stderr ?? ''}`
      .split('\n')
      .filter((line) => line.includes('Error parsing'));
    if (unparsed.length > 0)
      fail(`files could not be parsed, so they were not checked:\n${unparsed.join('\n')}`);
    let report;
    try {
      report = JSON.parse(readFileSync(sarifPath, 'utf8'));
    } catch (error) {
      fail(`the report is not JSON: ${error.message}`);
    }
    const findings = findingsFromSarif(report);
    for (const finding of findings) {
      const review = finding.level === 'note' ? ' [review]' : '';
      console.log(
        `  ${finding.check}${review}  ${finding.file}:${finding.line}:${finding.column}  ${finding.message}`,
      );
    }
    console.log(
      `electronegativity: ${findings.length} finding(s)${options.output ? `, report in ${sarifPath}` : ''}`,
    );
    process.exitCode = findings.length > 0 ? 1 : 0;
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

try {
  main();
} catch (error) {
  if (!(error instanceof ScanError)) throw error;
  console.error(`electronegativity: ${error.message}`);
  process.exitCode = 2;
}
