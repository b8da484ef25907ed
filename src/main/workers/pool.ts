/**
 * A small pool of analysis worker threads. Workers are started lazily, kept warm between jobs and
 * replaced when a job is cancelled: the maths run synchronously inside the worker, so the only
 * prompt way to stop a job is to terminate its thread.
 */
import { MessageChannel, type Worker } from 'node:worker_threads';
import type { ShopAnalysis } from '../../shared/analysis/types';
import type { ReasonShape } from '../../shared/analysis/reason-codec';
import { PatronError } from '../../shared/errors';
import { startWorker, type WorkerLocation } from './location';
import type { AnalysisJob, MainToWorker, WorkerStage, WorkerStats, WorkerToMain } from './protocol';

export interface JobProgress {
  readonly stage: WorkerStage;
  readonly done: number;
  readonly total: number;
}

export interface RunOptions {
  readonly onProgress?: (progress: JobProgress) => void;
  /** Told each time the worker has committed more snapshot rows to the analysis store. */
  readonly onRows?: (rows: number, total: number) => void;
  readonly signal?: AbortSignal;
}

export interface JobOutcome {
  readonly shop: ShopAnalysis;
  /** Snapshot rows the job wrote to the analysis store. */
  readonly rowCount: number;
  readonly reasonShapes: readonly ReasonShape[];
  readonly stats: WorkerStats;
}

interface Slot {
  readonly worker: Worker;
  busy: boolean;
}

export class AnalysisWorkerPool {
  private readonly idle: Slot[] = [];
  private readonly all = new Set<Slot>();
  private readonly waiting: ((slot: Slot) => void)[] = [];
  private nextSeq = 1;
  private closed = false;

  constructor(
    private readonly location: WorkerLocation,
    private readonly size = 1,
  ) {}

  /**
   * Runs one job on a free worker (waiting for one if all are busy). With room for two workers, a
   * second one reads part of the customers at the same time (see `read-part` in protocol.ts): the
   * read is most of a big shop's analysis and SQLite's stepping is single-threaded per connection.
   */
  async run(job: AnalysisJob, options: RunOptions = {}): Promise<JobOutcome> {
    if (options.signal?.aborted) throw cancelled();
    const slot = await this.acquire();
    const helper = this.size >= 2 ? await this.acquire() : null;
    const seq = this.nextSeq++;
    return new Promise<JobOutcome>((resolve, reject) => {
      let settled = false;
      let helperBusy = helper !== null;
      let received = 0;
      const detachHelper = (): void => {
        if (!helper) return;
        helper.worker.off('message', onHelperMessage);
        helper.worker.off('error', onError);
        helper.worker.off('exit', onHelperExit);
      };
      /**
       * `helperFinishing`: the job succeeded, so a helper not yet heard from is only about to say
       * it is done (its last reply to the analysing worker and its 'part-done' to main race each
       * other here); it is released then. Stopping it instead cost the next run a thread start.
       */
      const finish = (keepWorker: boolean, helperFinishing = false): void => {
        settled = true;
        slot.worker.off('message', onMessage);
        slot.worker.off('error', onError);
        slot.worker.off('exit', onExit);
        options.signal?.removeEventListener('abort', onAbort);
        if (keepWorker) this.release(slot);
        else this.discard(slot);
        if (helper && helperBusy && helperFinishing) return;
        detachHelper();
        // A helper still busy when the job ends (failed or cancelled) is stopped like the worker.
        if (helper && helperBusy) this.discard(helper);
      };
      const onHelperMessage = (message: WorkerToMain): void => {
        if (message.type === 'ready' || message.seq !== seq) return;
        if (message.type === 'part-done') {
          helperBusy = false;
          detachHelper();
          this.release(helper!);
        } else if (message.type === 'error' && !settled) {
          finish(false);
          reject(new PatronError('internal', `The analysis failed: ${message.message}`));
        }
      };
      const onHelperExit = (code: number): void => {
        if (!settled) {
          onExit(code);
        } else if (helperBusy) {
          // Gone after the job succeeded but before it said it was done.
          helperBusy = false;
          detachHelper();
          this.discard(helper!);
        }
      };
      const onMessage = (message: WorkerToMain): void => {
        if (settled || message.type === 'ready' || message.seq !== seq) return;
        if (message.type === 'rows') {
          if (message.rows < received) {
            finish(false);
            reject(new PatronError('internal', 'The analysis worker reported snapshot rows out of order.'));
            return;
          }
          received = message.rows;
          options.onRows?.(message.rows, message.total);
        } else if (message.type === 'progress') {
          options.onProgress?.({ stage: message.stage, done: message.done, total: message.total });
        } else if (message.type === 'result') {
          finish(true, true);
          if (received !== message.rowCount) {
            reject(new PatronError('internal', 'The analysis worker lost snapshot rows on the way.'));
            return;
          }
          resolve({
            shop: message.shop,
            rowCount: message.rowCount,
            reasonShapes: message.reasonShapes,
            stats: message.stats,
          });
        } else if (message.type === 'error') {
          finish(true);
          reject(
            new PatronError('internal', `The analysis failed: ${message.message}`, { code: message.code }),
          );
        }
      };
      const onError = (error: Error): void => {
        if (settled) return;
        finish(false);
        reject(new PatronError('internal', `The analysis worker crashed: ${error.message}`));
      };
      const onExit = (code: number): void => {
        if (settled) return;
        finish(false);
        reject(new PatronError('internal', `The analysis worker stopped unexpectedly (exit ${code}).`));
      };
      const onAbort = (): void => {
        if (settled) return;
        finish(false);
        reject(cancelled());
      };
      slot.worker.on('message', onMessage);
      slot.worker.on('error', onError);
      slot.worker.on('exit', onExit);
      options.signal?.addEventListener('abort', onAbort, { once: true });
      if (helper) {
        const channel = new MessageChannel();
        helper.worker.on('message', onHelperMessage);
        helper.worker.on('error', onError);
        helper.worker.on('exit', onHelperExit);
        const partJob: MainToWorker = { type: 'read-part', seq, job, port: channel.port2 };
        helper.worker.postMessage(partJob, [channel.port2]);
        const message: MainToWorker = { type: 'analyze', seq, job, helper: channel.port1 };
        slot.worker.postMessage(message, [channel.port1]);
      } else {
        const message: MainToWorker = { type: 'analyze', seq, job };
        slot.worker.postMessage(message);
      }
    });
  }

