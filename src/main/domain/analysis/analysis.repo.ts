/**
 * SQL of the analysis runs, snapshot and rules (the storage contract shared with the dashboard) and
 * of the analysis settings. The runs and rules are in the shop file, the snapshot in the analysis
 * store beside it (src/main/db/analysis-store.ts). A big shop's snapshot (100k rows) is written by
 * the workers while its run is still 'running' (invisible to every reader; see
 * snapshot-store.repo.ts), and the run becomes visible by one small commit (`finishRun`).
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

export interface RunFinish {
  readonly shop: ShopAnalysis;
  /** The shapes the rows' compact reasons refer to (see reason-codec.ts). */
  readonly reasonShapes: readonly ReasonShape[];
  readonly finishedAt: string;
  readonly timings: AnalysisRunTimings;
}

/**
 * Makes a run whose rows are all in the store visible: one small transaction stores its rules and
 * record and flips it to 'done'. Then older runs go: `deleteRows` has a worker delete their rows
 * from the store (and checkpoint it, which it needs after every run), then their records go.
 */
export async function finishRun(
  db: WritableDB,
  runId: string,
  result: RunFinish,
  exclusive: (work: () => void) => Promise<void>,
  deleteRows: (runIds: readonly string[]) => Promise<void>,
): Promise<{ commitMs: number; pruneMs: number; visibleAt: number }> {
  let commitMs = 0;
  let visibleAt = 0;
  await exclusive(() => {
    const commitStarted = performance.now();
    const insertRule = db.prepare(
      `INSERT INTO local_analysis_rules (run_id, level, antecedent, consequent, support, confidence, lift)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    db.transaction(() => {
      // The worker adds a run's completion line after its last rows; without it, rows are missing.
      const rows = db
        .prepare(`SELECT rows FROM local_analysis_snapshot_runs WHERE run_id = ?`)
        .pluck()
        .get(runId) as number | undefined;
      if (rows === undefined) throw new Error('the run’s snapshot rows are not complete');
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
    })();
    visibleAt = performance.now();
    commitMs = visibleAt - commitStarted;
  });
  const pruneStarted = performance.now();
  const doomed = runsToPrune(db, runId);
  await deleteRows(doomed);
  if (doomed.length > 0) {
    await exclusive(() => {
      const deleteRun = db.prepare(`DELETE FROM local_analysis_runs WHERE id = ?`);
      db.transaction(() => {
        for (const id of doomed) deleteRun.run(id);
      })();
    });
  }
  return { commitMs, pruneMs: performance.now() - pruneStarted, visibleAt };
}

/**
 * Runs that will never be shown (failed, cancelled, interrupted) but may still have rows, and runs
 * the store has rows of but the shop file does not know (a backup restored over a newer shop).
 */
export function endedRunsWithRows(db: ReadableDB): string[] {
  return db
    .prepare(
      `SELECT r.id FROM local_analysis_runs r WHERE r.status IN ('failed', 'cancelled')
         AND (EXISTS (SELECT 1 FROM local_analysis_snapshot s WHERE s.run_id = r.id)
              OR EXISTS (SELECT 1 FROM local_analysis_snapshot_runs m WHERE m.run_id = r.id))
       UNION
       SELECT m.run_id FROM local_analysis_snapshot_runs m
         WHERE NOT EXISTS (SELECT 1 FROM local_analysis_runs r WHERE r.id = m.run_id)`,
    )
    .pluck()
    .all() as string[];
}

/**
 * Done runs whose rows the store does not hold complete (no completion line): a store started
 * afresh, a backup restored after the rows were pruned, a power cut before the store's checkpoint.
 * They can no longer be shown, so they count as failed. Returns how many.
 */
export function failRunsWithoutRows(db: WritableDB): number {
  return db
    .prepare(
      `UPDATE local_analysis_runs SET status = 'failed', error = 'snapshot missing'
       WHERE status = 'done'
         AND NOT EXISTS (SELECT 1 FROM local_analysis_snapshot_runs m WHERE m.run_id = local_analysis_runs.id)`,
    )
    .run().changes;
}

/** The runs a prune drops: all but the new run and the newest done run before it (for segment movement). */
function runsToPrune(db: ReadableDB, keepRunId: string): string[] {
  const previous = db
    .prepare(
      `SELECT id FROM local_analysis_runs WHERE status = 'done' AND id != ?
       ORDER BY started_at DESC, id DESC LIMIT 1`,
    )
    .pluck()
    .get(keepRunId) as string | undefined;
  return db
    .prepare(`SELECT id FROM local_analysis_runs WHERE id NOT IN (?, ?) AND status != 'running'`)
    .pluck()
    .all(keepRunId, previous ?? keepRunId) as string[];
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
