/**
 * Keeps the Loyalty screen's stored figures fresh in the background: after an analysis run
 * finishes, and 30 s after purchases, interactions or complaints last changed, a worker recomputes
 * the default period's figures that are missing or stale, and main stores those still current. The screen's next
 * open then reads them instead of computing for seconds on main.
 */
import type { Worker } from 'node:worker_threads';
import type { CoreContext } from '../../core/context';
import { logger } from '../../core/logger';
import { startWorker, workerBeside, type WorkerLocation } from '../../workers/location';
import { readProfile } from '../shop/shop.service';
import { readAggregate } from './loyalty.repo';
import { currentAggregateKeys, type LoyaltyAggregateStore, type StoredAggregate } from './loyalty.service';

export interface WarmJob {
  readonly dbFile: string;
  /** ISO instant of the core's clock: the default period ends on its day. */
  readonly today: string;
  readonly timeZone: string;
  /** Only the kinds whose stored figures are missing or stale (a sale leaves the snapshot alone). */
  readonly kinds: readonly string[];
}

export type WarmReply =
  | { readonly ok: true; readonly entries: readonly StoredAggregate[] }
  | { readonly ok: false; readonly message: string };

/** Tables whose writes change the period figures (the ones migration 0005's triggers watch). */
const PERIOD_TABLES = new Set(['purchases', 'interactions', 'complaints']);
/**
 * A burst of sales or an import gives one recomputation, not one per write; a busy till does not
 * keep a core busy recomputing figures nobody is looking at.
 */
const CHANGE_DEBOUNCE_MS = 30_000;

export class LoyaltyWarmUp {
  private timer: NodeJS.Timeout | null = null;
  private worker: Worker | null = null;
  private running = false;
  private pending = false;
  private disposed = false;
  private readonly unsubscribe: (() => void)[] = [];
  private idle: Promise<void> = Promise.resolve();

  constructor(
    private readonly ctx: CoreContext,
    /** Looked up per use: a restore replaces the store with the connection (loyalty.commands). */
    private readonly store: () => LoyaltyAggregateStore,
    private readonly location: WorkerLocation = workerBeside(import.meta.url, 'loyalty.worker'),
  ) {
    if (ctx.dbFile === ':memory:') return;
    this.unsubscribe.push(
      ctx.events.on('analysis.done', ({ status }) => {
        if (status === 'done') this.request(0);
      }),
      ctx.events.on('db.changed', ({ tables }) => {
        if (tables.some((t) => PERIOD_TABLES.has(t))) this.request(CHANGE_DEBOUNCE_MS);
      }),
    );
  }

  /** Schedules a warm-up; one already running is followed by one more, never run twice at once. */
  request(delayMs: number): void {
    if (this.disposed || this.ctx.dbFile === ':memory:') return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.startNow();
    }, delayMs);
    this.timer.unref();
  }

  /**
   * Brings the default period's stored figures up to date now, in the worker, and resolves when
   * they are: a screen opened right after a sale waits a few seconds for the worker instead of
   * freezing main (and every other window's commands) while main computes them itself.
   */
  async refreshNow(): Promise<void> {
    if (this.disposed || this.ctx.dbFile === ':memory:') return;
    this.startNow();
    await this.idle;
  }

  /** Runs a scheduled warm-up now and resolves when none is left (tests, benchmark). */
  async settle(): Promise<void> {
    if (this.timer) this.startNow();
    await this.idle;
  }

  /** Cancels a scheduled warm-up and starts one now (or right after the one running). */
  private startNow(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.running) this.pending = true;
    else this.idle = this.run();
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      do {
        this.pending = false;
        await this.warmOnce();
      } while (this.pending && !this.disposed);
    } finally {
      this.running = false;
    }
  }

  private async warmOnce(): Promise<void> {
    const profile = readProfile(this.ctx.db);
    if (!profile) return;
    const today = this.ctx.clock();
    const kinds = currentAggregateKeys(this.ctx.db, today, profile.timezone)
      .filter((k) => readAggregate(this.ctx.db, k.kind, k.key)?.version !== k.version)
      .map((k) => k.kind);
    if (kinds.length === 0) return;
    const job: WarmJob = {
      dbFile: this.ctx.dbFile,
      today: today.toISOString(),
      timeZone: profile.timezone,
      kinds,
    };
    let reply: WarmReply;
    try {
      reply = await this.compute(job);
    } catch (error) {
      if (!this.disposed)
        logger.warn('loyalty warm-up failed', error instanceof Error ? error.message : String(error));
      return;
    }
    if (this.disposed) return;
    if (!reply.ok) {
      logger.warn('loyalty warm-up failed', reply.message);
      return;
    }
    // Only what still matches the file now: a sale or a run that landed meanwhile wins.
    const current = new Set(
      currentAggregateKeys(this.ctx.db, new Date(job.today), job.timeZone).map(
        (k) => `${k.kind}\u0000${k.key}\u0000${k.version}`,
      ),
    );
    for (const entry of reply.entries)
      if (current.has(`${entry.kind}\u0000${entry.key}\u0000${entry.version}`))
        this.store().putSerialized(entry);
  }

  private compute(job: WarmJob): Promise<WarmReply> {
    return new Promise<WarmReply>((resolve, reject) => {
      const worker = startWorker(this.location);
      this.worker = worker;
      const done = (): void => {
        this.worker = null;
        void worker.terminate();
      };
      worker.once('message', (reply: WarmReply) => {
        done();
        resolve(reply);
      });
      worker.once('error', (error) => {
        done();
        reject(error);
      });
      worker.once('exit', (code) => reject(new Error(`loyalty worker exited (${code})`)));
      worker.postMessage(job);
    });
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const off of this.unsubscribe.splice(0)) off();
    await this.worker?.terminate();
  }
}
