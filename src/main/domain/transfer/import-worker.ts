/**
 * Main's side of the import worker (import.worker.ts): hands it the file's bytes without copying,
 * relays its progress and turns its reply back into a value or a thrown error.
 */
import type { ImportSummary } from '../../../shared/contract/transfer';
import type { ImportStageMs } from './import';
import { PatronError } from '../../../shared/errors';
import type { Worker } from 'node:worker_threads';
import { startWorker, workerBeside, type WorkerLocation } from '../../workers/location';
import type {
  ImportJob,
  ImportStage,
  ImportWorkerJob,
  ImportWorkerReply,
  TablePreview,
} from './import-worker.protocol';

/** Base64 characters decoded per slice: about 3 ms of work, so the event loop never waits long. */
const BASE64_SLICE = 1 << 20;

/** Plain base64 (or base64url) without whitespace: slices of 4k characters then decode seamlessly. */
const PLAIN_BASE64 = /^[A-Za-z0-9+/_-]*$/;

/**
 * Decodes an upload in slices, yielding between them: one `Buffer.from` of a 1M-row file (~35 MB
 * of base64) held main's event loop for ~90 ms. The result is a fresh ArrayBuffer of its own, so
 * it can be transferred to the worker instead of copied. Text with whitespace or padding inside
 * (never what the wizard sends) is decoded in one piece, as before.
 */
