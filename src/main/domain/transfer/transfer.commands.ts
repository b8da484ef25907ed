import { requestAnalysis } from '../analysis/analysis.service';
import type { HandlerTable } from '../../core/handlers';
import type { transferCommands } from '../../../shared/contract/transfer';
import { PatronError } from '../../../shared/errors';
import { nowIso } from '../../db/ids';
import { backupBeforeChange } from '../backup/backup.service';
import { readSetting } from '../shop/shop.repo';
import type { CommandContext, CoreContext } from '../../core/context';
import { logger } from '../../core/logger';
import { resolveMapping } from './import';
import { decodeBase64Yielding, ImportWorkerHost, type ImportOutcome } from './import-worker';
import {
  applyRememberedMapping,
  fieldLabel,
  fieldsFor,
  rememberedMappingKey,
  type RememberedMapping,
} from './mapping';
import { runExport } from './transfer.service';
import { exportColumnChoice, rememberExportColumns } from './export-columns';
import { ExportWorkerPool } from './export-worker';

const PREVIEW_ROWS = 20;

/** The imports running in this core, so `transfer.cancelImport` can stop them. */
class RunningImports {
  private readonly controllers = new Set<AbortController>();

  track(): { signal: AbortSignal; done: () => void } {
    const controller = new AbortController();
    this.controllers.add(controller);
    return { signal: controller.signal, done: () => this.controllers.delete(controller) };
  }

  cancelAll(): number {
    for (const controller of this.controllers) controller.abort();
    return this.controllers.size;
  }
}

const runningImports = (ctx: CommandContext): RunningImports =>
  ctx.singleton('transfer.runningImports', () => new RunningImports());

const importWorker = (ctx: CommandContext): ImportWorkerHost =>
  ctx.singleton(
    'transfer.importWorker',
    () => new ImportWorkerHost(),
    (host) => host.close(),
  );

/** The export's worker threads, kept for the core's lifetime (started at launch, see below). */
export const exportWorkers = (ctx: CoreContext): ExportWorkerPool =>
  ctx.singleton(
    'transfer.exportWorkers',
    () => new ExportWorkerPool(),
    (pool) => pool.close(),
  );

/**
 * For the composition root (desktop app, preview server): start the export threads at launch, so
 * the first export does not wait for them to load.
 */
export function startExportWorkers(ctx: CoreContext): void {
  if (ctx.dbFile === ':memory:') return;
  exportWorkers(ctx)
    .warm()
    .catch((error: unknown) =>
      logger.warn('export workers could not start', error instanceof Error ? error.message : 'unknown'),
    );
}

function refuseWhenDamaged(ctx: CommandContext): void {
  // A write that waited for the start-up check must not land once it found damage (as the router does).
  if (ctx.damaged !== null)
    throw new PatronError('corrupt', 'The shop file is damaged. Restore it from a backup.');
}

export const transferHandlers: HandlerTable<keyof typeof transferCommands> = {
  'transfer.preview': async ({ kind, fileName, base64 }, ctx) => {
    const preview = await importWorker(ctx).preview(
      await decodeBase64Yielding(base64),
      fileName,
      PREVIEW_ROWS,
    );
    const { headers } = preview;
    const remembered = readSetting(ctx.db, 'local_settings', rememberedMappingKey(kind, headers));
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
      rows: preview.rows,
      totalRows: preview.totalRows,
      format: preview.format,
      encoding: preview.encoding,
      remembered: remembered !== undefined && remembered !== null,
      fields: fieldsFor(kind).map((field) => ({
        value: field,
        en: fieldLabel(kind, field, 'en'),
        zh: fieldLabel(kind, field, 'zh'),
      })),
    };
  },

  'transfer.import': async ({ kind, fileName, base64, mapping, dateOrder, dryRun }, ctx) => {
    const bytes = await decodeBase64Yielding(base64);
    const role = ctx.session.role();
    const jobId = `import-${nowIso(ctx.clock)}`;
    if (!dryRun) {
      // A big shop's verified backup takes a while; the wizard says so instead of "reading".
      ctx.events.emit('job.progress', { jobId, kind: 'import', stage: 'backup', done: 0, total: 0 });
      // Shared, like any command's write: the backup copies in a worker for seconds on a big shop,
      // and the till's own writes may go on meanwhile.
      await ctx.writeGate.shared(async () => {
        refuseWhenDamaged(ctx);
        await backupBeforeChange(ctx.db, ctx.dbFile, 'import', ctx.clock);
      });
    }
    const running = runningImports(ctx).track();
    let outcome: ImportOutcome;
    try {
      // Exclusive for the whole import: the worker's transaction holds SQLite's write lock, and a
      // write from main's connection meanwhile would block the event loop on it, then fail busy.
      // The gate stays held until the worker has copied its WAL into the file (`settled`), but the
      // summary is answered as soon as the import is committed.
      outcome = await new Promise<ImportOutcome>((resolve, reject) => {
        const holding = ctx.writeGate.exclusive(async () => {
          refuseWhenDamaged(ctx);
          const committed = await importWorker(ctx).import(
            {
              bytes,
              fileName,
              dbFile: ctx.dbFile,
              kind,
              mapping,
              dateOrder,
              dryRun,
              actorRole: role,
              now: nowIso(ctx.clock),
              // The user's corrections are offered again for the next file with the same headers.
              rememberMapping: true,
            },
            {
              signal: running.signal,
              onProgress: ({ stage, done, total }) =>
                ctx.events.emit('job.progress', { jobId, kind: 'import', stage, done, total }),
            },
          );
          resolve(committed);
          await committed.settled;
        });
        holding.catch(reject);
      });
    } finally {
      running.done();
    }
    const { summary } = outcome;
    if (!dryRun) {
      // Not a `mutates` command (it takes the gate itself), so it announces its own change.
      ctx.events.emit('db.changed', { tables: ['customers', 'purchases'] });
      // New history changes the labels: recompute (debounced, so a burst of files runs once).
      requestAnalysis(ctx);
    }
    return summary;
  },

  'transfer.cancelImport': (_args, ctx) => ({ cancelled: runningImports(ctx).cancelAll() }),

  'transfer.export': async ({ format, filter, columns }, ctx) => {
    const result = await runExport(ctx.db, {
      format,
      filter,
      ...(columns !== undefined ? { columns } : {}),
      actorRole: ctx.session.role(),
      clock: ctx.clock,
      // In the export threads, so main's event loop (the till's search, other windows) stays free;
      // an in-memory shop has no file they could open.
      ...(ctx.dbFile === ':memory:' ? {} : { parallel: exportWorkers(ctx).parallelism(ctx.dbFile) }),
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
