import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { STREAM_FROM_ROWS } from '../../../src/main/domain/transfer/import-streamed';
import { runCli, tempDir } from '../../helpers/cli';

describe('CLI', () => {
  it('lists its commands with --help, and exits 2 on an unknown one', () => {
    const help = runCli(['--help']);
    expect(help.status).toBe(0);
    for (const name of ['init', 'seed', 'check', 'stats', 'web']) expect(help.stdout).toContain(name);
    const unknown = runCli(['frobnicate']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('Unknown command "frobnicate"');
  });

  it('prints per-command help and refuses bad arguments with exit code 2', () => {
    const help = runCli(['seed', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--customers');
    const missing = runCli(['seed', '--db', path.join(tempDir(), 'x.db')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('--customers is required');
    const bad = runCli(['seed', '--db', path.join(tempDir(), 'x.db'), '--customers', 'lots']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--customers must be a whole number');
    const unknownFlag = runCli(['stats', '--db', 'x.db', '--colour']);
    expect(unknownFlag.status).toBe(2);
  });

  it('init → check → stats on a new shop', () => {
    const db = path.join(tempDir(), 'shop.db');
    const init = runCli(['init', '--db', db, '--name', 'CLI Café', '--currency', 'usd', '--locale', 'en']);
    expect(init.status, init.stderr).toBe(0);
    expect(init.stdout).toContain('Created shop "CLI Café"');
    const check = runCli(['check', '--db', db, '--json']);
    expect(check.status).toBe(0);
    expect(JSON.parse(check.stdout)).toMatchObject({ ok: true, integrity: ['ok'], foreignKeyViolations: 0 });
    const stats = runCli(['stats', '--db', db, '--json']);
    expect(stats.status).toBe(0);
    expect(JSON.parse(stats.stdout)).toMatchObject({ shop: 'CLI Café', customers: 0, purchases: 0 });
    const again = runCli(['init', '--db', db]);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('already_initialized');
  });

  it('stats and check refuse a missing file instead of creating one', () => {
    const db = path.join(tempDir(), 'missing.db');
    expect(runCli(['stats', '--db', db]).status).toBe(2);
    const check = runCli(['check', '--db', db]);
    expect(check.status).toBe(1);
    expect(check.stdout).toContain('PROBLEM: missing');
  });

  it('seeds a demo shop that stats then reports', () => {
    const db = path.join(tempDir(), 'demo.db');
    const seed = runCli(['seed', '--db', db, '--customers', '300', '--seed', '3', '--locale', 'en']);
    expect(seed.status, seed.stderr).toBe(0);
    expect(seed.stdout).toMatch(/Seeded 300 customers, [\d,]+ purchases/);
    const stats = JSON.parse(runCli(['stats', '--db', db, '--json']).stdout) as {
      customers: number;
      purchases: number;
    };
    expect(stats.customers).toBeGreaterThan(0);
    expect(stats.customers).toBeLessThanOrEqual(300);
    expect(stats.purchases).toBeGreaterThan(300);
    expect(runCli(['check', '--db', db]).status).toBe(0);
  });

  it('imports a large purchase file (through its helper thread): dry run, exit 3 with the rejected rows, idempotent', () => {
    const dir = tempDir();
    const db = path.join(dir, 'shop.db');
    expect(runCli(['init', '--db', db, '--name', 'Big file', '--locale', 'en']).status).toBe(0);
    const rows = STREAM_FROM_ROWS + 2_000;
    const lines = ['客户编号,日期,金额'];
    for (let i = 0; i < rows; i++) lines.push(`M${i % 50},2025-${1 + (i % 12)}-${1 + (i % 28)},${i + 1}`);
    // Lines 3 and 40,003 of the file (the header is line 1).
    lines[2] = 'M1,2025-02-30,5';
    lines[40_002] = 'M2,2025-02-03,five';
    const csv = path.join(dir, 'purchases.csv');
    writeFileSync(csv, lines.join('\n'));
    const purchases = (): number =>
      (JSON.parse(runCli(['stats', '--db', db, '--json']).stdout) as { purchases: number }).purchases;

    const dryRun = runCli(['import', 'purchases', csv, '--db', db, '--dry-run']);
    expect(dryRun.status, dryRun.stderr).toBe(3);
    expect(dryRun.stdout).toContain(`Dry run: ${rows} rows read`);
    expect(dryRun.stdout).toContain('rejected    2');
    expect(purchases()).toBe(0);

    const errors = path.join(dir, 'errors.csv');
    const imported = runCli(['import', 'purchases', csv, '--db', db, '--errors', errors]);
    expect(imported.status, imported.stderr).toBe(3);
    expect(imported.stdout).toContain(`created     ${rows - 2}`);
    expect(imported.stdout).toContain(`${rows - 2} purchases (0 lines) and 50 new customers were created`);
    expect(imported.stdout).toMatch(/line 3: date: .*\n\s+line 40003: amount: /);
    expect(purchases()).toBe(rows - 2);
    const errorLines = readFileSync(errors, 'utf8').trim().split(/\r?\n/);
    expect(errorLines.slice(1).map((line) => line.split(',').slice(0, 2).join(','))).toEqual([
      '3,date',
      '40003,amount',
    ]);

    const again = runCli(['import', 'purchases', csv, '--db', db]);
    expect(again.status).toBe(3);
    expect(again.stdout).toContain('created     0');
    expect(again.stdout).toContain(`unchanged   ${rows - 2}`);
    expect(purchases()).toBe(rows - 2);
    expect(runCli(['check', '--db', db]).status).toBe(0);
  }, 120_000);
});
