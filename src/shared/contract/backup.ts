import { z } from 'zod';
import { command } from './define';

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
};
