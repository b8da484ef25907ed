/**
 * The import worker's helper thread for purchase files: parses the file, validates and prepares its
 * receipts (PurchasePreparer) chunk by chunk and streams them to the import worker, which matches
 * customers and inserts meanwhile (import-feed.ts). Pure work only: no database here.
 */
import { parentPort, type MessagePort } from 'node:worker_threads';
import { errorValueOf } from '../../workers/error-value';
import type { ParsedTable } from './formats';
import { readImportFile } from './import-file';
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

let parsed: Promise<ParsedTable> | null = null;
let scheduleBefore: ReturnType<typeof threadSchedule> = null;

async function prepare(
  job: Extract<PrepareJob, { type: 'plan' }>,
  table: Promise<ParsedTable>,
): Promise<void> {
  const signals = new Int32Array(job.signals);
  const stopped = (): boolean => Atomics.load(signals, PREPARE_SIGNAL.stop) === 1;
  const send = (out: MessagePort, message: PrepareMessage): void => {
    out.postMessage(message);
    Atomics.add(signals, PREPARE_SIGNAL.posted, 1);
    Atomics.notify(signals, PREPARE_SIGNAL.posted);
  };
  try {
    const rows = await table;
    const mapping = job.mapping as ColumnMapping<'purchases'>;
    const parsers = new ValueParsers(job.rowOptions);
    const preparer = new PurchasePreparer(job.timeZone);
    const total = rows.rows.length;
    for (let from = 0; from < total; from += CHUNK_ROWS) {
      for (;;) {
        if (stopped()) return;
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
      send(job.port, { type: 'chunk', json: encodePreparedChunk(chunk) });
    }
    if (stopped()) return;
    const last: PreparedChunk = { from: total, purchases: preparer.finish(), rejected: [], warnings: 0 };
    send(job.port, { type: 'chunk', json: encodePreparedChunk(last) });
    const threadCpu = threadScheduleSince(scheduleBefore)?.cpuMs ?? null;
    send(job.port, { type: 'end', rows: total, threadCpu });
  } catch (error) {
    send(job.port, { type: 'failed', error: errorValueOf(error) });
  } finally {
    job.port.close();
  }
}

port.on('message', (job: PrepareJob) => {
  if (job.type === 'parse') {
    scheduleBefore = threadSchedule();
    parsed = readImportFile(new Uint8Array(job.bytes), job.fileName).then((file) => file.table);
    // A parse failure is reported by the import worker's own parse of the same bytes, or at plan.
    parsed.catch(() => undefined);
  } else if (job.type === 'plan') {
    const table = parsed ?? Promise.reject(new Error('no file was sent to prepare'));
    parsed = null;
    void prepare(job, table);
  } else {
    parsed = null;
  }
});
