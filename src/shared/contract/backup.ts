import { z } from 'zod';
import { command } from './define';
import type { UiLanguage } from '../i18n-locales';

export const backupReasons = ['daily', 'manual', 'import', 'migration', 'restore'] as const;
export type BackupReason = (typeof backupReasons)[number];

export interface BackupInfo {
  readonly file: string;
  readonly name: string;
  readonly reason: BackupReason;
  /** Compact UTC stamp from the file name (sorts like the time). */
  readonly stamp: string;
  readonly takenAt: string;
  readonly bytes: number;
}

export interface BackupOverview {
  readonly folder: string;
  readonly backups: readonly BackupInfo[];
}

export interface RestoreOutcome {
  readonly restored: string;
  /** File name the replaced shop file was kept under, beside it (never deleted). */
  readonly keptAside: string | null;
  /** Customers erased again because their erasure came after the backup. */
  readonly reErased: number;
}

export interface RecoveryBackup extends BackupInfo {
  /** True when the integrity check passed just now; older ones are checked when chosen. */
  readonly checked: boolean;
}

export interface RecoveryStatus {
  readonly damaged: boolean;
  readonly problem: 'missing' | 'corrupt' | 'too_new' | 'foreign_keys' | null;
  /** First lines of what the check said. */
  readonly detail: readonly string[];
  /** Backups newest first, without those that failed the check. */
  readonly backups: readonly RecoveryBackup[];
  /** The newest backup that passed the check, offered first. */
  readonly newestGood: string | null;
  /** The language forced for this run, if any (the shop's own choice is in the damaged file). */
  readonly uiLanguage: UiLanguage | null;
}

export interface BackupCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly problem: string | null;
}

export const folderProblems = ['relative', 'missing', 'not_a_folder', 'not_writable'] as const;

const backupName = z.string().min(1).max(200);

export const backupCommands = {
  /** The backup folder and the backups in it, newest first. */
  'backup.list': command<BackupOverview>()({ input: z.object({}), mutates: false, role: 'owner' }),
  /** Take a verified manual backup now (owner). */
  'backup.create': command<BackupInfo>()({ input: z.object({}), mutates: true, role: 'owner' }),
  /** Point backups at another folder (a USB drive, a synced folder); null returns to the default. */
  'backup.setFolder': command<BackupOverview>()({
    input: z.object({ folder: z.string().min(1).max(1000).nullable() }),
    mutates: true,
    role: 'owner',
  }),
  /** Run the full integrity check on one backup now (off the main thread). */
  'backup.verify': command<BackupCheck>()({
    input: z.object({ name: backupName }),
    mutates: false,
    role: 'owner',
  }),
  /**
   * Restore a backup from the backup folder while the app runs (owner). The backup is copied beside
   * the shop and integrity-checked while the shop keeps running; then the current file is kept aside,
   * the copy swapped in with the writer closed and quick-checked, erasures made since the backup and
   * this PC's own settings (backup folder, language) carried over, audited.
   * Not `mutates`: it takes the write gate exclusively itself and announces `db.changed` after.
   */
  'backup.restore': command<RestoreOutcome>()({
    input: z.object({ name: backupName }),
    mutates: false,
    role: 'owner',
  }),
  /** Whether the start-up check found the shop file damaged, and the backups to recover from. */
  'backup.recoveryStatus': command<RecoveryStatus>()({ input: z.object({}), mutates: false, role: 'staff' }),
  /**
   * Recovery screen: restore a backup over the damaged file (kept aside, never deleted). Staff may,
   * because the owner PIN lives in the damaged file; refused unless the shop file is damaged.
   */
  'backup.recover': command<RestoreOutcome>()({
    input: z.object({ name: backupName }),
    mutates: false,
    role: 'staff',
  }),
};
