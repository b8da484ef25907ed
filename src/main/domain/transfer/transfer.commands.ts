import { requestAnalysis } from '../analysis/analysis.service';
import type { HandlerTable } from '../../core/handlers';
import type { transferCommands } from '../../../shared/contract/transfer';
import { PatronError } from '../../../shared/errors';
import { nowIso } from '../../db/ids';
import { backupBeforeChange } from '../backup/backup.service';
import { readSetting, writeSetting } from '../shop/shop.repo';
import { FileFormatError } from './formats';
import { readImportFile, resolveMapping, type ReadImportFileResult } from './import';
import {
  applyRememberedMapping,
  fieldLabel,
  fieldsFor,
  headerSetSignature,
  rememberMapping,
  type ColumnMapping,
  type RememberedMapping,
} from './mapping';
import { runExport, runImport } from './transfer.service';
import { exportColumnChoice, rememberExportColumns } from './export-columns';

const PREVIEW_ROWS = 20;
const MAPPING_KEY_PREFIX = 'import.mapping.';

async function readUpload(fileName: string, base64: string): Promise<ReadImportFileResult> {
  try {
    return await readImportFile(Buffer.from(base64, 'base64'), fileName);
  } catch (error) {
    if (error instanceof FileFormatError)
      throw new PatronError('invalid_input', `The file was refused: ${error.code}.`, {
        fileError: error.code,
        ...error.params,
      });
    throw error;
  }
}

export const transferHandlers: HandlerTable<keyof typeof transferCommands> = {
  'transfer.preview': async ({ kind, fileName, base64 }, ctx) => {
    const file = await readUpload(fileName, base64);
    const { headers } = file.table;
    const remembered = readSetting(
      ctx.db,
      'local_settings',
      `${MAPPING_KEY_PREFIX}${kind}.${headerSetSignature(headers)}`,
    );
    const resolved = resolveMapping(kind, headers);
    const mapping =
      remembered !== undefined && remembered !== null && typeof remembered === 'object'
        ? applyRememberedMapping(kind, headers, remembered as RememberedMapping)
        : resolved.ok
          ? resolved.mapping
          : headers.map(() => null);
    return {
      headers,
      mapping,
      rows: file.table.rows.slice(0, PREVIEW_ROWS).map((row) => row.cells),
      totalRows: file.table.rows.length,
      encoding: file.encoding,
      remembered: remembered !== undefined && remembered !== null,
      fields: fieldsFor(kind).map((field) => ({
        value: field,
        en: fieldLabel(kind, field, 'en'),
        zh: fieldLabel(kind, field, 'zh'),
      })),
    };
  },

  'transfer.import': async ({ kind, fileName, base64, mapping, dateOrder, dryRun }, ctx) => {
    const file = await readUpload(fileName, base64);
    if (!dryRun) {
      await backupBeforeChange(ctx.db, ctx.dbFile, 'import', ctx.clock);
      // The user's corrections are offered again for the next file with the same headers.
      writeSetting(
        ctx.db,
        'local_settings',
        `${MAPPING_KEY_PREFIX}${kind}.${headerSetSignature(file.table.headers)}`,
        rememberMapping(file.table.headers, mapping as ColumnMapping),
        nowIso(ctx.clock),
      );
    }
    const jobId = `import-${nowIso(ctx.clock)}`;
    const summary = runImport(ctx.db, {
      kind,
      file,
      mapping,
      dryRun,
      dateOrder,
      actorRole: ctx.session.role(),
      clock: ctx.clock,
      onProgress: (done, total) => ctx.events.emit('job.progress', { jobId, kind: 'import', done, total }),
    });
    if (!dryRun) {
      ctx.markChanged('customers', 'purchases');
      // New history changes the labels: recompute (debounced, so a burst of files runs once).
      requestAnalysis(ctx);
    }
    return summary;
  },

  'transfer.export': async ({ format, filter, columns }, ctx) => {
    const result = await runExport(ctx.db, {
      format,
      filter,
      ...(columns !== undefined ? { columns } : {}),
      actorRole: ctx.session.role(),
      clock: ctx.clock,
    });
    return {
      format,
      rows: result.rows,
      columns: result.columns,
      fileName: `customers-${nowIso(ctx.clock).slice(0, 10)}.${format}`,
      base64: result.bytes.toString('base64'),
      note: result.note,
    };
  },

  'transfer.exportColumns': (_args, ctx) => exportColumnChoice(ctx.db),

  'transfer.rememberExportColumns': ({ columns }, ctx) => {
    rememberExportColumns(ctx.db, columns, ctx.clock);
    return exportColumnChoice(ctx.db);
  },
};
