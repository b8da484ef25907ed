/**
 * An export worker: writes one part of a customer export (see `exportPart`) through its own
 * read-only connection to the shop file and hands the bytes back. It never writes; the audit
 * entry stays with main.
 */
import { parentPort } from 'node:worker_threads';
import { openReadable } from '../../db/connection';
import { errorValueOf } from '../../workers/error-value';
import { exportPart } from './export';
import { preloadXlsx } from './formats';
import type { ExportPartRequest, ExportWorkerReply } from './export-worker.protocol';

const port = parentPort;
if (!port) throw new Error('export.worker must run in a worker thread');

/** An ArrayBuffer holding exactly these bytes, to transfer (a Buffer may be a view into a larger one). */
function ownBuffer(bytes: Buffer): ArrayBuffer {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength)
    return bytes.buffer as ArrayBuffer;
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

async function writePart(request: ExportPartRequest): Promise<void> {
  // A connection per job, not one kept open: a restore replaces the file under the same path.
  const db = openReadable(request.dbFile, { analysisStore: true });
  try {
    // The slice reads pages spread over the whole file; a memory map serves them from the OS page
    // cache without copying each into SQLite's own cache.
    db.pragma('mmap_size = 4294967296');
    // One read transaction: the lookups (tags, labels, consents) and the rows see the same file.
    db.exec('BEGIN');
    const part = await exportPart(db, request.job.options, request.job.runId, request.job.range);
    db.exec('COMMIT');
    const bytes = ownBuffer(part.bytes);
    const reply: ExportWorkerReply = {
      type: 'part',
      seq: request.seq,
      bytes,
      rows: part.rows,
      stageMs: part.stageMs,
      schedule: part.schedule,
    };
    port!.postMessage(reply, [bytes]);
  } finally {
    db.close();
  }
}

// Jobs run one after another: main gives each worker one part of an export at a time, and an
// XLSX part awaits its writer, so a second message must not start meanwhile.
let queue: Promise<void> = Promise.resolve();
port.on('message', (request: ExportPartRequest) => {
  queue = queue.then(() =>
    writePart(request).catch((error: unknown) => {
      const reply: ExportWorkerReply = { type: 'failed', seq: request.seq, error: errorValueOf(error) };
      port!.postMessage(reply);
    }),
  );
});

// Export threads start at launch to be warm: the workbook library (loaded on first use elsewhere)
// is loaded before this one says it is ready, so an XLSX export does not wait for it.
await preloadXlsx();
const ready: ExportWorkerReply = { type: 'ready' };
port.postMessage(ready);
