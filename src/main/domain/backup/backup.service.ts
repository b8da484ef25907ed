/**
 * Backups that are known to restore: every copy is taken with SQLite's online backup API (a
 * consistent snapshot even while the shop writes; a file copy of a WAL database is not), then
 * opened and integrity-checked before it counts. A copy that fails the check is deleted and the
 * operation fails loudly.
 *
 * Rotation keeps the newest backup of each of the last 7 days, 4 ISO weeks and 12 months, plus the
 * 5 newest of any kind (so a second import on one day does not remove the first one's backup).
 */
import { accessSync, constants, existsSync, mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openReadable, type ReadableDB, type WritableDB } from '../../db/connection';
import { nowIso } from '../../db/ids';
import { schemaVersion } from '../../db/migrate';
import { latestSchemaVersion } from '../../db/migrations';
import type { CoreContext } from '../../core/context';
import { logger } from '../../core/logger';
import { PatronError } from '../../../shared/errors';
import { copyInWorker, verifyInWorker } from './verify-worker';
import { readSetting, writeSetting } from '../shop/shop.repo';
import type { BackupInfo, BackupReason } from '../../../shared/contract/backup';

export const BACKUP_FOLDER_KEY = 'backup.folder';
const FILE_PATTERN = /^patron-(daily|manual|import|migration|restore)-(\d{8}T\d{6}\d{3}Z)\.db$/;
const KEEP_NEWEST = 5;

export class BackupVerificationError extends Error {}

