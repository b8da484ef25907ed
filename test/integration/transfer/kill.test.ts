import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { checkDatabaseFile } from '../../../src/main/db/health';
import { repoRoot, runCli, tempDir } from '../../helpers/cli';

const ROWS = 100_000;
const KILLS = 4;

function purchaseCount(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(`SELECT COUNT(*) FROM purchases`).pluck().get() as number;
  } finally {
    db.close();
  }
}

/**
 * Starts the CLI import and SIGKILLs it after `delayMs`, or as soon as `early()` says so (polled);
 * resolves with how it ended.
 */
function killImportAfter(
  dbFile: string,
  csv: string,
  delayMs: number,
  early?: () => boolean,
): Promise<string> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(repoRoot, 'src/main/cli/index.ts'),
      'import',
      'purchases',
      csv,
      '--db',
      dbFile,
      '--no-backup',
    ],
    { cwd: repoRoot, env: { ...process.env, PATRON_LOG: 'silent' }, stdio: 'ignore' },
  );
  const timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
  const poll = setInterval(() => {
    if (early?.()) child.kill('SIGKILL');
  }, 5);
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      clearInterval(poll);
      resolve(signal ?? `exit ${code}`);
    });
  });
}

describe('an import killed with SIGKILL', () => {
  it('leaves the shop either untouched or complete, and healthy, every time', async () => {
    const dir = tempDir('patron-kill-');
    const csv = path.join(dir, 'purchases.csv');
    const lines = ['customer_code,date,amount'];
    for (let i = 0; i < ROWS; i++)
      lines.push(`K${i % 3000},2024-${1 + (i % 12)}-${1 + (i % 28)},${1 + (i % 90)}`);
    writeFileSync(csv, lines.join('\n'));
    const pristine = path.join(dir, 'pristine.db');
    expect(runCli(['init', '--db', pristine, '--name', 'Kill test']).status).toBe(0);

    // Time one import left alone, then spread the kill moments over that time (reading,
    // validating, writing): fixed delays let a fast machine finish before the first kill.
    const timed = path.join(dir, 'shop-timed.db');
    copyFileSync(pristine, timed);
    const started = performance.now();
    expect(await killImportAfter(timed, csv, 120_000)).toBe('exit 0');
    const fullRunMs = performance.now() - started;
    expect(purchaseCount(timed)).toBe(ROWS);

    const outcomes: string[] = [];
    const delays = Array.from({ length: KILLS }, (_v, i) => ((i + 0.5) / (KILLS + 1)) * fullRunMs);
    for (const [attempt, delay] of delays.entries()) {
      const dbFile = path.join(dir, `shop-${attempt}.db`);
      copyFileSync(pristine, dbFile);
      const ended = await killImportAfter(dbFile, csv, delay * (0.9 + Math.random() * 0.2));
      const health = checkDatabaseFile(dbFile, 'full');
      expect(health.integrity).toEqual(['ok']);
      const count = purchaseCount(dbFile);
      expect([0, ROWS]).toContain(count);
      outcomes.push(`${ended}:${count}`);
    }
    // And once while the commit is being written: the WAL only grows once the transaction commits.
    const dbFile = path.join(dir, 'shop-commit.db');
    copyFileSync(pristine, dbFile);
    const walSize = (): number => (existsSync(`${dbFile}-wal`) ? statSync(`${dbFile}-wal`).size : 0);
    const ended = await killImportAfter(dbFile, csv, 120_000, () => walSize() > 256 * 1024);
    expect(checkDatabaseFile(dbFile, 'full').integrity).toEqual(['ok']);
    const count = purchaseCount(dbFile);
    expect([0, ROWS]).toContain(count);
    outcomes.push(`during commit ${ended}:${count}`);
    console.log(`full run ${Math.round(fullRunMs)} ms; kill outcomes: ${outcomes.join(', ')}`);
    // At least one kill must have landed before the commit, or the test proved nothing.
    expect(outcomes.some((outcome) => outcome.startsWith('SIGKILL:0'))).toBe(true);
  }, 300_000);
});
