/**
 * Main's side of the export workers (export.worker.ts): a small pool of threads, started at
 * launch and kept, that write the parts of an export file while main's event loop stays free.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { PatronError } from '../../../shared/errors';
import { startWorker, workerBeside, type WorkerLocation } from '../../workers/location';
import type { ExportParallelism, ExportPart, ExportPartJob } from './export';
import type { ExportPartRequest, ExportWorkerReply } from './export-worker.protocol';

/**
 * Below this many customers per part a CSV is written in one piece: a small file takes a few
 * milliseconds, and cutting it would only add a second query pass.
 */
const MIN_CUSTOMERS_PER_PART = 5_000;

interface Slot {
  worker: Worker | null;
  /** Settles once the worker has loaded its modules (or died trying). */
  loaded: Promise<void>;
  /** The slot's last job: a worker takes one job at a time. */
  tail: Promise<unknown>;
  running: number;
}

export class ExportWorkerPool {
  private readonly slots: Slot[];
  private nextSeq = 1;
  private closed = false;

  /** One thread per core, at most two: the export's parts are CPU-bound. */
  constructor(
    private readonly location: WorkerLocation = workerBeside(import.meta.url, 'export.worker'),
    readonly size = Math.max(1, Math.min(2, availableParallelism())),
  ) {
    this.slots = Array.from({ length: size }, () => ({
      worker: null,
      loaded: Promise.resolve(),
      tail: Promise.resolve(),
      running: 0,
    }));
  }

  /**
   * Starts every thread and resolves once each has loaded its modules, so an export does not wait
   * for thread start-up (from the TypeScript sources, tsx compiling the worker: 0.7–0.9 s each).
   * The app calls it at launch; exports work without it.
   */
  async warm(): Promise<void> {
    if (this.closed) return;
    for (const slot of this.slots) this.workerOf(slot);
    await Promise.all(this.slots.map((slot) => slot.loaded));
  }

  /** How an export uses this pool on `dbFile` (see `exportCustomers`). */
  parallelism(dbFile: string, minCustomersPerPart = MIN_CUSTOMERS_PER_PART): ExportParallelism {
    return {
      run: (jobs) => this.runParts(dbFile, jobs),
      parts: this.size,
      minCustomersPerPart,
    };
  }

  /** Writes the parts at the same time, one per thread, and resolves with them in order. */
  runParts(dbFile: string, jobs: readonly ExportPartJob[]): Promise<ExportPart[]> {
    return Promise.all(
      jobs.map((job, index) => this.runOn(this.slots[index % this.slots.length]!, dbFile, job)),
    );
  }

  /** Threads currently alive (for tests and the bench). */
  get threadCount(): number {
    return this.slots.filter((slot) => slot.worker !== null).length;
  }

  async close(): Promise<void> {
    this.closed = true;
    const workers = this.slots.flatMap((slot) => (slot.worker ? [slot.worker] : []));
    for (const slot of this.slots) slot.worker = null;
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  private runOn(slot: Slot, dbFile: string, job: ExportPartJob): Promise<ExportPart> {
    const run = slot.tail.then(() => this.send(slot, dbFile, job));
    slot.tail = run.catch(() => undefined);
    return run;
  }

  private send(slot: Slot, dbFile: string, job: ExportPartJob): Promise<ExportPart> {
    if (this.closed) return Promise.reject(new PatronError('cancelled', 'Patron is shutting down.'));
    const worker = this.workerOf(slot);
    const seq = this.nextSeq++;
    slot.running++;
    worker.ref();
    return new Promise<ExportPart>((resolve, reject) => {
      const finish = (outcome: () => void): void => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        // An idle worker must not keep a process alive (CLI, tests); the pool ends it on close.
        if (--slot.running === 0) worker.unref();
        outcome();
      };
      const onMessage = (reply: ExportWorkerReply): void => {
        if (reply.type === 'ready' || reply.seq !== seq) return;
        if (reply.type === 'failed') {
          const { code, message, details } = reply.error;
          finish(() => reject(new PatronError(code, message, details ? { ...details } : undefined)));
          return;
        }
        finish(() =>
          resolve({
            bytes: Buffer.from(reply.bytes),
            rows: reply.rows,
            stageMs: reply.stageMs,
            schedule: reply.schedule,
          }),
        );
      };
      const onError = (error: Error): void =>
        finish(() => reject(new PatronError('internal', `The export worker failed: ${error.message}`)));
      const onExit = (code: number): void =>
        finish(() => reject(new PatronError('internal', `The export worker stopped early (exit ${code}).`)));
      worker.on('message', onMessage);
      worker.once('error', onError);
      worker.once('exit', onExit);
      const request: ExportPartRequest = { type: 'part', seq, dbFile, job };
      worker.postMessage(request);
    });
  }

  /** The slot's worker, started if it has none (a worker that died is replaced here). */
  private workerOf(slot: Slot): Worker {
    if (slot.worker) return slot.worker;
    const worker = startWorker(this.location);
    slot.worker = worker;
    slot.loaded = new Promise<void>((resolve) => {
      const done = (): void => {
        worker.off('message', onMessage);
        worker.off('exit', done);
        // Held while loading, so a caller awaiting warm() keeps the process alive until then.
        if (slot.running === 0) worker.unref();
        resolve();
      };
      const onMessage = (reply: ExportWorkerReply): void => {
        if (reply.type === 'ready') done();
      };
      worker.on('message', onMessage);
      worker.on('exit', done);
    });
    worker.on('exit', () => {
      if (slot.worker === worker) slot.worker = null;
    });
    // Reported to the job running at the time (if any); never an unhandled 'error' on main.
    worker.on('error', () => undefined);
    return worker;
  }
}
