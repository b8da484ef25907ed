/**
 * How the long-running hosts (the desktop app, the browser preview) open the shop file: a quick
 * check first, so a damaged file opens the recovery screen instead of failing somewhere later (the
 * file is not written to); then, if a migration is pending, a verified backup through a separate
 * connection (the migration hook is synchronous, the online backup is not); then the core.
 */
import { existsSync } from 'node:fs';
import { checkDatabaseFile } from '../db/health';
import { backupBeforePendingMigration } from '../domain/backup/backup.service';
import { PatronCore, type CoreOptions } from './core';
import { logger } from './logger';

export async function openShop(options: CoreOptions): Promise<PatronCore> {
  const { dbFile } = options;
  if (dbFile !== ':memory:' && existsSync(dbFile)) {
    const report = checkDatabaseFile(dbFile, 'quick');
    if (report.problem === 'corrupt') {
      logger.error('the shop file failed its start-up check; opening the recovery screen');
      return PatronCore.open({ ...options, damaged: report });
    }
    if (report.problem !== 'too_new') {
      const backup = await backupBeforePendingMigration(dbFile, options.clock ?? (() => new Date()));
      if (backup !== null) logger.info('backup before migration written');
    }
  }
  return PatronCore.open(options);
}