/** The steps of a backup or a restore, announced as each begins (the backup benchmark times them). */
export type BackupStep = 'copy' | 'check' | 'rotate' | 'keep-aside' | 'reopen' | 'finish';
export type BackupStepObserver = (step: BackupStep) => void;
const unobserved: BackupStepObserver = () => undefined;

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
export async function backupTo(
  db: ReadableDB,
  target: string,
  onStep: BackupStepObserver = unobserved,
): Promise<void> {
  mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.partial`;
  // Unlinking a leftover gigabyte file can take the kernel a noticeable while: never on main's loop.
  await rm(partial, { force: true });
  // Copy and check both run in a worker (a 2.3 GB shop: about 40 s under load 9); a connection to an
  // in-memory database has no file a worker could open, so it is copied here.
  const source = db.name;
  onStep('copy');
  if (db.memory || source === '' || source === ':memory:') {
    await db.backup(partial);
  } else {
    const copyProblem = await copyInWorker(source, partial);
    if (copyProblem !== null) {
      await rm(partial, { force: true });
      throw new BackupVerificationError(`The backup could not be written: ${copyProblem}`);
    }
  }
  onStep('check');
  const problem = await verifyInWorker(partial);
  if (problem !== null) {
    await rm(partial, { force: true });
    throw new BackupVerificationError(`The backup failed its integrity check: ${problem}`);
  }
  renameSync(partial, target);
}

/** A rotated, verified backup into the backup folder. */
export async function createBackup(
  db: ReadableDB,
  dbFile: string,
  reason: BackupReason,
  clock: () => Date,
  onStep: BackupStepObserver = unobserved,
): Promise<string> {
  const folder = backupFolder(db, dbFile);
  const file = path.join(folder, `patron-${reason}-${stamp(clock)}.db`);
  await backupTo(db, file, onStep);
  onStep('rotate');
  await rotateBackups(folder);
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

export async function rotateBackups(folder: string): Promise<string[]> {
  const backups = listBackups(folder);
  const keep = backupsToKeep(backups);
  const removed: string[] = [];
  for (const backup of backups) {
    if (keep.has(backup.name)) continue;
    await rm(backup.file, { force: true });
    removed.push(backup.file);
  }
  return removed;
}

export interface RestorePlan {
  /** Where the current database was kept aside (never deleted). */
  keptAside: string | null;
}

/**
 * First half of a restore, while the shop still runs on its current file: the backup is copied
 * beside the shop file through the backup API (the source may be a WAL database with its own -wal
 * file; in a worker, so a large shop does not freeze main) and the COPY gets the full integrity
 * check, which also proves the backup sound — one check instead of one of the backup and another
 * of the copy. A bad backup thus leaves the shop exactly as it was, and the till is held only for
 * the swap. Returns the checked copy, ready for `swapInStagedFile`.
 */
export async function stageRestore(
  dbFile: string,
  from: string,
  onStep: BackupStepObserver = unobserved,
): Promise<string> {
  const staged = `${dbFile}.restoring`;
  await rm(staged, { force: true });
  onStep('copy');
  const copyProblem = await copyInWorker(from, staged);
  if (copyProblem !== null) {
    await rm(staged, { force: true });
    throw new PatronError('io_error', `The backup could not be copied: ${copyProblem}`);
  }
  onStep('check');
  const problem = await verifyInWorker(staged);
  if (problem !== null) {
    await rm(staged, { force: true });
    throw new PatronError('corrupt', `The backup failed its integrity check: ${problem}`);
  }
  // Opening a file from a newer Patron would fail its migration after the swap: refuse it now.
  const copy = openReadable(staged);
  const version = schemaVersion(copy);
  copy.close();
  if (version > latestSchemaVersion) {
    await rm(staged, { force: true });
    throw new PatronError('schema_too_new', 'The backup was written by a newer Patron.', {
      version,
      latest: latestSchemaVersion,
    });
  }
  return staged;
}

/**
 * Second half, with the shop file CLOSED: the current file (and its -wal/-shm) is renamed aside,
 * damaged or not, so a restore can itself be undone by hand; then the checked copy takes its name.
 */
export function swapInStagedFile(dbFile: string, staged: string, clock: () => Date): RestorePlan {
  let keptAside: string | null = null;
  if (existsSync(dbFile)) {
    keptAside = `${dbFile}.before-restore-${stamp(clock)}`;
    renameSync(dbFile, keptAside);
    for (const suffix of ['-wal', '-shm']) {
      if (existsSync(dbFile + suffix)) renameSync(dbFile + suffix, keptAside + suffix);
    }
  }
  renameSync(staged, dbFile);
  return { keptAside };
}

/** Newest backup in the folder that passes the integrity check (for the recovery screen). */
export function newestGoodBackup(folder: string): BackupInfo | null {
  for (const backup of listBackups(folder)) {
    if (verifyDatabaseCopy(backup.file) === null) return backup;
  }
  return null;
}

/**
 * Before a pending migration: an online backup through a separate read-only connection, taken
 * before the core opens the file (the migration hook is synchronous and db.backup is not). A file
 * already at the latest version, a new file and a file from a newer Patron are left alone.
 */
export async function backupBeforePendingMigration(
  dbFile: string,
  clock: () => Date,
): Promise<string | null> {
  if (dbFile === ':memory:' || !existsSync(dbFile)) return null;
  const db = openReadable(dbFile);
  try {
    const version = schemaVersion(db);
    if (version === 0 || version >= latestSchemaVersion) return null;
    return await createBackup(db, dbFile, 'migration', clock);
  } finally {
    db.close();
  }
}

/** Why a folder cannot hold backups, or null when it can (it must exist and be writable). */
export function folderProblem(
  folder: string,
): 'relative' | 'missing' | 'not_a_folder' | 'not_writable' | null {
  if (!path.isAbsolute(folder)) return 'relative';
  if (!existsSync(folder)) return 'missing';
  if (!statSync(folder).isDirectory()) return 'not_a_folder';
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    return 'not_writable';
  }
  return null;
}

const HOUR_MS = 3_600_000;

/**
 * One per core: runs backups one at a time (daily, manual, restore) and the daily schedule. A
 * restore takes this queue first and then, for the swap only, the core's write gate; an import's
 * backup runs inside the write gate without this queue, and the daily backup only here — so no
 * order of the three can deadlock.
 */
export class BackupRunner {
  private tail: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private dailyPending: Promise<string | null> | null = null;
  private disposed = false;

  constructor(private readonly ctx: CoreContext) {}

  run<T>(work: () => Promise<T>): Promise<T> {
    const next = this.tail.then(work, work);
    this.tail = next.catch(() => undefined);
    return next;
  }

  /** Takes the daily backup now if today's is missing, then checks again every `checkEveryMs`. */
  startSchedule(checkEveryMs = HOUR_MS): void {
    if (this.timer !== null || this.disposed) return;
    void this.dailyIfDue();
    this.timer = setInterval(() => void this.dailyIfDue(), checkEveryMs);
    this.timer.unref();
  }

  /** Never throws: a failed scheduled backup is logged and tried again at the next check. */
  dailyIfDue(): Promise<string | null> {
    if (this.dailyPending !== null) return this.dailyPending;
    const { ctx } = this;
    if (this.disposed || ctx.damaged !== null || ctx.dbFile === ':memory:') return Promise.resolve(null);
    this.dailyPending = this.run(() => dailyBackupIfDue(ctx.db, ctx.dbFile, ctx.clock))
      .catch((error: unknown) => {
        logger.warn('the daily backup failed', error instanceof Error ? error.name : typeof error);
        return null;
      })
      .finally(() => {
        this.dailyPending = null;
      });
    return this.dailyPending;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.tail;
  }
}

export function backupRunner(ctx: CoreContext): BackupRunner {
  return ctx.singleton(
    'backup.runner',
    () => new BackupRunner(ctx),
    (runner) => runner.dispose(),
  );
}

/** For the composition root (preview server, desktop app), beside the analysis schedule. */
export function startBackupSchedule(ctx: CoreContext, checkEveryMs?: number): void {
  backupRunner(ctx).startSchedule(checkEveryMs);
}

/**
 * Where to look for backups while the shop file is damaged: the owner's folder if the damaged
 * file still says which (its settings page may be intact), and the default folder beside it.
 */
export function recoveryFolders(dbFile: string): string[] {
  const fallback = `${dbFile.replace(/\.[^./\\]+$/, '')}-backups`;
  const folders = [fallback];
  try {
    const db = openReadable(dbFile);
    try {
      const chosen = backupFolder(db, dbFile);
      if (chosen !== fallback) folders.unshift(chosen);
    } finally {
      db.close();
    }
  } catch {
    // Unreadable settings: the default folder is all we can offer.
  }
  return folders;
}

export function findBackup(folders: readonly string[], name: string): BackupInfo {
  for (const folder of folders) {
    const found = listBackups(folder).find((backup) => backup.name === name);
    if (found) return found;
  }
  throw new PatronError('not_found', 'There is no such backup in the backup folder.', { name });
}

/** Re-checks a backup before it is offered or used (integrity_check, off the main thread). */
export async function checkBackup(file: string): Promise<string | null> {
  return verifyInWorker(file);
}

/** Guards against a restore source that is not a backup at all. */
export function assertBackupName(name: string): void {
  if (!FILE_PATTERN.test(name)) throw new PatronError('invalid_input', 'That is not a backup file name.');
}
