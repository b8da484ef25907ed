/**
 * SQL of the analysis runs, snapshot and rules (the storage contract shared with the dashboard) and
 * of the analysis settings. The snapshot of a big shop (100k rows) is written in many small
 * transactions while its run is still 'running' (invisible to every reader), and the run becomes
 * visible by one small final transaction; see `copyScratchSnapshot` (snapshot-scratch.repo.ts)
 * and `finishRun`.
 */
import type { ReadableDB, WritableDB } from '../../db/connection';
import type { AnalysisSettings, TimeUnit } from '../../../shared/analysis/settings';
import type {
  DataSufficiency,
  ModelFitSummary,
  RuleLevel,
  ShopAnalysis,
} from '../../../shared/analysis/types';
import type {
  AnalysisRunStatus,
  AnalysisRunSummary,
  AnalysisRunTimings,
} from '../../../shared/contract/analysis';
import { readSetting, writeSetting, deleteSetting } from '../shop/shop.repo';
import { lightShop } from './snapshot-rows';
import { parseReasonShapes, type ReasonShape } from '../../../shared/analysis/reason-codec';

export const ANALYSIS_SETTINGS_KEY = 'analysis.settings';

export function readStoredAnalysisSettings(db: ReadableDB): unknown {
  return readSetting(db, 'shop_settings', ANALYSIS_SETTINGS_KEY);
}

export function writeAnalysisSettings(db: WritableDB, settings: AnalysisSettings, at: string): void {
  writeSetting(db, 'shop_settings', ANALYSIS_SETTINGS_KEY, settings, at);
}

export function deleteAnalysisSettings(db: WritableDB): void {
  deleteSetting(db, 'shop_settings', ANALYSIS_SETTINGS_KEY);
}

export function insertRunningRun(
  db: WritableDB,
  run: { id: string; startedAt: string; asOf: string; timeUnit: TimeUnit; params: AnalysisSettings },
): void {
  db.prepare(
    `INSERT INTO local_analysis_runs (id, status, started_at, as_of, time_unit, params)
     VALUES (?, 'running', ?, ?, ?, ?)`,
  ).run(run.id, run.startedAt, run.asOf, run.timeUnit, JSON.stringify(run.params));
}

export function markRunEnded(
  db: WritableDB,
  id: string,
  status: Exclude<AnalysisRunStatus, 'running' | 'done'>,
  finishedAt: string,
  error: string | null,
): void {
  db.prepare(
    `UPDATE local_analysis_runs SET status = ?, finished_at = ?, error = ? WHERE id = ? AND status = 'running'`,
  ).run(status, finishedAt, error, id);
}

/** Runs left 'running' by a crash or a closed app can never finish: mark them failed. */
export function failAbandonedRuns(db: WritableDB, at: string): number {
  return db
    .prepare(
      `UPDATE local_analysis_runs SET status = 'failed', finished_at = ?, error = 'interrupted'
       WHERE status = 'running'`,
    )
    .run(at).changes;
}

export function runSummaryJson(shop: ShopAnalysis): Record<string, unknown> {
  const light = lightShop(shop);
  return {
    referenceDate: shop.referenceDate,
    timeUnit: shop.timeUnit,
    customers: shop.customers,
    buyers: shop.buyers,
    repeatCustomers: shop.repeatCustomers,
    clvPeriodLength: shop.clvPeriodLength,
    pareto: { headline: light.pareto.headline, curve: light.pareto.curve },
    shopMedianGapDays: shop.shopMedianGapDays,
    ruleBaskets: shop.ruleBaskets,
    categoryRuleBaskets: shop.categoryRuleBaskets,
    clusters: shop.clusters,
    winBack: light.winBack,
    counts: shop.counts,
  };
}

/** Lets queued I/O and timers run between two slices of main-thread work. */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export interface RunFinish {
  readonly shop: ShopAnalysis;
  /** The shapes the rows' compact reasons refer to (see reason-codec.ts). */
  readonly reasonShapes: readonly ReasonShape[];
  readonly finishedAt: string;
  readonly timings: AnalysisRunTimings;
}

/**
 * Makes a run whose rows are written visible: one small transaction stores its rules and record
 * and flips it to 'done'. Then older runs go, a slice at a time.
 *
 * The commit is synchronous=NORMAL, like the slices that wrote the rows: at FULL it would fsync the
 * ~50 MB of rows the WAL holds, on main (a 60 ms stall measured on the 100k seed), or wait for a
 * worker's checkpoint to sync them first (~140 ms, all of it added to the run's time). A run is
 * derived data: a power cut before the checkpoint that follows (the service runs one) can lose the
 * newest run, never a sale or the database's consistency; the run before it then stays in view
 * until the next (the daily schedule, or a recompute).
 */
