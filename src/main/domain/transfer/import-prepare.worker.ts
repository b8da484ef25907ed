/**
 * The import worker's helper thread for purchase files: parses the file and, as its rows come,
 * validates and prepares the receipts (PurchasePreparer) chunk by chunk and streams them to the
 * import worker, which matches customers and inserts meanwhile (import-feed.ts). The file is parsed
 * here only: the writer starts on the first chunk instead of after a parse of its own. Pure work
 * only: no database here.
 */
import { parentPort } from 'node:worker_threads';
import { errorValueOf } from '../../workers/error-value';
import type { TableRow, TableSoFar } from './formats';
import { estimateCsvRows, importFileFormat, readImportFile, refusalOf, shapeOf } from './import-file';
import { CHUNK_ROWS, validateChunk } from './import-chunks';
import { PREPARE_SIGNAL, type PrepareJob, type PrepareMessage } from './import-worker.protocol';
import type { ColumnMapping } from './mapping';
import { encodePreparedChunk, PurchasePreparer, type PreparedChunk } from './purchase-prepare';
import { ValueParsers } from './rows';
import { threadSchedule, threadScheduleSince } from '../../workers/thread-cpu';

const port = parentPort;
if (!port) throw new Error('import-prepare.worker must run in a worker thread');

/** Chunks posted and not yet taken before this thread waits: bounds what a slow writer costs in memory. */
const MAX_AHEAD = 8;

interface ReceivedFile {
  readonly bytes: Uint8Array;
  readonly fileName: string;
  readonly scheduleBefore: ReturnType<typeof threadSchedule>;
}

let received: ReceivedFile | null = null;

/** Thrown out of the parse when the importer asked this thread to stop. */
class Stopped extends Error {}

async function prepare(job: Extract<PrepareJob, { type: 'plan' }>, file: ReceivedFile): Promise<void> {
  const signals = new Int32Array(job.signals);
  const stopped = (): boolean => Atomics.load(signals, PREPARE_SIGNAL.stop) === 1;
  const send = (message: PrepareMessage): void => {
    job.port.postMessage(message);
    Atomics.add(signals, PREPARE_SIGNAL.posted, 1);
    Atomics.notify(signals, PREPARE_SIGNAL.posted);
  };
  const mapping = job.mapping as ColumnMapping<'purchases'>;
  const parsers = new ValueParsers(job.rowOptions);
  const preparer = new PurchasePreparer(job.timeZone);
  let started = false;
  let from = 0;
  const start = (headers: readonly string[], rowsEstimate: number): void => {
    started = true;
    send({ type: 'start', headers, rowsEstimate });
  };
  /** Validates, prepares and posts rows [from, from + CHUNK_ROWS), once the writer has room. */
  const postChunk = (rows: readonly TableRow[]): void => {
    for (;;) {
      if (stopped()) throw new Stopped();
      const taken = Atomics.load(signals, PREPARE_SIGNAL.taken);
      if (Atomics.load(signals, PREPARE_SIGNAL.posted) - taken < MAX_AHEAD) break;
      Atomics.wait(signals, PREPARE_SIGNAL.taken, taken, 100);
    }
    const { accepted, rejected, warnings } = validateChunk(
      'purchases',
      rows,
      from,
      mapping,
      job.rowOptions,
      parsers,
    );
    const chunk: PreparedChunk = { from, purchases: preparer.write(accepted), rejected, warnings };
    send({ type: 'chunk', json: encodePreparedChunk(chunk) });
    from = Math.min(from + CHUNK_ROWS, rows.length);
  };
  try {
    // A CSV streams: each full chunk goes out while the parse goes on. An XLSX workbook is loaded
    // whole by exceljs anyway, so its rows go out once it is read, with their exact count.
    const streams = importFileFormat(file.bytes, file.fileName) === 'csv';
    const rowsEstimate = streams ? estimateCsvRows(file.bytes) : 0;
    const onRecord = (table: TableSoFar): void => {
      const headers = table.headersSoFar;
      if (headers === null) return;
      if (!started) start(headers, rowsEstimate);
      if (table.rowsSoFar.length - from < CHUNK_ROWS) return;
      postChunk(table.rowsSoFar);
      table.release(from);
    };
    const parsed = await readImportFile(file.bytes, file.fileName, streams ? { onRecord } : {});
    const { headers, rows } = parsed.table;
    if (!started) start(headers, rows.length);
    while (from < rows.length) postChunk(rows);
    if (stopped()) return;
    send({
      type: 'chunk',
      json: encodePreparedChunk({
        from: rows.length,
        purchases: preparer.finish(),
        rejected: [],
        warnings: 0,
      }),
    });
    const threadCpu = threadScheduleSince(file.scheduleBefore)?.cpuMs ?? null;
    send({ type: 'end', file: shapeOf(parsed.table, parsed.encoding), threadCpu });
  } catch (error) {
    if (!(error instanceof Stopped)) send({ type: 'failed', error: errorValueOf(refusalOf(error)) });
  } finally {
    job.port.close();
  }
}

port.on('message', (job: PrepareJob) => {
  if (job.type === 'parse') {
    received = { bytes: new Uint8Array(job.bytes), fileName: job.fileName, scheduleBefore: threadSchedule() };
  } else if (job.type === 'plan') {
    const file = received;
    received = null;
    if (file === null) {
      job.port.postMessage({
        type: 'failed',
        error: { code: 'internal', message: 'no file was sent to prepare' },
      } satisfies PrepareMessage);
      job.port.close();
      return;
    }
    void prepare(job, file);
  } else {
    received = null;
  }
});
