import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { defineCliCommand, EXIT_OK, oneOf, UsageError } from '../framework';
import { withShop } from '../shared';
import { readImportFile } from '../../domain/transfer/import';
import { rejectedRowsCsv, describeIssue, summaryLines } from '../../domain/transfer/import-report';
import { runImport } from '../../domain/transfer/transfer.service';
import { streamPurchaseImport, worthStreaming } from '../../domain/transfer/import-streamed';
import { PrepareHelper } from '../../domain/transfer/import-feed';
import { importKinds } from '../../../shared/contract/transfer';
import { backupBeforeChange } from '../../domain/backup/backup.service';

/** Some rows were rejected but every other row was imported (or, on a dry run, would be). */
export const EXIT_PARTIAL = 3;
const SHOWN_REJECTIONS = 20;

export const importCommand = defineCliCommand({
  name: 'import',
  summary:
    'Import customers (CSV, XLSX or vCard) or purchases (CSV or XLSX) in one transaction. Exit 0 when nothing was rejected, ' +
    '3 when some rows were rejected and the rest imported.',
  usage: 'import customers|purchases FILE --db FILE [--dry-run] [--map header=field,…] [--errors OUT.csv]',
  options: {
    db: { type: 'string', description: 'the shop file' },
    'dry-run': { type: 'boolean', description: 'count what would happen; write nothing' },
    map: {
      type: 'string',
      description: 'correct the automatic mapping: "客户编号=customer_code,Col=ignore"',
    },
    errors: { type: 'string', description: 'write every rejected row (line, field, reason) to this CSV' },
    'date-order': { type: 'string', description: 'how to read 05/03/2024: ymd (refuse), dmy or mdy' },
    'no-backup': { type: 'boolean', description: 'skip the verified backup taken before writing' },
  },
  required: ['db'],
  positionals: { min: 2, max: 2, names: 'customers|purchases FILE' },
  async run(values, positionals, io) {
    const [kindArg = '', fileArg = ''] = positionals;
    const kind = oneOf(kindArg, 'kind', importKinds, 'customers');
    if (!(importKinds as readonly string[]).includes(kindArg))
      throw new UsageError(`Import what? Expected customers or purchases, got "${kindArg}".`);
    const dateOrder = oneOf(values['date-order'], 'date-order', ['ymd', 'dmy', 'mdy'] as const, 'ymd');
    const file = path.resolve(fileArg);
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch {
      throw new UsageError(`Cannot read ${file}.`);
    }
    // A large purchase CSV is parsed by a helper thread while this one inserts (as in the app);
    // anything else is read here first. The thread starts now, so it has loaded by the time the
    // shop is open (and backed up) and the first rows are wanted.
    const helper = worthStreaming(kind, bytes, file) ? new PrepareHelper() : null;
    const parsed = helper !== null ? null : await readImportFile(bytes, file);
    const dryRun = values['dry-run'] === true;
    try {
      return await withShop(values.db, { mustExist: false }, async (_client, core) => {
        if (!dryRun && values['no-backup'] !== true) {
          const backup = await backupBeforeChange(
            core.db,
            path.resolve(values.db ?? ''),
            'import',
            core.context.clock,
          );
          if (backup !== null) io.err(`Backup before import: ${backup}`);
        }
        const common = {
          ...(values.map !== undefined ? { mapSpec: values.map } : {}),
          dryRun,
          dateOrder,
          actorRole: 'owner',
          clock: core.context.clock,
        };
        const summary =
          parsed === null
            ? await streamPurchaseImport(core.db, { ...common, bytes, fileName: file }, helper ?? undefined)
            : runImport(core.db, { ...common, kind, file: parsed });
        for (const line of summaryLines(summary)) io.out(line);
        for (const row of summary.rejectedRows.slice(0, SHOWN_REJECTIONS)) {
          io.out(`  line ${row.line}: ${row.issues.map(describeIssue).join('; ')}`);
        }
        if (summary.rejectedRows.length > SHOWN_REJECTIONS)
          io.out(`  … ${summary.rejectedRows.length - SHOWN_REJECTIONS} more rejected rows (see --errors)`);
        if (values.errors !== undefined) {
          writeFileSync(path.resolve(values.errors), rejectedRowsCsv(summary.rejectedRows));
          io.out(`Rejected rows written to ${values.errors}`);
        }
        return summary.rejected > 0 ? EXIT_PARTIAL : EXIT_OK;
      });
    } finally {
      // Already closed when the import ran; not when the shop could not be opened.
      await helper?.close();
    }
  },
});