  /**
   * Has a worker delete these runs' rows from the shop's analysis store and checkpoint it (see
   * deleteStoredRuns). Resolves with the rows deleted.
   */
  async pruneSnapshot(dbFile: string, runIds: readonly string[]): Promise<number> {
    const slot = await this.acquire();
    const seq = this.nextSeq++;
    let exited = false;
    try {
      return await new Promise<number>((resolve, reject) => {
        const done = (): void => {
          slot.worker.off('message', onMessage);
          slot.worker.off('exit', onExit);
        };
        const onMessage = (message: WorkerToMain): void => {
          if (message.type !== 'pruned' || message.seq !== seq) return;
          done();
          if (message.error)
            reject(new PatronError('internal', `Old analysis rows could not be deleted: ${message.error}`));
          else resolve(message.rows);
        };
        const onExit = (): void => {
          exited = true;
          done();
          reject(new PatronError('internal', 'The analysis worker stopped while deleting old rows.'));
        };
        slot.worker.on('message', onMessage);
        slot.worker.on('exit', onExit);
        const message: MainToWorker = { type: 'prune-snapshot', seq, dbFile, runIds };
        slot.worker.postMessage(message);
      });
    } finally {
      if (exited) this.discard(slot);
      else this.release(slot);
    }
  }

  /**
   * Starts every thread the pool may use and resolves once each has loaded its modules, so the
   * first job does not wait for thread start-up (from the TypeScript sources that is tsx compiling
   * the worker's module graph, measured at 0.7–0.9 s per thread on a busy machine). The app calls
   * it at launch; jobs work without it.
   */
  async warm(): Promise<void> {
    const loading: Promise<void>[] = [];
    while (!this.closed && this.all.size < this.size) {
      const slot = this.spawn();
      loading.push(
        new Promise<void>((resolve) => {
          const onMessage = (message: WorkerToMain): void => {
            if (message.type !== 'ready') return;
            done();
          };
          const done = (): void => {
            slot.worker.off('message', onMessage);
            slot.worker.off('exit', done);
            resolve();
          };
          slot.worker.on('message', onMessage);
          slot.worker.on('exit', done);
        }),
      );
      this.release(slot);
    }
    await Promise.all(loading);
  }

  /** Threads currently alive (for tests and the bench). */
  get threadCount(): number {
    return this.all.size;
  }

  async close(): Promise<void> {
    this.closed = true;
    const workers = [...this.all].map((slot) => slot.worker);
    this.all.clear();
    this.idle.length = 0;
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  private acquire(): Promise<Slot> {
    if (this.closed) return Promise.reject(new PatronError('internal', 'The analysis pool is closed.'));
    const free = this.idle.pop();
    if (free) {
      free.busy = true;
      return Promise.resolve(free);
    }
    if (this.all.size < this.size) return Promise.resolve(this.spawn());
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** A new thread in the pool, marked busy. */
  private spawn(): Slot {
    const slot: Slot = {
      worker: startWorker(this.location),
      busy: true,
    };
    // A crash while idle must not leave a dead worker in the pool.
    slot.worker.on('exit', () => {
      if (!slot.busy) this.discard(slot);
    });
    slot.worker.on('error', () => undefined);
    this.all.add(slot);
    return slot;
  }

  private release(slot: Slot): void {
    const next = this.waiting.shift();
    if (next) {
      next(slot);
      return;
    }
    slot.busy = false;
    this.idle.push(slot);
  }

  private discard(slot: Slot): void {
    if (!this.all.delete(slot)) return;
    const index = this.idle.indexOf(slot);
    if (index >= 0) this.idle.splice(index, 1);
    void slot.worker.terminate();
    // Someone waiting gets a fresh worker in the freed place.
    const next = this.waiting.shift();
    if (next && !this.closed) void this.acquire().then(next);
  }
}

function cancelled(): PatronError {
  return new PatronError('cancelled', 'The analysis was cancelled.');
}
