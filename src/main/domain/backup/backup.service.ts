/**
 * Backups that are known to restore: every copy is taken with SQLite's online backup API (a
 * consistent snapshot even while the shop writes; a file copy of a WAL database is not), then
 * opened and integrity-checked before it counts. A copy that fails the check is deleted and the
 * operation fails loudly.
 *
 * Rotation keeps the newest backup of each of the last 7 days, 4 ISO weeks and 12 months, plus the
 * 5 newest of any kind (so a second import on one day does not remove the first one's backup).
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { ReadableDB, WritableDB } from '../../db/connection';
import { nowIso } from '../../db/ids';
import { readSetting, writeSetting } from '../shop/shop.repo';
import type { BackupInfo, BackupReason } from '../../../shared/contract/backup';

export const BACKUP_FOLDER_KEY = 'backup.folder';
const FILE_PATTERN = /^patron-(daily|manual|import|migration|restore)-(\d{8}T\d{6}\d{3}Z)\.db$/;
const KEEP_NEWEST = 5;

export class BackupVerificationError extends Error {}

/** The owner's chosen folder (a USB drive, a synced folder), or `<shop file>-backups` beside the shop. */
export function backupFolder(db: ReadableDB, dbFile: string): string {
  const chosen = readSetting(db, 'local_settings', BACKUP_FOLDER_KEY);
  if (typeof chosen === 'string' && chosen.trim() !== '') return chosen;
  return `${dbFile.replace(/\.[^./\\]+$/, '')}-backups`;
}

export function setBackupFolder(db: WritableDB, folder: string | null, clock: () => Date): void {
  writeSetting(db, 'local_settings', BACKUP_FOLDER_KEY, folder, nowIso(clock));
}

/** Opens a copy read-only and runs `integrity_check`; returns the problem, or null when it is sound. */
export function verifyDatabaseCopy(file: string): string | null {
  let copy: Database.Database | null = null;
  try {
    copy = new Database(file, { readonly: true, fileMustExist: true });
    const rows = copy.pragma('integrity_check') as { integrity_check: string }[];
    const verdict = rows.map((row) => row.integrity_check);
    return verdict.length === 1 && verdict[0] === 'ok' ? null : verdict.slice(0, 5).join('; ');
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    copy?.close();
  }
}

function stamp(clock: () => Date): string {
  return nowIso(clock).replace(/[-:.]/g, '');
}

/**
 * Online backup of the open database to `target` (written to a temporary name first so a
 * half-written file never looks like a backup), then verified.
 */
export async function backupTo(db: WritableDB, target: string): Promise<void> {
  mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.partial`;
  rmSync(partial, { force: true });
  await db.backup(partial);
  const problem = verifyDatabaseCopy(partial);
  if (problem !== null) {
    rmSync(partial, { force: true });
    throw new BackupVerificationError(`The backup failed its integrity check: ${problem}`);
  }
  renameSync(partial, target);
}

/** A rotated, verified backup into the backup folder. */
export async function createBackup(
  db: WritableDB,
  dbFile: string,
  reason: BackupReason,
  clock: () => Date,
): Promise<string> {
  const folder = backupFolder(db, dbFile);
  const file = path.join(folder, `patron-${reason}-${stamp(clock)}.db`);
  await backupTo(db, file);
  rotateBackups(folder);
  return file;
}

/** Before an import: nothing to do for an in-memory shop (tests). */
export async function backupBeforeChange(
  db: WritableDB,
  dbFile: string,
  reason: 'import' | 'migration',
  clock: () => Date,
): Promise<string | null> {
  if (dbFile === ':memory:' || !existsSync(dbFile)) return null;
  return createBackup(db, dbFile, reason, clock);
}

/** The daily backup, unless one was already taken today (UTC date of the stamp). */
export async function dailyBackupIfDue(
  db: WritableDB,
  dbFile: string,
  clock: () => Date,
): Promise<string | null> {
  const today = nowIso(clock).slice(0, 10).replace(/-/g, '');
  const folder = backupFolder(db, dbFile);
  if (listBackups(folder).some((backup) => backup.reason === 'daily' && backup.stamp.startsWith(today)))
    return null;
  return createBackup(db, dbFile, 'daily', clock);
}

export function listBackups(folder: string): BackupInfo[] {
  if (!existsSync(folder)) return [];
  const backups: BackupInfo[] = [];
  for (const name of readdirSync(folder)) {
    const match = FILE_PATTERN.exec(name);
    if (match === null) continue;
    const stampText = match[2] ?? '';
    const file = path.join(folder, name);
    backups.push({
      file,
      name,
      reason: match[1] as BackupReason,
      stamp: stampText,
      takenAt: `${stampText.slice(0, 4)}-${stampText.slice(4, 6)}-${stampText.slice(6, 8)}T${stampText.slice(9, 11)}:${stampText.slice(11, 13)}:${stampText.slice(13, 15)}.${stampText.slice(15, 18)}Z`,
      bytes: statSync(file).size,
    });
  }
  return backups.sort((a, b) => (a.stamp < b.stamp ? 1 : a.stamp > b.stamp ? -1 : 0));
}

function isoWeekKey(date: Date): string {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${day.getUTCFullYear()}-W${week}`;
}

