import path from 'node:path';
import { defineCliCommand, EXIT_FAILURE, EXIT_OK } from '../framework';
import { withShop } from '../shared';
import { appendAudit } from '../../domain/audit/audit.repo';
import { backupTo, createBackup, stageRestore, swapInStagedFile } from '../../domain/backup/backup.service';
import { applyCarriedState, readCarriedState } from '../../domain/backup/carry-over';
import { nowIso } from '../../db/ids';
import { PatronCore } from '../../core/core';
import { PatronError } from '../../../shared/errors';

export const backupCommand = defineCliCommand({
  name: 'backup',
  summary: 'Back up a shop file with the online backup API and verify the copy (integrity check).',
  usage: 'backup --db FILE [--out FILE]',
  options: {
    db: { type: 'string', description: 'the shop file' },
    out: { type: 'string', description: 'the backup file (default: a rotated file in the backup folder)' },
  },
  required: ['db'],
  async run(values, _positionals, io) {
    return withShop(values.db, { mustExist: true }, async (_client, core) => {
      let file: string;
      if (values.out !== undefined) {
        file = path.resolve(values.out);
        await backupTo(core.db, file);
      } else {
        file = await createBackup(core.db, path.resolve(values.db ?? ''), 'manual', core.context.clock);
      }
      appendAudit(
        core.db,
        { actorRole: 'owner', action: 'backup.created', details: { manual: true } },
        nowIso(core.context.clock),
      );
      io.out(`Backup written and verified: ${file}`);
      return EXIT_OK;
    });
  },
});

export const restoreCommand = defineCliCommand({
  name: 'restore',
  summary: 'Replace a shop file with a verified backup; the current file is kept aside, never deleted.',
  usage: 'restore --db FILE --from FILE',
  options: {
    db: { type: 'string', description: 'the shop file to replace' },
    from: { type: 'string', description: 'the backup to restore' },
  },
  required: ['db', 'from'],
  async run(values, _positionals, io) {
    const dbFile = path.resolve(values.db ?? '');
    const from = path.resolve(values.from ?? '');
    // The copy beside the shop file gets the full integrity check (which proves the backup sound)
    // before the shop file is touched.
    let staged: string;
    try {
      staged = await stageRestore(dbFile, from);
    } catch (error) {
      if (!(error instanceof PatronError)) throw error;
      io.err(`The backup is not usable (${error.code}): ${error.message}`);
      return EXIT_FAILURE;
    }
    // Erasures made since the backup was taken must survive the restore (PIPL/GDPR), and this PC's
    // settings are today's: read them from the file being replaced before it is set aside.
    const carried = readCarriedState(dbFile);
    const plan = swapInStagedFile(dbFile, staged, () => new Date());
    if (plan.keptAside !== null) io.out(`The previous file was kept as ${plan.keptAside}`);
    // Opening through the core migrates an older backup and records the restore in its audit log.
    const core = PatronCore.open({ dbFile, transport: 'direct' });
    try {
      const at = nowIso(core.context.clock);
      const reErased = applyCarriedState(core.db, carried, at);
      appendAudit(
        core.db,
        { actorRole: 'owner', action: 'backup.restored', details: { from: path.basename(from), reErased } },
        at,
      );
      if (reErased > 0) io.out(`Erased again ${reErased} customer(s) whose erasure came after this backup`);
    } finally {
      await core.close();
    }
    io.out(`Restored ${dbFile} from ${from}`);
    return EXIT_OK;
  },
});
