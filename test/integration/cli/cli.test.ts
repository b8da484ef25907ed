import path from 'node:path';
import { describe, expect, it } from 'vitest';
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
});
