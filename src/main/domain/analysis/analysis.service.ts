/**
 * The analysis service of one shop (one per core): at most one run at a time, computed in a worker
 * thread (a second one reading part of the customers), whose rows the workers write into the
 * analysis store and which main makes visible by one small commit, with progress events,
 * cancellation, a debounced re-run after imports and a daily schedule.
 */
import { availableParallelism } from 'node:os';
import type { CoreContext } from '../../core/context';
import { readProfile } from '../shop/shop.service';
import { logger } from '../../core/logger';
import { newId, nowIso } from '../../db/ids';
import { AnalysisWorkerPool, type JobProgress } from '../../workers/pool';
import { defaultAnalysisWorkerLocation, type WorkerLocation } from '../../workers/location';
import type { WorkerStats } from '../../workers/protocol';
import { analysisStages, type ShopAnalysis } from '../../../shared/analysis/types';
import {
  analysisSettingsSchema,
  defaultAnalysisSettings,
  type AnalysisSettings,
  type TimeUnit,
} from '../../../shared/analysis/settings';
import type {
  AnalysisProgressStage,
  AnalysisRunTimings,
  AnalysisRunning,
  AnalysisStatus,
  AnalysisTrigger,
} from '../../../shared/contract/analysis';
import { PatronError } from '../../../shared/errors';
import { requireProfile } from '../shop/shop.service';
import {
  endedRunsWithRows,
  failAbandonedRuns,
  failRunsWithoutRows,
  insertRunningRun,
  markRunEnded,
  finishRun,
  readLatestRun,
  readStoredAnalysisSettings,
} from './analysis.repo';
import type { SnapshotProgress } from './snapshot-store.repo';
import { localDayConverter } from './local-day';

const MS_PER_DAY = 86_400_000;
/** Imports often come in bursts (several files); one run after the last is enough. */
export const IMPORT_DEBOUNCE_MS = 3_000;
/** Progress events at most this often (stage changes always go out). */
const PROGRESS_INTERVAL_MS = 100;

let configuredLocation: WorkerLocation | null = null;

/** The composition root (Electron main) names the bundled worker file; sources find it themselves. */
export function configureAnalysisWorker(location: WorkerLocation): void {
  configuredLocation = location;
}

export interface RunOutcome {
  readonly runId: string;
  readonly status: 'done' | 'failed' | 'cancelled';
  readonly shop: ShopAnalysis | null;
  readonly stats: WorkerStats | null;
  readonly timings: AnalysisRunTimings | null;
  /** Main-thread time of the final COMMIT (not stored: it happens after the run record is written). */
  readonly commitMs: number | null;
  /** How the snapshot write went, seen from main (not stored). */
  readonly write: (RowWriteStats & { readonly commitMs: number; readonly pruneMs: number }) | null;
  /** From start to the commit that made the run visible as done. */
  readonly visibleMs: number | null;
  readonly error: string | null;
}

export interface RowWriteStats {
  /** From the start of the last stage the analysing worker reported to the last committed batch. */
  readonly writeMs: number;
  readonly rows: number;
}

interface ActiveRun {
  readonly runId: string;
  readonly startedAt: string;
  readonly trigger: AnalysisTrigger;
  readonly abort: AbortController;
  readonly done: Promise<RunOutcome>;
  stage: AnalysisProgressStage;
  percent: number;
}

export interface StartOptions {
  readonly asOf?: string | undefined;
  readonly timeUnit?: TimeUnit;
}

export function readAnalysisSettings(ctx: Pick<CoreContext, 'db'>): AnalysisSettings {
  const stored = readStoredAnalysisSettings(ctx.db);
  if (stored === undefined) return defaultAnalysisSettings;
  const parsed = analysisSettingsSchema.safeParse(stored);
  // Settings written by a newer or older Patron that no longer validate fall back to the defaults
  // rather than blocking every analysis.
  return parsed.success ? parsed.data : defaultAnalysisSettings;
}