/** Which backups the 7 daily / 4 weekly / 12 monthly policy keeps (newest first in, names out). */
export function backupsToKeep(backups: readonly BackupInfo[]): Set<string> {
  const keep = new Set<string>();
  const newestFirst = [...backups].sort((a, b) => (a.stamp < b.stamp ? 1 : -1));
  newestFirst.slice(0, KEEP_NEWEST).forEach((backup) => keep.add(backup.name));
  const buckets: [number, (backup: BackupInfo) => string][] = [
    [7, (backup) => backup.takenAt.slice(0, 10)],
    [4, (backup) => isoWeekKey(new Date(backup.takenAt))],
    [12, (backup) => backup.takenAt.slice(0, 7)],
  ];
  for (const [count, keyOf] of buckets) {
    const seen = new Set<string>();
    for (const backup of newestFirst) {
      const key = keyOf(backup);
      if (seen.has(key)) continue;
      if (seen.size >= count) break;
      seen.add(key);
      keep.add(backup.name);
    }
  }
  return keep;
}

export function rotateBackups(folder: string): string[] {
  const backups = listBackups(folder);
  const keep = backupsToKeep(backups);
  const removed: string[] = [];
  for (const backup of backups) {
    if (keep.has(backup.name)) continue;
    rmSync(backup.file, { force: true });
    removed.push(backup.file);
  }
  return removed;
}

export interface RestorePlan {
  /** Where the current database was kept aside (never deleted). */
  keptAside: string | null;
}

/**
 * Replaces a CLOSED shop file with a verified backup. The current file (and its -wal/-shm) is
 * renamed aside first, damaged or not, so a restore can itself be undone by hand.
 */
export async function restoreClosedFile(
  dbFile: string,
  from: string,
  clock: () => Date,
): Promise<RestorePlan> {
  const problem = verifyDatabaseCopy(from);
  if (problem !== null) throw new BackupVerificationError(`The backup is not sound: ${problem}`);
  let keptAside: string | null = null;
  if (existsSync(dbFile)) {
    keptAside = `${dbFile}.before-restore-${stamp(clock)}`;
    renameSync(dbFile, keptAside);
    for (const suffix of ['-wal', '-shm']) {
      if (existsSync(dbFile + suffix)) renameSync(dbFile + suffix, keptAside + suffix);
    }
  }
  // Copy through the backup API too: the source may be a WAL database with its own -wal file.
  const source = new Database(from, { readonly: true, fileMustExist: true });
  try {
    await source.backup(dbFile);
  } finally {
    source.close();
  }
  const after = verifyDatabaseCopy(dbFile);
  if (after !== null) throw new BackupVerificationError(`The restored file failed its check: ${after}`);
  return { keptAside };
}

/** Newest backup in the folder that passes the integrity check (for the recovery screen). */
export function newestGoodBackup(folder: string): BackupInfo | null {
  for (const backup of listBackups(folder)) {
    if (verifyDatabaseCopy(backup.file) === null) return backup;
  }
  return null;
}
