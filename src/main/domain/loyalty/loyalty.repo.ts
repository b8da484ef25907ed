/**
 * Every query behind the Loyalty screen. Snapshot queries read one stored analysis run; period
 * queries read the raw tables between two UTC instants [fromIso, toIso) (the shop-local midnights
 * that open and close the period).
 */
import type { ReadableDB, WritableDB } from '../../db/connection';

export interface RunRow {
  id: string;
  finished_at: string | null;
  as_of: string;
  sufficiency: string | null;
  summary: string | null;
  /** The run's settings (JSON of AnalysisSettings). */
  params: string;
}

/** The newest two finished runs, newest first. */
export function latestRuns(db: ReadableDB): RunRow[] {
  return db
    .prepare(
      `SELECT id, finished_at, as_of, sufficiency, summary, params FROM local_analysis_runs
       WHERE status = 'done' ORDER BY finished_at DESC, id DESC LIMIT 2`,
    )
    .all() as RunRow[];
}

export interface SnapshotGroupRow {
  r: number | null;
  f: number | null;
  segment: string | null;
  abc: string | null;
  tier: string | null;
  stage: string | null;
  loyalty: string | null;
  at_risk: number;
  customers: number;
  purchases: number;
  revenue: number;
  stake: number;
}

/**
 * One pass over a run grouped by every label at once; the service folds the few thousand groups
 * into each chart (cheaper than one scan per chart at 100k customers).
 */
export function snapshotGroups(db: ReadableDB, runId: string): SnapshotGroupRow[] {
  return db
    .prepare(
      `SELECT r_score AS r, f_score AS f, segment, abc_class AS abc, value_tier AS tier,
              lifecycle_stage AS stage, loyalty_type AS loyalty, at_risk,
              COUNT(*) AS customers, COALESCE(SUM(frequency), 0) AS purchases,
              COALESCE(SUM(monetary_minor), 0) AS revenue, SUM(COALESCE(value_at_stake_minor, 0)) AS stake
       FROM local_analysis_snapshot WHERE run_id = ?
       GROUP BY r_score, f_score, segment, abc_class, value_tier, lifecycle_stage, loyalty_type, at_risk`,
    )
    .all(runId) as SnapshotGroupRow[];
}

export function segmentCounts(db: ReadableDB, runId: string): { segment: string; customers: number }[] {
  return db
    .prepare(
      `SELECT segment, COUNT(*) AS customers FROM local_analysis_snapshot
       WHERE run_id = ? AND segment IS NOT NULL GROUP BY segment`,
    )
    .all(runId) as { segment: string; customers: number }[];
}

/** Buyers' spend, largest first, for the Pareto curve when the run summary has none. */
export function monetaryDescending(db: ReadableDB, runId: string): number[] {
  return db
    .prepare(
      `SELECT monetary_minor FROM local_analysis_snapshot
       WHERE run_id = ? AND frequency > 0 ORDER BY monetary_minor DESC`,
    )
    .pluck()
    .all(runId) as number[];
}

export function pAliveDeciles(db: ReadableDB, runId: string): { decile: number; customers: number }[] {
  return db
    .prepare(
      `SELECT MIN(CAST(p_alive * 10 AS INTEGER), 9) AS decile, COUNT(*) AS customers
       FROM local_analysis_snapshot WHERE run_id = ? AND p_alive IS NOT NULL AND frequency > 0
       GROUP BY decile`,
    )
    .all(runId) as { decile: number; customers: number }[];
}

export interface WinBackRow {
  customer_id: string;
  name: string | null;
  recency_days: number | null;
  last_purchase: string | null;
  stake: number;
  p_alive: number | null;
  open_reminder: number;
}

export function winBackRows(db: ReadableDB, runId: string, limit: number): WinBackRow[] {
  return db
    .prepare(
      `SELECT s.customer_id, c.name, s.recency_days, s.last_purchase, COALESCE(s.value_at_stake_minor, 0) AS stake, s.p_alive,
              EXISTS (SELECT 1 FROM reminders m WHERE m.customer_id = s.customer_id AND m.kind = 'win_back'
                      AND m.done_at IS NULL AND m.deleted_at IS NULL) AS open_reminder
       FROM local_analysis_snapshot s JOIN customers c ON c.id = s.customer_id AND c.deleted_at IS NULL
       WHERE s.run_id = ? AND s.at_risk = 1
       ORDER BY stake DESC, s.customer_id LIMIT ?`,
    )
    .all(runId, limit) as WinBackRow[];
}