/** Today's date in the shop's time zone. */
export function shopToday(ctx: Pick<CoreContext, 'clock'>, timeZone: string): string {
  const day = localDayConverter(timeZone)(ctx.clock().toISOString());
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export class AnalysisService {
  private active: ActiveRun | null = null;
  private importTimer: NodeJS.Timeout | null = null;
  private scheduleTimer: NodeJS.Timeout | null = null;
  private disposed = false;
  /** Removing rows of runs that ended without becoming visible (crash, failure, cancel). */
  private cleanup: Promise<void> = Promise.resolve();

  constructor(
    private readonly ctx: CoreContext,
    private readonly pool: AnalysisWorkerPool,
  ) {
    // Only this process writes runs, so one still 'running' now was cut off by a crash or exit;
    // its half-written rows were never visible (readers see 'done' runs only).
    ctx.db.transaction(() => failAbandonedRuns(ctx.db, nowIso(ctx.clock)))();
    this.reconcileStore();
  }

  /**
   * Squares the runs on record with the rows the analysis store holds, at start and after a
   * restore put another shop file in place. A done run whose rows the store does not hold complete
   * (a store started afresh, a backup restored after its rows were pruned, a power cut before the
   * store's checkpoint) can no longer be shown: it counts as failed, and a new run is asked for.
   * Rows of runs that will never be shown, or that the shop file does not know, go in the
   * background, on a worker.
   */
  reconcileStore(): void {
    let lost = 0;
    this.ctx.db.transaction(() => {
      lost = failRunsWithoutRows(this.ctx.db);
    })();
    if (lost > 0) {
      logger.warn('analysis runs without their rows marked failed', String(lost));
      this.requestRun('schedule', 0);
    }
    const leftovers = endedRunsWithRows(this.ctx.db);
    if (leftovers.length > 0) this.removeRowsOf(leftovers);
  }

  /** Resolves once rows of runs that ended without becoming visible are removed (for tests). */
  settled(): Promise<void> {
    return this.cleanup;
  }

  /** Writes a slice while holding the write gate; refuses once the service is closing. */
  private readonly exclusive = (work: () => void): Promise<void> =>
    this.ctx.writeGate.exclusive(() => {
      if (this.disposed && !this.active)
        throw new PatronError('cancelled', 'The analysis service is closed.');
      work();
    });

  /** Old runs' rows go on a worker: main never writes the analysis store. */
  private readonly deleteRows = async (runIds: readonly string[]): Promise<void> => {
    await this.pool.pruneSnapshot(this.ctx.dbFile, runIds);
  };

  private removeRowsOf(runIds: readonly string[]): void {
    this.cleanup = this.cleanup
      .then(async () => {
        await this.deleteRows(runIds);
      })
      .catch(() => {
        // Closing meanwhile: whatever is left goes at the next start or with the next run's pruning.
      });
  }

  /** Starts a run, or returns the one already going (one run at a time per shop). */
  start(
    trigger: AnalysisTrigger,
    options: StartOptions = {},
  ): { runId: string; alreadyRunning: boolean; done: Promise<RunOutcome> } {
    if (this.disposed) throw new PatronError('internal', 'The analysis service is closed.');
    if (this.active) return { runId: this.active.runId, alreadyRunning: true, done: this.active.done };
    const profile = requireProfile(this.ctx.db);
    const settings = readAnalysisSettings(this.ctx);
    const asOf = options.asOf ?? shopToday(this.ctx, profile.timezone);
    const timeUnit = options.timeUnit ?? 'day';
    const runId = newId();
    const startedAt = nowIso(this.ctx.clock);
    // The 'running' row is written at once (a short transaction), so the status survives a reload.
    this.ctx.db.transaction(() =>
      insertRunningRun(this.ctx.db, { id: runId, startedAt, asOf, timeUnit, params: settings }),
    )();
    const abort = new AbortController();
    let resolveDone: (outcome: RunOutcome) => void = () => undefined;
    const done = new Promise<RunOutcome>((resolve) => (resolveDone = resolve));
    const run: ActiveRun = { runId, startedAt, trigger, abort, done, stage: 'start', percent: 0 };
    this.active = run;
    this.emitProgress(run, 'start', 0, true);
    void this.execute(run, { settings, asOf, timeUnit, timeZone: profile.timezone }).then((outcome) => {
      if (this.active === run) this.active = null;
      this.ctx.events.emit('analysis.done', {
        runId,
        status: outcome.status,
        ...(outcome.error ? { error: outcome.error } : {}),
      });
      this.ctx.events.emit('db.changed', {
        tables: ['local_analysis_runs', 'local_analysis_snapshot', 'local_analysis_rules'],
      });
      resolveDone(outcome);
    });
    return { runId, alreadyRunning: false, done };
  }

  cancel(): boolean {
    if (!this.active) return false;
    this.active.abort.abort();
    return true;
  }

  running(): AnalysisRunning | null {
    const run = this.active;
    return run
      ? {
          runId: run.runId,
          startedAt: run.startedAt,
          trigger: run.trigger,
          stage: run.stage,
          percent: run.percent,
        }
      : null;
  }

  status(): AnalysisStatus {
    return {
      running: this.running(),
      latest: readLatestRun(this.ctx.db, 'done'),
      lastAttempt: readLatestRun(this.ctx.db, 'ended'),
    };
  }

  /** Debounced re-run, e.g. after an import; a burst of requests gives one run after the last. */
  requestRun(trigger: AnalysisTrigger, debounceMs = IMPORT_DEBOUNCE_MS): void {
    if (this.disposed) return;
    if (this.importTimer) clearTimeout(this.importTimer);
    this.importTimer = setTimeout(() => {
      this.importTimer = null;
      this.startQuietly(trigger);
    }, debounceMs);
    this.importTimer.unref();
  }

  /**
   * Runs once at start when the newest run is older than `maxAgeMs` (or there is none), then checks
   * every hour so an app left open recomputes once a day.
   */
  /** Starts the worker threads ahead of the first run (see AnalysisWorkerPool.warm). */
  warmWorkers(): Promise<void> {
    return this.pool.warm();
  }

  startSchedule(maxAgeMs = MS_PER_DAY, checkEveryMs = 3_600_000): void {
    if (this.scheduleTimer || this.disposed) return;
    const check = (): void => {
      // A shop still at first run has nothing to analyse.
      if (!readProfile(this.ctx.db)) return;
      const latest = readLatestRun(this.ctx.db, 'done');
      const age = latest
        ? this.ctx.clock().getTime() - Date.parse(latest.startedAt)
        : Number.POSITIVE_INFINITY;
      if (age >= maxAgeMs) this.startQuietly('schedule');
    };
    check();
    this.scheduleTimer = setInterval(check, checkEveryMs);
    this.scheduleTimer.unref();
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    if (this.importTimer) clearTimeout(this.importTimer);
    if (this.scheduleTimer) clearInterval(this.scheduleTimer);
    const run = this.active;
    if (run) {
      run.abort.abort();
      await run.done;
    }
    await this.cleanup;
    await this.pool.close();
  }

  private startQuietly(trigger: AnalysisTrigger): void {
    try {
      this.start(trigger);
    } catch (error) {
      // An unset-up shop has nothing to analyse; anything else is worth a log line.
      if (!(error instanceof PatronError && error.code === 'not_initialized')) {
        logger.warn('analysis could not start', error instanceof Error ? error.name : 'unknown');
      }
    }
  }

  private async execute(
    run: ActiveRun,
    job: { settings: AnalysisSettings; asOf: string; timeUnit: TimeUnit; timeZone: string },
  ): Promise<RunOutcome> {
    const started = performance.now();
    // Rows of ended runs still being deleted from the store go first: that worker and this run's
    // writer would take turns at the store's write lock.
    await this.cleanup;
    const rowStats = { computedAt: started, lastAt: started, rows: 0 };
    try {
      if (run.abort.signal.aborted) throw new PatronError('cancelled', 'The analysis was cancelled.');
      const { shop, reasonShapes, stats } = await this.pool.run(
        { dbFile: this.ctx.dbFile, runId: run.runId, ...job },
        {
          signal: run.abort.signal,
          onProgress: (progress) => {
            if (progress.stage !== 'read') rowStats.computedAt = performance.now();
            this.onWorkerProgress(run, progress);
          },
          onRows: (rows, total) => this.onRows(run, rowStats, { rows, total }),
        },
      );
      const write: RowWriteStats = {
        writeMs: Math.max(0, rowStats.lastAt - rowStats.computedAt),
        rows: rowStats.rows,
      };
      const timings: AnalysisRunTimings = {
        stages: shop.timings,
        totalMs: performance.now() - started,
        readMs: stats.readMs,
        computeMs: stats.computeMs,
        serializeMs: stats.serializeMs,
        writeMs: write.writeMs,
        peakWorkerHeapBytes: stats.peakHeapBytes,
        trigger: run.trigger,
      };
      if (run.abort.signal.aborted) throw new PatronError('cancelled', 'The analysis was cancelled.');
      const { commitMs, pruneMs, visibleAt } = await finishRun(
        this.ctx.db,
        run.runId,
        { shop, reasonShapes, finishedAt: nowIso(this.ctx.clock), timings },
        this.exclusive,
        this.deleteRows,
      );
      this.emitProgress(run, 'write', 100);
      return {
        runId: run.runId,
        status: 'done',
        shop,
        stats,
        timings,
        commitMs,
        write: { ...write, commitMs, pruneMs },
        visibleMs: visibleAt - started,
        error: null,
      };
    } catch (error) {
      const isCancel = error instanceof PatronError && error.code === 'cancelled';
      const message = isCancel ? null : error instanceof Error ? error.message : String(error);
      if (!isCancel) logger.warn('analysis run failed', error instanceof Error ? error.name : 'unknown');
      try {
        await this.ctx.writeGate.shared(() =>
          this.ctx.db.transaction(() =>
            markRunEnded(
              this.ctx.db,
              run.runId,
              isCancel ? 'cancelled' : 'failed',
              nowIso(this.ctx.clock),
              message,
            ),
          )(),
        );
      } catch {
        // The core may be closing; the run is marked failed at the next start.
      }
      // Rows written before the failure or cancel were never visible; a worker deletes them.
      this.removeRowsOf([run.runId]);
      return {
        runId: run.runId,
        status: isCancel ? 'cancelled' : 'failed',
        shop: null,
        stats: null,
        timings: null,
        commitMs: null,
        write: null,
        visibleMs: null,
        error: message,
      };
    }
  }

  /** A batch of rows is in the store: the last 15 % of the progress bar. */
  private onRows(run: ActiveRun, stats: { lastAt: number; rows: number }, progress: SnapshotProgress): void {
    stats.lastAt = performance.now();
    stats.rows = progress.rows;
    this.emitProgress(run, 'write', 85 + (15 * progress.rows) / Math.max(1, progress.total));
  }

  private onWorkerProgress(run: ActiveRun, progress: JobProgress): void {
    if (progress.stage === 'read') {
      this.emitProgress(run, 'read', 2 + (48 * progress.done) / Math.max(1, progress.total));
      return;
    }
    const index = analysisStages.indexOf(progress.stage);
    this.emitProgress(
      run,
      'compute',
      50 + (35 * Math.max(0, index)) / analysisStages.length,
      true,
      progress.stage,
    );
  }

  private lastEmit = 0;

  private emitProgress(
    run: ActiveRun,
    stage: AnalysisProgressStage,
    percent: number,
    force = false,
    detail?: string,
  ): void {
    const stageChanged = run.stage !== stage;
    run.stage = stage;
    run.percent = Math.min(100, Math.max(run.percent, Math.round(percent)));
    const now = performance.now();
    if (!force && !stageChanged && now - this.lastEmit < PROGRESS_INTERVAL_MS) return;
    this.lastEmit = now;
    this.ctx.events.emit('analysis.progress', {
      runId: run.runId,
      stage: detail ?? stage,
      done: run.percent,
      total: 100,
    });
  }
}

/** The shop's analysis service, created on first use and closed with the core. */
export function analysisService(ctx: CoreContext): AnalysisService {
  return ctx.singleton(
    'analysis.service',
    () =>
      new AnalysisService(
        ctx,
        // Two threads where there are two cores: the second reads part of the customers at once.
        new AnalysisWorkerPool(
          configuredLocation ?? defaultAnalysisWorkerLocation(),
          Math.min(2, availableParallelism()),
        ),
      ),
    (service) => service.dispose(),
  );
}

/**
 * For the import code: ask for a fresh analysis after new purchases landed. Debounced, so a burst
 * of imports gives one run, and never throws.
 */
export function requestAnalysis(ctx: CoreContext, trigger: AnalysisTrigger = 'import'): void {
  analysisService(ctx).requestRun(trigger);
}

/**
 * For the composition root (preview server, desktop app): start the analysis threads, so a
 * recompute does not wait for them, and the daily schedule.
 */
export function startAnalysisSchedule(ctx: CoreContext): void {
  const service = analysisService(ctx);
  void service.warmWorkers();
  service.startSchedule();
}
