import type { HandlerTable } from '../../core/handlers';
import type { backupCommands } from '../../../shared/contract/backup';
import { PatronError } from '../../../shared/errors';
import { nowIso } from '../../db/ids';
import { appendAudit } from '../audit/audit.repo';
import {
  assertBackupName,
  backupFolder,
  backupRunner,
  checkBackup,
  createBackup,
  findBackup,
  folderProblem,
  listBackups,
  setBackupFolder,
} from './backup.service';
import { backupFoldersFor, recoveryStatus, restoreUnderRunningCore } from './restore.service';

export const backupHandlers: HandlerTable<keyof typeof backupCommands> = {
  'backup.list': (_args, ctx) => {
    const folder = backupFolder(ctx.db, ctx.dbFile);
    return { folder, backups: listBackups(folder) };
  },

  'backup.create': async (_args, ctx) => {
    if (ctx.dbFile === ':memory:')
      throw new PatronError('invalid_input', 'An in-memory shop cannot be backed up.');
    // Through the runner, so it never overlaps the daily backup or a restore.
    const file = await backupRunner(ctx).run(() => createBackup(ctx.db, ctx.dbFile, 'manual', ctx.clock));
    appendAudit(
      ctx.db,
      { actorRole: ctx.session.role(), action: 'backup.created', details: { manual: true } },
      nowIso(ctx.clock),
    );
    const info = listBackups(backupFolder(ctx.db, ctx.dbFile)).find((backup) => backup.file === file);
    if (info === undefined) throw new PatronError('internal', 'The backup was written but cannot be listed.');
    return info;
  },

  'backup.setFolder': ({ folder }, ctx) => {
    const chosen = folder === null ? null : folder.trim();
    if (chosen !== null) {
      const problem = folderProblem(chosen);
      if (problem !== null)
        throw new PatronError('invalid_input', 'Backups cannot be written to that folder.', {
          field: 'folder',
          problem,
        });
    }
    ctx.db.transaction(() => {
      setBackupFolder(ctx.db, chosen, ctx.clock);
      appendAudit(
        ctx.db,
        { actorRole: ctx.session.role(), action: 'settings.changed', details: { setting: 'backup.folder' } },
        nowIso(ctx.clock),
      );
    })();
    const current = backupFolder(ctx.db, ctx.dbFile);
    return { folder: current, backups: listBackups(current) };
  },

  'backup.verify': async ({ name }, ctx) => {
    assertBackupName(name);
    const backup = findBackup(backupFoldersFor(ctx), name);
    const problem = await checkBackup(backup.file);
    return { name, ok: problem === null, problem };
  },

  'backup.restore': ({ name }, ctx) => restoreUnderRunningCore(ctx, name, ctx.session.role()),

  'backup.recoveryStatus': (_args, ctx) => recoveryStatus(ctx),

  'backup.recover': ({ name }, ctx) => {
    if (ctx.damaged === null)
      throw new PatronError('forbidden', 'The shop file is sound; restoring a backup needs the owner.', {
        requiredRole: 'owner',
      });
    return restoreUnderRunningCore(ctx, name, 'staff');
  },
};
