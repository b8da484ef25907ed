import type { HandlerTable } from '../../core/handlers';
import type { backupCommands } from '../../../shared/contract/backup';
import { PatronError } from '../../../shared/errors';
import { nowIso } from '../../db/ids';
import { appendAudit } from '../audit/audit.repo';
import { backupFolder, createBackup, listBackups, setBackupFolder } from './backup.service';

export const backupHandlers: HandlerTable<keyof typeof backupCommands> = {
  'backup.list': (_args, ctx) => {
    const folder = backupFolder(ctx.db, ctx.dbFile);
    return { folder, backups: listBackups(folder) };
  },

  'backup.create': async (_args, ctx) => {
    if (ctx.dbFile === ':memory:')
      throw new PatronError('invalid_input', 'An in-memory shop cannot be backed up.');
    const file = await createBackup(ctx.db, ctx.dbFile, 'manual', ctx.clock);
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
    ctx.db.transaction(() => {
      setBackupFolder(ctx.db, folder, ctx.clock);
      appendAudit(
        ctx.db,
        { actorRole: ctx.session.role(), action: 'settings.changed', details: { setting: 'backup.folder' } },
        nowIso(ctx.clock),
      );
    })();
    const current = backupFolder(ctx.db, ctx.dbFile);
    return { folder: current, backups: listBackups(current) };
  },
};
