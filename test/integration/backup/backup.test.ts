import { closeSync, existsSync, openSync, readdirSync, statSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { checkDatabaseFile } from '../../../src/main/db/health';
import {
  backupsToKeep,
  listBackups,
  newestGoodBackup,
  verifyDatabaseCopy,
} from '../../../src/main/domain/backup/backup.service';
import type { BackupInfo } from '../../../src/shared/contract/backup';
import { runCli, tempDir } from '../../helpers/cli';

function customerCount(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(`SELECT COUNT(*) FROM customers`).pluck().get() as number;
  } finally {
    db.close();
  }
}

/** Overwrites pages in the middle of the file with garbage, as a failing disk would. */
function damage(file: string): void {
  const size = statSync(file).size;
  const fd = openSync(file, 'r+');
  try {
    const garbage = Buffer.alloc(4096 * 8, 0x5a);
    writeSync(fd, garbage, 0, garbage.length, Math.floor(size / 2 / 4096) * 4096);
  } finally {
    closeSync(fd);
  }
}

describe('backup → damage → restore', () => {
  it('restores a verified backup, keeps the damaged file aside and leaves a healthy shop', () => {
    const dir = tempDir('patron-backup-');
    const dbFile = path.join(dir, 'shop.db');
    expect(runCli(['seed', '--db', dbFile, '--customers', '300', '--seed', '2']).status).toBe(0);
    const backupFile = path.join(dir, 'manual.db');
    const backup = runCli(['backup', '--db', dbFile, '--out', backupFile]);
    expect(backup.status, backup.stderr).toBe(0);
    expect(verifyDatabaseCopy(backupFile)).toBeNull();

    damage(dbFile);
    const damaged = runCli(['check', '--db', dbFile]);
    expect(damaged.status).toBe(1);

    const restore = runCli(['restore', '--db', dbFile, '--from', backupFile]);
    expect(restore.status, restore.stderr).toBe(0);
    expect(checkDatabaseFile(dbFile, 'full').ok).toBe(true);
    expect(customerCount(dbFile)).toBe(300);
    const aside = readdirSync(dir).filter((name) => /^shop\.db\.before-restore-\w+$/.test(name));
    expect(aside.length).toBe(1);
    // The damaged file is kept, byte for byte still damaged: never deleted.
    expect(checkDatabaseFile(path.join(dir, aside[0]!), 'full').ok).toBe(false);
  });

  it('refuses to restore from a damaged backup and leaves the shop alone', () => {
    const dir = tempDir('patron-backup-');
    const dbFile = path.join(dir, 'shop.db');
    expect(runCli(['seed', '--db', dbFile, '--customers', '200', '--seed', '3']).status).toBe(0);
    const backupFile = path.join(dir, 'b.db');
    expect(runCli(['backup', '--db', dbFile, '--out', backupFile]).status).toBe(0);
    damage(backupFile);
    const restore = runCli(['restore', '--db', dbFile, '--from', backupFile]);
    expect(restore.status).toBe(1);
    expect(checkDatabaseFile(dbFile, 'full').ok).toBe(true);
  });

  it('writes rotated backups into the backup folder and finds the newest good one', () => {
    const dir = tempDir('patron-backup-');
    const dbFile = path.join(dir, 'shop.db');
    expect(runCli(['seed', '--db', dbFile, '--customers', '50', '--seed', '4']).status).toBe(0);
    expect(runCli(['backup', '--db', dbFile]).status).toBe(0);
    // An import takes its own verified backup first.
    const csv = path.join(dir, 'p.csv');
    writeFileSync(csv, 'customer_code,date,amount\nZ1,2024-01-02,3\n');
    expect(runCli(['import', 'purchases', csv, '--db', dbFile]).status).toBe(0);
    const folder = path.join(dir, 'shop-backups');
    const backups = listBackups(folder);
    expect(backups.map((backup) => backup.reason).sort()).toEqual(['import', 'manual']);
    expect(newestGoodBackup(folder)?.reason).toBe('import');
    damage(backups[0]!.file);
    expect(newestGoodBackup(folder)?.reason).toBe('manual');
    expect(existsSync(backups[0]!.file)).toBe(true);
  });
});

describe('rotation policy', () => {
  it('keeps 7 daily, 4 weekly and 12 monthly backups plus the 5 newest', () => {
    const backups: BackupInfo[] = [];
    // One backup a day for 400 days back from 2026-06-01.
    for (let day = 0; day < 400; day++) {
      const date = new Date(Date.UTC(2026, 5, 1) - day * 86_400_000);
      const iso = date.toISOString();
      const stamp = iso.replace(/[-:.]/g, '');
      backups.push({ file: stamp, name: stamp, reason: 'daily', stamp, takenAt: iso, bytes: 1 });
    }
    const keep = backupsToKeep(backups);
    const kept = backups
      .filter((backup) => keep.has(backup.name))
      .map((backup) => backup.takenAt.slice(0, 10));
    // 7 newest days, then Sundays closing the previous ISO weeks, then month ends.
    expect(kept.slice(0, 7)).toEqual([
      '2026-06-01',
      '2026-05-31',
      '2026-05-30',
      '2026-05-29',
      '2026-05-28',
      '2026-05-27',
      '2026-05-26',
    ]);
    expect(kept).toContain('2026-05-24');
    expect(kept).toContain('2026-05-17');
    expect(kept).toContain('2025-07-31');
    expect(kept).not.toContain('2025-06-30');
    expect(kept.length).toBe(new Set(kept).size);
    expect(kept.length).toBeLessThanOrEqual(5 + 7 + 4 + 12);
  });
});
