/**
 * The import worker: parses an uploaded CSV or XLSX file (a purchase file: its helper thread does,
 * see import-prepare.worker.ts) and, for an import or a dry run, writes it through its OWN writer
 * connection to the shop file with the same `runImport` the CLI uses — one transaction, all or
 * nothing. Main holds the core's write gate meanwhile, so no other write can wait on this
 * transaction's lock, and main's event loop stays free for reads and the UI.
 */
import { parentPort } from 'node:worker_threads';
import { openWritable } from '../../db/connection';
import { PatronError, type ErrorValue } from '../../../shared/errors';
import type { ImportSummary } from '../../../shared/contract/transfer';
import { readImportFile, type ImportStageMs, type ReadImportFileResult } from './import';
import { refusalOf } from './import-file';
import { runImport, type StreamedImportFile } from './transfer.service';
import { PrepareHelper, type PortFeed } from './import-feed';
import { threadSchedule, threadScheduleSince } from '../../workers/thread-cpu';
import { errorValueOf } from '../../workers/error-value';
import { writeSetting } from '../shop/shop.repo';
import { rememberedMappingKey, rememberMapping, type ColumnMapping, type ImportKind } from './mapping';
import type { ImportJob, ImportWorkerJob, ImportWorkerReply, PreviewJob } from './import-worker.protocol';

const port = parentPort;
if (!port) throw new Error('import.worker must run in a worker thread');

// Started with this worker (the wizard's preview starts it), so it is warm when a file is imported.
const helper = new PrepareHelper();

function post(reply: ImportWorkerReply): void {
  port!.postMessage(reply);
}

async function parse(job: ImportWorkerJob): Promise<ReadImportFileResult> {
  try {
    return await readImportFile(new Uint8Array(job.bytes), job.fileName);
  } catch (error) {
    throw refusalOf(error);
  }
}

async function preview(job: PreviewJob): Promise<void> {
  const file = await parse(job);
  post({
    type: 'preview',
    preview: {
      headers: file.table.headers,
      rows: file.table.rows.slice(0, job.previewRows).map((row) => row.cells),
      totalRows: file.table.rows.length,
      format: file.format,
      encoding: file.encoding,
    },
  });
}

async function importFile(job: ImportJob): Promise<void> {
  const cancel = new Int32Array(job.cancel);
  const throwIfCancelled = (): void => {
    // Thrown inside the import's transaction, so SQLite rolls every row back.
    if (Atomics.load(cancel, 0) === 1) throw new PatronError('cancelled', 'The import was cancelled.');
  };
  post({ type: 'progress', stage: 'read', done: 0, total: job.bytes.byteLength });
  const stageMs: ImportStageMs = { validate: 0, write: 0, summaries: 0, commit: 0 };
  const scheduleBefore = threadSchedule();
  // A purchase file goes to the helper, which parses it and, as the rows come, validates and
  // prepares its receipts while this thread inserts them: both cores work on a large file, and the
  // writing starts with the first chunk rather than after a parse.
  let file: ReadImportFileResult | StreamedImportFile;
  const helping: { feed: PortFeed | null } = { feed: null };
  if (job.kind === 'purchases') {
    helper.file(job.bytes, job.fileName);
    file = {
      stream: (plan) => {
        helping.feed = helper.plan(plan);
        return helping.feed;
      },
    };
  } else {
    const readStarted = performance.now();
    file = await parse(job);
    stageMs.read = performance.now() - readStarted;
    throwIfCancelled();
  }
  const db = openWritable(job.dbFile);
  // The commit would otherwise copy the whole WAL into the file (after 1M purchases, hundreds of
  // MB and 1.5–2 s) before the import could report. The copy runs right after the summary is
  // posted, below, while main still holds the write gate, so no write of main's lands on a WAL
  // that size (its own automatic checkpoint would then do the copying, on main's thread).
  if (!job.dryRun) db.pragma('wal_autocheckpoint = 0');
  let summary: ImportSummary;
  try {
    const now = new Date(job.now);
    let previousDone = -1;
    let chunkRows = 0;
    summary = runImport(db, {
      kind: job.kind,
      file,
      mapping: job.mapping,
      dryRun: job.dryRun,
      dateOrder: job.dateOrder,
      actorRole: job.actorRole,
      clock: () => now,
      onProgress: (done, total) => {
        if (done >= total) return;
        throwIfCancelled();
        // importTable reports the start of each chunk; once the last one starts, what remains is
        // that chunk and the finishing work (receipt groups, customer totals), which can take a
        // while on a big file, so the stage says so rather than sitting at the last count.
        if (previousDone >= 0 && chunkRows === 0) chunkRows = done - previousDone;
        previousDone = done;
        if (chunkRows > 0 && done + chunkRows >= total)
          post({ type: 'progress', stage: 'finish', done: total, total });
        else post({ type: 'progress', stage: 'rows', done, total });
      },
      onCommitting: (rows) => {
        if (job.rememberMapping) {
          const headers = 'table' in file ? file.table.headers : (helping.feed?.headers ?? []);
          const key = rememberedMappingKey(job.kind, headers);
          const remembered = rememberMapping(headers, job.mapping as ColumnMapping<ImportKind>);
          writeSetting(db, 'local_settings', key, remembered, job.now);
        }
        post({ type: 'progress', stage: 'commit', done: rows, total: rows });
      },
      stageMs,
    });
  } catch (error) {
    db.close();
    throw error;
  } finally {
    if (job.kind === 'purchases' && helping.feed === null) helper.drop();
  }
  // The summary goes out at commit; the connection stays open for the WAL copy below.
  const spent = threadScheduleSince(scheduleBefore);
  if (spent) {
    stageMs.threadCpu = spent.cpuMs;
    stageMs.threadWait = spent.waitMs;
  }
  if (helping.feed !== null && helping.feed.helperCpuMs !== null)
    stageMs.helperCpu = helping.feed.helperCpuMs;
  post({ type: 'done', summary, stageMs });
  const checkpointStarted = performance.now();
  try {
    // PASSIVE: copies what no reader still needs, never waits; main's next checkpoint does the rest.
    if (!job.dryRun) db.pragma('wal_checkpoint(PASSIVE)');
  } finally {
    db.close();
    // Only once the connection is closed: main may end the thread as soon as this arrives.
    post({ type: 'settled', checkpointMs: performance.now() - checkpointStarted });
  }
}

function errorValue(error: unknown): ErrorValue {
  // SQLite's code goes back as data: main maps it as the router maps any command's SQLite error.
  if (
    !(error instanceof PatronError) &&
    error instanceof Error &&
    'code' in error &&
    typeof error.code === 'string'
  )
    return { code: 'internal', message: error.message, details: { sqlite: error.code } };
  return errorValueOf(error);
}

port.on('message', (job: ImportWorkerJob) => {
  const work = job.type === 'preview' ? preview(job) : importFile(job);
  work.catch((error: unknown) => post({ type: 'failed', error: errorValue(error) }));
});