export async function decodeBase64Yielding(base64: string): Promise<ArrayBuffer> {
  const body = base64.replace(/={1,2}$/, '');
  const bytes = Buffer.from(new ArrayBuffer(Math.floor((body.length * 3) / 4)));
  let written = 0;
  for (let from = 0; from < body.length; from += BASE64_SLICE) {
    if (from > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    const slice = body.slice(from, from + BASE64_SLICE);
    if (!PLAIN_BASE64.test(slice)) {
      const whole = Buffer.from(base64, 'base64');
      return whole.buffer.slice(whole.byteOffset, whole.byteOffset + whole.length);
    }
    // A multiple of 4 characters decodes to whole bytes, so the slices join without seams.
    written += bytes.write(slice, written, 'base64');
  }
  return written === bytes.length ? (bytes.buffer as ArrayBuffer) : bytes.buffer.slice(0, written);
}

export interface ImportProgress {
  readonly stage: ImportStage;
  readonly done: number;
  readonly total: number;
}

interface RunOptions {
  readonly onProgress?: (progress: ImportProgress) => void;
  readonly signal?: AbortSignal;
  /** Set by main to ask the worker to roll back (shared with it, see ImportJob.cancel). */
  readonly cancelFlag?: Int32Array;
  /** For an import: called when the worker has settled after its summary (or stopped). */
  readonly onSettled?: (checkpointMs: number) => void;
}

/** How long an idle worker is kept: the wizard's preview, dry run and import follow each other. */
const IDLE_MS = 60_000;

/**
 * One import worker, kept warm between jobs for a minute and then ended (a parsed file is a large
 * heap; starting a thread that loads the parsers costs ~1.5 s of CPU from the TypeScript sources).
 * Jobs run one after another: a second import waits for the write gate anyway.
 */
export class ImportWorkerHost {
  private worker: Worker | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(private readonly location: WorkerLocation = workerBeside(import.meta.url, 'import.worker')) {}

  /** Parses the file in the worker and returns its headers, first rows and row count. */
  preview(bytes: ArrayBuffer, fileName: string, previewRows: number): Promise<TablePreview> {
    return this.enqueue(
      { type: 'preview', bytes, fileName, previewRows },
      (reply) => (reply.type === 'preview' ? reply.preview : undefined),
      {},
    );
  }

  /**
   * Parses and imports (or dry-runs) the file in the worker through its own writer connection.
   * The caller must hold the core's write gate exclusively for the whole call: the worker's
   * transaction holds SQLite's write lock, and a write from main meanwhile would wait on it with
   * the event loop blocked (busy_timeout), then fail.
   */
  import(
    job: ImportInWorkerJob,
    options: Omit<RunOptions, 'cancelFlag' | 'onSettled'> = {},
  ): Promise<ImportOutcome> {
    const cancel = new SharedArrayBuffer(4);
    let settle: (checkpointMs: number) => void = () => undefined;
    const settled = new Promise<number>((resolve) => (settle = resolve));
    return this.enqueue(
      { ...job, type: 'import', cancel },
      (reply) =>
        reply.type === 'done' ? { summary: reply.summary, stageMs: reply.stageMs, settled } : undefined,
      { ...options, cancelFlag: new Int32Array(cancel), onSettled: settle },
      // The next job waits for the worker to settle (its WAL copy), not only for the summary.
      (outcome) => outcome.settled,
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    this.clearIdle();
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }

  private enqueue<T>(
    job: ImportWorkerJob,
    pick: (reply: ImportWorkerReply) => T | undefined,
    options: RunOptions,
    busyUntil: (value: T) => Promise<unknown> = () => Promise.resolve(),
  ): Promise<T> {
    const run = this.queue.then(() => this.run(job, pick, options));
    this.queue = run.then(busyUntil).catch(() => undefined);
    return run;
  }

  private run<T>(
    job: ImportWorkerJob,
    pick: (reply: ImportWorkerReply) => T | undefined,
    options: RunOptions,
  ): Promise<T> {
    if (this.closed) return Promise.reject(new PatronError('cancelled', 'Patron is shutting down.'));
    this.clearIdle();
    const worker = this.worker ?? this.start();
    worker.ref();
    return new Promise<T>((resolve, reject) => {
      const finish = (keep: boolean, outcome: () => void): void => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        options.signal?.removeEventListener('abort', onAbort);
        options.onSettled?.(0);
        if (keep) {
          // An idle worker must not keep a process alive (CLI, tests); it ends itself after a while.
          worker.unref();
          this.idleTimer = setTimeout(() => void this.retire(worker), IDLE_MS);
          this.idleTimer.unref();
        } else {
          void this.retire(worker);
        }
        outcome();
      };
      const onMessage = (reply: ImportWorkerReply): void => {
        if (reply.type === 'progress') {
          options.onProgress?.(reply);
          return;
        }
        if (reply.type === 'failed') {
          const error = rebuildError(reply.error.code, reply.error.message, reply.error.details);
          finish(true, () => reject(error));
          return;
        }
        if (reply.type === 'settled') {
          options.onSettled?.(reply.checkpointMs);
          finish(true, () => undefined);
          return;
        }
        const value = pick(reply);
        // An import's worker still copies its WAL after the summary: it stays this job's until settled.
        if (value !== undefined && options.onSettled) resolve(value);
        else if (value !== undefined) finish(true, () => resolve(value));
      };
      const onError = (error: Error): void =>
        finish(false, () =>
          reject(new PatronError('internal', `The import worker failed: ${error.message}`)),
        );
      const onExit = (code: number): void =>
        finish(false, () =>
          reject(new PatronError('internal', `The import worker stopped early (exit ${code}).`)),
        );
      const onAbort = (): void => {
        // The worker checks the flag between chunks and rolls back; its reply then says 'cancelled'.
        if (options.cancelFlag) Atomics.store(options.cancelFlag, 0, 1);
      };
      worker.on('message', onMessage);
      worker.once('error', onError);
      worker.once('exit', onExit);
      if (options.signal?.aborted) onAbort();
      else options.signal?.addEventListener('abort', onAbort, { once: true });
      worker.postMessage(job, [job.bytes]);
    });
  }

  private start(): Worker {
    const worker = startWorker(this.location);
    // An idle worker that dies is forgotten, so the next job starts a fresh one.
    worker.on('exit', () => {
      if (this.worker === worker) {
        this.worker = null;
        this.clearIdle();
      }
    });
    // Reported to the job running at the time (if any); never an unhandled 'error' on main.
    worker.on('error', () => undefined);
    this.worker = worker;
    return worker;
  }

  private async retire(worker: Worker): Promise<void> {
    if (this.worker === worker) {
      this.worker = null;
      this.clearIdle();
    }
    await worker.terminate();
  }

  private clearIdle(): void {
    if (this.idleTimer !== null) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }
}

/**
 * A SQLite failure comes back as an Error carrying SQLite's code, so the router maps it exactly as
 * it maps one from main's own connection (busy, conflict, corrupt); everything else keeps its code.
 */
function rebuildError(
  code: PatronError['code'],
  message: string,
  details?: Readonly<Record<string, unknown>>,
): Error {
  const sqlite = details?.['sqlite'];
  if (code === 'internal' && typeof sqlite === 'string') {
    const error = new Error(message) as Error & { code: string };
    error.code = sqlite;
    return error;
  }
  return new PatronError(code, message, details ? { ...details } : undefined);
}

export type ImportInWorkerJob = Omit<ImportJob, 'type' | 'cancel'>;

export interface ImportOutcome {
  readonly summary: ImportSummary;
  readonly stageMs: ImportStageMs;
  /**
   * Resolves (with the WAL copy's milliseconds) once the worker has copied its WAL into the file
   * and closed its connection; the caller keeps other writes out until then.
   */
  readonly settled: Promise<number>;
}
