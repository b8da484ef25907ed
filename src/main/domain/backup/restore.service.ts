/**
 * Restoring a backup while the app runs (the Settings section) and from the recovery screen (the
 * start-up check found the file damaged). Both copy and check the backup beside the shop first,
 * then keep the current file aside and swap the copy in under the running core with its writer
 * closed (the core quick-checks and migrates it), carry over erasures made since the backup and
 * this PC's settings, and audit the restore in the restored file.
 */
import path from 'node:path';
import type { CoreContext } from '../../core/context';
import { nowIso } from '../../db/ids';
import { PatronError } from '../../../shared/errors';
import type { RecoveryBackup, RecoveryStatus, RestoreOutcome } from '../../../shared/contract/backup';
import { analysisService } from '../analysis/analysis.service';
import { appendAudit } from '../audit/audit.repo';
import {
  assertBackupName,
  backupFolder,
  backupRunner,
  checkBackup,
  findBackup,
  listBackups,
  recoveryFolders,
  stageRestore,
  swapInStagedFile,
  type BackupStepObserver,
} from './backup.service';
import { applyCarriedState, readCarriedState } from './carry-over';

export function backupFoldersFor(ctx: CoreContext): string[] {
  return ctx.damaged === null ? [backupFolder(ctx.db, ctx.dbFile)] : recoveryFolders(ctx.dbFile);
}

export async function restoreUnderRunningCore(
  ctx: CoreContext,
  name: string,
  actorRole: string,
  onStep: BackupStepObserver = () => undefined,
): Promise<RestoreOutcome> {
  assertBackupName(name);
  const backup = findBackup(backupFoldersFor(ctx), name);
  const wasDamaged = ctx.damaged !== null;
  // In the backup queue, so the copy never overlaps a daily backup and no backup reads the file
  // while it is swapped.
  const { plan, carried } = await backupRunner(ctx).run(async () => {
    // Copied and checked while the shop still runs: a bad backup leaves the shop exactly as it was,
    // and writes wait only for the swap below.
    let staged: string;
    try {
      staged = await stageRestore(ctx.dbFile, backup.file, onStep);
    } catch (error) {
      if (error instanceof PatronError && error.code === 'corrupt')
        throw new PatronError('corrupt', 'This backup failed its integrity check; choose another one.', {
          name,
        });
      throw error;
    }
    // A run reading the old file would write its labels into the restored one.
    if (!wasDamaged) analysisService(ctx).cancel();
    return ctx.replaceDatabase(async () => {
      onStep('keep-aside');
      // With the writer closed: every erasure and setting committed until now is in the file.
      const carriedOver = readCarriedState(ctx.dbFile);
      const swapped = swapInStagedFile(ctx.dbFile, staged, ctx.clock);
      onStep('reopen');
      return { plan: swapped, carried: carriedOver };
    });
  });
  onStep('finish');
  if (ctx.damaged !== null)
    throw new PatronError('corrupt', 'The restored file did not pass the start-up check.', {
      name,
      problem: ctx.damaged.problem,
      detail: ctx.damaged.integrity.slice(0, 3),
    });
  const at = nowIso(ctx.clock);
  // Through the gate like any write, so it never lands inside a long writer's open transaction.
  // (Re-erasing sets secure_delete, which SQLite refuses inside a transaction.)
  const reErased = await ctx.writeGate.shared(() => {
    const count = applyCarriedState(ctx.db, carried, at);
    appendAudit(
      ctx.db,
      {
        actorRole,
        action: 'backup.restored',
        details: {
          from: backup.name,
          reErased: count,
          keptAside: plan.keptAside === null ? null : path.basename(plan.keptAside),
          recovery: wasDamaged,
        },
      },
      at,
    );
    return count;
  });
  // The analysis store beside the file holds the rows of the runs the replaced file had.
  analysisService(ctx).reconcileStore();
  // Every open screen refetches from the restored file.
  ctx.events.emit('db.changed', { tables: ['*'] });
  return {
    restored: backup.name,
    keptAside: plan.keptAside === null ? null : path.basename(plan.keptAside),
    reErased,
  };
}

/**
 * For the recovery screen: what is wrong, and the backups newest first without the ones that fail
 * the check. A full check of a large backup takes seconds, so checking stops at the newest good one
 * (the one offered); older ones are checked when chosen.
 */
export async function recoveryStatus(ctx: CoreContext): Promise<RecoveryStatus> {
  if (ctx.damaged === null)
    return {
      damaged: false,
      problem: null,
      detail: [],
      backups: [],
      newestGood: null,
      uiLanguage: ctx.uiLanguageOverride,
    };
  const seen = new Set<string>();
  const all = recoveryFolders(ctx.dbFile)
    .flatMap((folder) => listBackups(folder))
    .sort((a, b) => (a.stamp < b.stamp ? 1 : a.stamp > b.stamp ? -1 : 0))
    .filter((backup) => !seen.has(backup.name) && seen.add(backup.name));
  const backups: RecoveryBackup[] = [];
  let newestGood: string | null = null;
  for (const backup of all) {
    if (newestGood !== null) {
      backups.push({ ...backup, checked: false });
      continue;
    }
    if ((await checkBackup(backup.file)) !== null) continue;
    newestGood = backup.name;
    backups.push({ ...backup, checked: true });
  }
  return {
    damaged: true,
    problem: ctx.damaged.problem,
    detail: ctx.damaged.integrity.slice(0, 5),
    backups,
    newestGood,
    uiLanguage: ctx.uiLanguageOverride,
  };
}