export async function finishRun(
  db: WritableDB,
  runId: string,
  result: RunFinish,
  exclusive: (work: () => void) => Promise<void>,
  sliceMs = 8,
): Promise<{ commitMs: number; pruneMs: number; visibleAt: number }> {
  let commitMs = 0;
  let visibleAt = 0;
  await exclusive(() => {
    const commitStarted = performance.now();
    const insertRule = db.prepare(
      `INSERT INTO local_analysis_rules (run_id, level, antecedent, consequent, support, confidence, lift)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    relaxedTransaction(db, () => {
      for (const rule of result.shop.rules) {
        insertRule.run(
          runId,
          rule.level,
          JSON.stringify(rule.antecedent),
          rule.consequent,
          rule.support,
          rule.confidence,
          rule.lift,
        );
      }
      const flipped = db
        .prepare(
          `UPDATE local_analysis_runs
           SET status = 'done', finished_at = ?, models = ?, sufficiency = ?, summary = ?, timings = ?,
               reason_shapes = ?
           WHERE id = ? AND status = 'running'`,
        )
        .run(
          result.finishedAt,
          JSON.stringify(result.shop.fits),
          JSON.stringify(result.shop.verdict),
          JSON.stringify(runSummaryJson(result.shop)),
          JSON.stringify(result.timings),
          JSON.stringify(result.reasonShapes),
          runId,
        ).changes;
      // A run that is no longer 'running' (failed at a restart meanwhile) must not become visible.
      if (flipped !== 1) throw new Error('the run is no longer running');
    });
    visibleAt = performance.now();
    commitMs = visibleAt - commitStarted;
  });
  const pruneStarted = performance.now();
  await pruneOldRuns(db, runId, exclusive, sliceMs);
  return { commitMs, pruneMs: performance.now() - pruneStarted, visibleAt };
}

/** One transaction with synchronous=NORMAL for its commit only (the pragma is per connection). */
export function relaxedTransaction(db: WritableDB, work: () => void): void {
  const previous = db.pragma('synchronous', { simple: true }) as number;
  db.pragma('synchronous = NORMAL');
  try {
    db.transaction(work)();
  } finally {
    db.pragma(`synchronous = ${previous}`);
  }
}

/**
 * Deletes a run's snapshot rows in small transactions (yielding between them); the run record
 * stays. For a run that failed or was cancelled while its rows were being written.
 */
export async function deleteRunRows(
  db: WritableDB,
  runId: string,
  exclusive: (work: () => void) => Promise<void>,
  sliceMs = 8,
): Promise<void> {
  const deleteSome = db.prepare(
    `DELETE FROM local_analysis_snapshot WHERE run_id = ? AND customer_id IN
       (SELECT customer_id FROM local_analysis_snapshot WHERE run_id = ? LIMIT 200)`,
  );
  for (;;) {
    let removed = 0;
    await exclusive(() => {
      relaxedTransaction(db, () => {
        const sliceStart = performance.now();
        let last = 0;
        do {
          last = deleteSome.run(runId, runId).changes;
          removed += last;
        } while (last > 0 && performance.now() - sliceStart < sliceMs);
      });
    });
    await yieldToEventLoop();
    if (removed === 0) return;
  }
}

/** Runs that will never be shown (failed, cancelled, interrupted) but may still have rows. */
export function endedRunsWithRows(db: ReadableDB): string[] {
  return db
    .prepare(
      `SELECT r.id FROM local_analysis_runs r WHERE r.status IN ('failed', 'cancelled')
         AND EXISTS (SELECT 1 FROM local_analysis_snapshot s WHERE s.run_id = r.id)`,
    )
    .pluck()
    .all() as string[];
}

/** Keeps the new run and the newest done run before it (for segment movement); drops the rest. */
async function pruneOldRuns(
  db: WritableDB,
  keepRunId: string,
  exclusive: (work: () => void) => Promise<void>,
  sliceMs: number,
): Promise<void> {
  const previous = db
    .prepare(
      `SELECT id FROM local_analysis_runs WHERE status = 'done' AND id != ?
       ORDER BY started_at DESC, id DESC LIMIT 1`,
    )
    .pluck()
    .get(keepRunId) as string | undefined;
  const doomed = db
    .prepare(`SELECT id FROM local_analysis_runs WHERE id NOT IN (?, ?) AND status != 'running'`)
    .pluck()
    .all(keepRunId, previous ?? keepRunId) as string[];
  for (const runId of doomed) {
    await deleteRunRows(db, runId, exclusive, sliceMs);
    // Relaxed like the slices: at synchronous=FULL this one small commit fsynced, on main,
    // everything the prune (and any copy slice since the last checkpoint) had left unsynced in
    // the WAL. With the copy's periodic checkpoints turned off, main stalled 135-299 ms in every
    // run, each stall ending with this commit (traced on the 100k seed). The checkpoint after the
    // run, off main, syncs it instead; a power cut before that can at worst bring back the record
    // of a run whose rows are gone, which the next prune deletes again.
    await exclusive(() => {
      relaxedTransaction(db, () => {
        db.prepare(`DELETE FROM local_analysis_runs WHERE id = ?`).run(runId);
      });
    });
  }
}

interface RunRow {
  id: string;
  status: AnalysisRunStatus;
  started_at: string;
  finished_at: string | null;
  as_of: string;
  time_unit: TimeUnit;
  models: string | null;
  sufficiency: string | null;
  summary: string | null;
  timings: string | null;
  error: string | null;
}

function toRunSummary(row: RunRow): AnalysisRunSummary {
  const summary = row.summary
    ? (JSON.parse(row.summary) as { customers?: number; buyers?: number; repeatCustomers?: number })
    : null;
  return {
    id: row.id,
    status: row.status,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    asOf: row.as_of,
    timeUnit: row.time_unit,
    models: row.models ? (JSON.parse(row.models) as ModelFitSummary) : null,
    sufficiency: row.sufficiency ? (JSON.parse(row.sufficiency) as DataSufficiency) : null,
    customers: summary?.customers ?? null,
    buyers: summary?.buyers ?? null,
    repeatCustomers: summary?.repeatCustomers ?? null,
    timings: row.timings ? (JSON.parse(row.timings) as AnalysisRunTimings) : null,
    error: row.error,
  };
}

const RUN_COLUMNS = `id, status, started_at, finished_at, as_of, time_unit, models, sufficiency, summary, timings, error`;

export function readLatestRun(db: ReadableDB, status: 'done' | 'ended'): AnalysisRunSummary | null {
  const where = status === 'done' ? `status = 'done'` : `status != 'running'`;
  const row = db
    .prepare(
      `SELECT ${RUN_COLUMNS} FROM local_analysis_runs WHERE ${where} ORDER BY started_at DESC, id DESC LIMIT 1`,
    )
    .get() as RunRow | undefined;
  return row ? toRunSummary(row) : null;
}

export function readRun(
  db: ReadableDB,
  id: string,
): (AnalysisRunSummary & { params: AnalysisSettings; summary: unknown }) | null {
  const row = db.prepare(`SELECT ${RUN_COLUMNS}, params FROM local_analysis_runs WHERE id = ?`).get(id) as
    (RunRow & { params: string }) | undefined;
  if (!row) return null;
  return {
    ...toRunSummary(row),
    params: JSON.parse(row.params) as AnalysisSettings,
    summary: row.summary ? (JSON.parse(row.summary) as unknown) : null,
  };
}

export interface SnapshotExportRow {
  customer_id: string;
  member_no: string | null;
  recency_days: number | null;
  frequency: number | null;
  monetary_minor: number | null;
  visits: number | null;
  r_score: number | null;
  f_score: number | null;
  m_score: number | null;
  segment: string | null;
  abc_class: string | null;
  value_tier: string | null;
  lifecycle_stage: string | null;
  loyalty_type: string | null;
  p_alive: number | null;
  expected_purchases: number | null;
  predicted_clv_minor: number | null;
  first_purchase: string | null;
  last_purchase: string | null;
  reasons: string;
}

/** The snapshot of one run with each customer's member number, for `cli analyze --json`. */
export function iterateSnapshotForExport(db: ReadableDB, runId: string): IterableIterator<SnapshotExportRow> {
  return db
    .prepare(
      `SELECT s.customer_id, c.member_no, s.recency_days, s.frequency, s.monetary_minor, s.visits,
              s.r_score, s.f_score, s.m_score, s.segment, s.abc_class, s.value_tier, s.lifecycle_stage,
              s.loyalty_type, s.p_alive, s.expected_purchases, s.predicted_clv_minor,
              s.first_purchase, s.last_purchase, s.reasons
       FROM local_analysis_snapshot s LEFT JOIN customers c ON c.id = s.customer_id
       WHERE s.run_id = ? ORDER BY s.customer_id`,
    )
    .iterate(runId) as IterableIterator<SnapshotExportRow>;
}

export interface StoredRule {
  level: RuleLevel;
  antecedent: string[];
  consequent: string;
  support: number;
  confidence: number;
  lift: number;
}

/** A run's rules, product level first, each level strongest lift first (as the miner ranked them). */
export function readRunRules(db: ReadableDB, runId: string): StoredRule[] {
  const rows = db
    .prepare(
      `SELECT level, antecedent, consequent, support, confidence, lift FROM local_analysis_rules
       WHERE run_id = ? ORDER BY level = 'category', lift DESC, confidence DESC, support DESC`,
    )
    .all(runId) as (Omit<StoredRule, 'antecedent'> & { antecedent: string })[];
  return rows.map((row) => ({ ...row, antecedent: JSON.parse(row.antecedent) as string[] }));
}

/** The reason shapes a run's compact snapshot reasons refer to (null for runs stored before them). */
export function readReasonShapes(db: ReadableDB, runId: string): ReasonShape[] | null {
  const text = db.prepare(`SELECT reason_shapes FROM local_analysis_runs WHERE id = ?`).pluck().get(runId) as
    string | null | undefined;
  return parseReasonShapes(text);
}