/** Current names and open win-back reminders of the listed (not deleted) customers. */
export function winBackLive(
  db: ReadableDB,
  customerIds: readonly string[],
): Map<string, { name: string; openReminder: boolean }> {
  const rows = db
    .prepare(
      `SELECT c.id, c.name, EXISTS (SELECT 1 FROM reminders m WHERE m.customer_id = c.id AND m.kind = 'win_back'
                AND m.done_at IS NULL AND m.deleted_at IS NULL) AS open_reminder
       FROM customers c WHERE c.deleted_at IS NULL AND c.id IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(customerIds)) as { id: string; name: string; open_reminder: number }[];
  return new Map(rows.map((r) => [r.id, { name: r.name, openReminder: r.open_reminder === 1 }]));
}

/** Distinct purchase days of a few customers, to show each one's usual interval. */
export function purchaseDaysOf(db: ReadableDB, customerIds: readonly string[]): Map<string, string[]> {
  const statement = db
    .prepare(
      `SELECT DISTINCT substr(purchased_at, 1, 10) FROM purchases
       WHERE customer_id = ? AND deleted_at IS NULL AND is_return = 0 ORDER BY 1`,
    )
    .pluck();
  return new Map(customerIds.map((id) => [id, statement.all(id) as string[]]));
}

/** Purchases (frequency) in a run of the given customers. */
export function frequencies(
  db: ReadableDB,
  runId: string,
  customerIds: readonly string[],
): Map<string, number> {
  const rows = db
    .prepare(
      `SELECT customer_id, frequency FROM local_analysis_snapshot
       WHERE run_id = ? AND frequency > 0 AND customer_id IN (SELECT value FROM json_each(?))`,
    )
    .raw()
    .all(runId, JSON.stringify(customerIds)) as [string, number][];
  return new Map(rows);
}

export function segmentMoves(
  db: ReadableDB,
  latestRunId: string,
  previousRunId: string,
): { from: string; to: string; customers: number }[] {
  return db
    .prepare(
      `SELECT p.segment AS "from", s.segment AS "to", COUNT(*) AS customers
       FROM local_analysis_snapshot s
       JOIN local_analysis_snapshot p ON p.run_id = ? AND p.customer_id = s.customer_id
       WHERE s.run_id = ? AND s.segment IS NOT NULL AND p.segment IS NOT NULL AND s.segment <> p.segment
       GROUP BY p.segment, s.segment ORDER BY customers DESC`,
    )
    .all(previousRunId, latestRunId) as { from: string; to: string; customers: number }[];
}

export interface RuleDbRow {
  level: 'product' | 'category';
  antecedent: string;
  consequent: string;
  support: number;
  confidence: number;
  lift: number;
}

/** The strongest rules of one level; each level is ranked on its own (category lifts run lower). */
export function topRules(db: ReadableDB, runId: string, level: RuleDbRow['level'], limit: number): RuleDbRow[] {
  return db
    .prepare(
      `SELECT level, antecedent, consequent, support, confidence, lift FROM local_analysis_rules
       WHERE run_id = ? AND level = ? ORDER BY lift DESC, confidence DESC, support DESC LIMIT ?`,
    )
    .all(runId, level, limit) as RuleDbRow[];
}

// ---- period queries on the raw tables ----

export interface PeriodBuyerRow {
  customer_id: string;
  /** Purchases in the period, returns excluded. */
  purchases: number;
  /** Net revenue in the period (returns are negative). */
  revenue: number;
  /** Comma-separated indexes of the period's local months with a purchase (returns excluded). */
  months: string | null;
  /** First purchase in the period, returns excluded. */
  first_at: string | null;
  /** 1 when the customer bought (not a return) before the period. */
  bought_before: number;
}

/**
 * One row per customer with a live purchase in [fromIso, toIso). A single ordered pass over the
 * covering index purchases_analysis (customer_id, purchased_at, …): the grouping streams without
 * a sort, and whether the customer bought before the period comes from the same pass instead of
 * one lookup per buyer. `monthStarts` are the UTC instants where the 2nd, 3rd … shop-local month
 * begins, so the month is found by comparing stored UTC strings (no per-row date conversion).
 */
export function periodBuyers(
  db: ReadableDB,
  fromIso: string,
  toIso: string,
  monthStarts: readonly string[],
): PeriodBuyerRow[] {
  const params: Record<string, string> = { from: fromIso, to: toIso };
  monthStarts.forEach((start, i) => (params[`m${i}`] = start));
  return db.prepare(periodBuyersSql(monthStarts.length)).all(params) as PeriodBuyerRow[];
}

/** The period scan for `monthBoundaries` month starts (@m0 …), exported for its query-plan test. */
export function periodBuyersSql(monthBoundaries: number): string {
  const month =
    monthBoundaries === 0
      ? '0'
      : `CASE ${Array.from({ length: monthBoundaries }, (_, i) => `WHEN purchased_at < @m${i} THEN ${i}`).join(' ')} ELSE ${monthBoundaries} END`;
  return `SELECT customer_id,
            SUM(is_return = 0 AND purchased_at >= @from) AS purchases,
            SUM(CASE WHEN purchased_at >= @from THEN total_minor END) AS revenue,
            group_concat(DISTINCT CASE WHEN purchased_at >= @from AND is_return = 0 THEN ${month} END) AS months,
            MIN(CASE WHEN is_return = 0 AND purchased_at >= @from THEN purchased_at END) AS first_at,
            MAX(is_return = 0 AND purchased_at < @from) AS bought_before
     FROM purchases INDEXED BY purchases_analysis
     WHERE deleted_at IS NULL AND purchased_at < @to
     GROUP BY customer_id HAVING MAX(purchased_at >= @from)`;
}

export function satisfactionInPeriod(
  db: ReadableDB,
  fromIso: string,
  toIso: string,
): { customer_id: string; scores: number; total: number }[] {
  return db
    .prepare(
      `SELECT customer_id, COUNT(satisfaction) AS scores, SUM(satisfaction) AS total FROM interactions
       WHERE occurred_at >= ? AND occurred_at < ? AND deleted_at IS NULL AND satisfaction IS NOT NULL
       GROUP BY customer_id`,
    )
    .all(fromIso, toIso) as { customer_id: string; scores: number; total: number }[];
}

export function complaintStats(
  db: ReadableDB,
  fromIso: string,
  toIso: string,
): { cause: string | null; complaints: number; resolved: number; resolve_days: number | null }[] {
  return db
    .prepare(
      `SELECT cause, COUNT(*) AS complaints, COUNT(resolved_at) AS resolved,
              SUM(julianday(resolved_at) - julianday(received_at)) AS resolve_days
       FROM complaints WHERE received_at >= ? AND received_at < ? AND deleted_at IS NULL
       GROUP BY cause`,
    )
    .all(fromIso, toIso) as {
    cause: string | null;
    complaints: number;
    resolved: number;
    resolve_days: number | null;
  }[];
}

// ---- the drill-down list ----

export interface CustomerFilterSql {
  readonly where: string[];
  readonly params: unknown[];
}

export interface DrillRow {
  id: string;
  name: string;
  phone: string | null;
  segment: string | null;
  stage: string | null;
  monetary_minor: number | null;
  frequency: number | null;
  recency_days: number | null;
  p_alive: number | null;
}

export function filteredCustomers(
  db: ReadableDB,
  runId: string | null,
  filter: CustomerFilterSql,
  offset: number,
  limit: number,
): { total: number; rows: DrillRow[] } {
  const from = `FROM customers c LEFT JOIN local_analysis_snapshot s ON s.run_id = ? AND s.customer_id = c.id
    WHERE c.deleted_at IS NULL AND c.merged_into IS NULL ${filter.where.map((w) => `AND (${w})`).join(' ')}`;
  const params = [runId, ...filter.params];
  const total = db
    .prepare(`SELECT COUNT(*) ${from}`)
    .pluck()
    .get(...params) as number;
  const rows = db
    .prepare(
      `SELECT c.id, c.name, c.phone, s.segment, s.lifecycle_stage AS stage, s.monetary_minor,
              s.frequency, s.recency_days, s.p_alive ${from}
       ORDER BY COALESCE(s.monetary_minor, -1) DESC, c.id LIMIT ? OFFSET ?`,
    )
    .all(...params, limit, offset) as DrillRow[];
  return { total, rows };
}

// ---- stored aggregates (migration 0005) ----

/** Bumped by triggers on every write to purchases, interactions and complaints. */
export function dataVersion(db: ReadableDB): number {
  return db.prepare(`SELECT version FROM loyalty_data_version WHERE id = 1`).pluck().get() as number;
}

export function readAggregate(
  db: ReadableDB,
  kind: string,
  key: string,
): { version: string; payload: string } | undefined {
  return db
    .prepare(`SELECT version, payload FROM loyalty_aggregates WHERE kind = ? AND key = ?`)
    .get(kind, key) as { version: string; payload: string } | undefined;
}

/** Stores one aggregate and drops that kind's rows of other versions, which can never be read again. */
export function writeAggregate(
  db: WritableDB,
  row: { kind: string; key: string; version: string; payload: string; now: string },
): void {
  db.transaction(() => {
    db.prepare(`DELETE FROM loyalty_aggregates WHERE kind = ? AND version <> ?`).run(row.kind, row.version);
    db.prepare(
      `INSERT INTO loyalty_aggregates (kind, key, version, payload, computed_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (kind, key) DO UPDATE SET version = excluded.version, payload = excluded.payload,
         computed_at = excluded.computed_at`,
    ).run(row.kind, row.key, row.version, row.payload, row.now);
  })();
}

// ---- writes ----

export function openWinBackReminderIds(db: ReadableDB, customerIds: readonly string[]): Set<string> {
  const statement = db
    .prepare(
      `SELECT 1 FROM reminders WHERE customer_id = ? AND kind = 'win_back' AND done_at IS NULL AND deleted_at IS NULL`,
    )
    .pluck();
  return new Set(customerIds.filter((id) => statement.get(id) !== undefined));
}

export function existingCustomerIds(db: ReadableDB, customerIds: readonly string[]): Set<string> {
  const statement = db.prepare(`SELECT 1 FROM customers WHERE id = ? AND deleted_at IS NULL`).pluck();
  return new Set(customerIds.filter((id) => statement.get(id) !== undefined));
}

export function insertWinBackReminder(
  db: WritableDB,
  row: { id: string; customerId: string; dueAt: string; title: string; note: string | null; now: string },
): void {
  db.prepare(
    `INSERT INTO reminders (id, customer_id, kind, due_at, title, note, created_at, updated_at)
     VALUES (?, ?, 'win_back', ?, ?, ?, ?, ?)`,
  ).run(row.id, row.customerId, row.dueAt, row.title, row.note, row.now, row.now);
}
