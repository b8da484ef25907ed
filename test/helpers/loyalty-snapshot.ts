/**
 * Test-only stand-in for the analysis writer (issue 5), which is built in parallel: it writes
 * local_analysis_runs / _snapshot / _rules rows exactly as storage-contract.md describes, so the
 * Loyalty dashboard can be tested and demonstrated before the real writer is merged. Columns added
 * by migration 0003 are written only when the table has them.
 */
import type { Database as SqliteDatabase } from 'better-sqlite3';
import { createShopAnalyzer } from '../../src/main/analysis';
import { defaultAnalysisSettings, type AnalysisSettings } from '../../src/shared/analysis/settings';
import type { CustomerInput, PurchaseInput } from '../../src/shared/analysis/types';
import { newId } from '../../src/main/db/ids';

export interface SnapshotRowInput {
  customer_id: string;
  recency_days?: number | null;
  frequency?: number | null;
  monetary_minor?: number | null;
  r_score?: number | null;
  f_score?: number | null;
  m_score?: number | null;
  segment?: string | null;
  abc_class?: string | null;
  value_tier?: string | null;
  lifecycle_stage?: string | null;
  loyalty_type?: string | null;
  p_alive?: number | null;
  expected_purchases?: number | null;
  predicted_clv_minor?: number | null;
  historical_value_minor?: number | null;
  at_risk?: number;
  cluster?: number | null;
  // 0003 (optional)
  visits?: number | null;
  first_purchase?: string | null;
  last_purchase?: string | null;
  attachment?: string | null;
  value_at_stake_minor?: number | null;
  win_back_rank?: number | null;
}

export interface RuleInput {
  level: 'product' | 'category';
  antecedent: string[];
  consequent: string;
  support: number;
  confidence: number;
  lift: number;
}

export interface RunInput {
  id?: string;
  asOf: string;
  finishedAt: string;
  summary?: Record<string, unknown>;
  sufficiency?: Record<string, unknown>;
  /** The run's settings; the defaults when left out. */
  params?: AnalysisSettings;
  rows: readonly SnapshotRowInput[];
  rules?: readonly RuleInput[];
}

const snapshotColumns0001 = [
  'recency_days',
  'frequency',
  'monetary_minor',
  'r_score',
  'f_score',
  'm_score',
  'segment',
  'abc_class',
  'value_tier',
  'lifecycle_stage',
  'loyalty_type',
  'p_alive',
  'expected_purchases',
  'predicted_clv_minor',
  'historical_value_minor',
  'at_risk',
  'cluster',
] as const;
const snapshotColumns0003 = [
  'visits',
  'first_purchase',
  'last_purchase',
  'attachment',
  'value_at_stake_minor',
  'win_back_rank',
] as const;

export function insertAnalysisRun(db: SqliteDatabase, run: RunInput): string {
  const id = run.id ?? newId();
  const present = new Set(
    (db.prepare(`PRAGMA table_info(local_analysis_snapshot)`).all() as { name: string }[]).map((c) => c.name),
  );
  const columns = [
    ...snapshotColumns0001,
    ...snapshotColumns0003.filter((c) => present.has(c)),
  ] as readonly (keyof SnapshotRowInput)[];
  const insertRow = db.prepare(
    `INSERT INTO local_analysis_snapshot (run_id, customer_id, ${columns.join(', ')})
     VALUES (?, ?, ${columns.map(() => '?').join(', ')})`,
  );
  const insertRule = db.prepare(
    `INSERT INTO local_analysis_rules (run_id, level, antecedent, consequent, support, confidence, lift)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    db.prepare(
      `INSERT INTO local_analysis_runs (id, status, started_at, finished_at, as_of, time_unit, params, sufficiency, summary)
       VALUES (?, 'done', ?, ?, ?, 'day', ?, ?, ?)`,
    ).run(
      id,
      run.finishedAt,
      run.finishedAt,
      run.asOf,
      JSON.stringify(run.params ?? defaultAnalysisSettings),
      JSON.stringify(run.sufficiency ?? { predictive: true, spendModel: true, reasons: [] }),
      JSON.stringify(run.summary ?? {}),
    );
    for (const row of run.rows) {
      insertRow.run(
        id,
        row.customer_id,
        ...columns.map((c) => (c === 'at_risk' ? (row.at_risk ?? 0) : (row[c] ?? null))),
      );
    }
    // The completion line the analysis writer adds after a run's last rows: without it the
    // analysis service takes the run's rows for lost and marks it failed.
    db.prepare(`INSERT INTO local_analysis_snapshot_runs (run_id, rows) VALUES (?, ?)`).run(
      id,
      run.rows.length,
    );
    for (const rule of run.rules ?? []) {
      insertRule.run(
        id,
        rule.level,
        JSON.stringify(rule.antecedent),
        rule.consequent,
        rule.support,
        rule.confidence,
        rule.lift,
      );
    }
  })();
  return id;
}

/**
 * Runs the real analysis pipeline over a shop file and stores the result as a run (the throwaway
 * writer used for the e2e demo shop, screenshots and the 100k benchmark).
 */
export function writeAnalysisSnapshot(db: SqliteDatabase, asOf: string, finishedAt: string): string {
  const analyzer = createShopAnalyzer(defaultAnalysisSettings, asOf, 'day');
  const attitude = new Map<string, { sat: number | null; rec: number | null }>();
  for (const a of db
    .prepare(
      `SELECT customer_id AS id, AVG(satisfaction) AS sat, AVG(recommend) AS rec FROM interactions
       WHERE deleted_at IS NULL GROUP BY customer_id`,
    )
    .iterate() as Iterable<{ id: string; sat: number | null; rec: number | null }>)
    attitude.set(a.id, { sat: a.sat, rec: a.rec });
  const complaints = new Map<string, { open: number; all: number }>();
  for (const c of db
    .prepare(
      `SELECT customer_id AS id, COUNT(*) AS n, SUM(status NOT IN ('resolved','followed_up')) AS open
       FROM complaints WHERE deleted_at IS NULL GROUP BY customer_id`,
    )
    .iterate() as Iterable<{ id: string; n: number; open: number }>)
    complaints.set(c.id, { open: c.open, all: c.n });
  const referrals = new Map<string, number>();
  for (const r of db
    .prepare(
      `SELECT referred_by AS id, COUNT(*) AS n FROM customers WHERE referred_by IS NOT NULL GROUP BY referred_by`,
    )
    .iterate() as Iterable<{ id: string; n: number }>)
    referrals.set(r.id, r.n);

  const purchasesBy = new Map<string, PurchaseInput[]>();
  for (const p of db
    .prepare(
      `SELECT p.customer_id AS id, substr(p.purchased_at, 1, 10) AS day, p.total_minor AS amount,
              p.discount_minor AS discount, json_group_array(l.product_name) AS items
       FROM purchases p LEFT JOIN purchase_lines l ON l.purchase_id = p.id
       WHERE p.deleted_at IS NULL AND p.is_return = 0 AND p.total_minor > 0 GROUP BY p.id`,
    )
    .iterate() as Iterable<{ id: string; day: string; amount: number; discount: number; items: string }>) {
    let list = purchasesBy.get(p.id);
    if (!list) purchasesBy.set(p.id, (list = []));
    const items = (JSON.parse(p.items) as (string | null)[]).filter((i): i is string => i !== null);
    list.push({ day: p.day, amountMinor: p.amount, discounted: p.discount > 0, items });
  }
  const ids = db
    .prepare(`SELECT id FROM customers WHERE deleted_at IS NULL AND merged_into IS NULL ORDER BY id`)
    .pluck()
    .all() as string[];
  for (const id of ids) {
    const a = attitude.get(id);
    const c = complaints.get(id);
    const input: CustomerInput = {
      id,
      purchases: purchasesBy.get(id) ?? [],
      attitude: {
        satisfactionMean: a?.sat ?? null,
        recommendMean: a?.rec ?? null,
        referrals: referrals.get(id) ?? 0,
        openComplaints: c?.open ?? 0,
        complaints: c?.all ?? 0,
      },
    };
    analyzer.add(input);
  }
  const { shop, customers } = analyzer.finish();
  const {
    settings: _settings,
    fits: _fits,
    verdict,
    timings: _timings,
    totalMs: _totalMs,
    rules,
    ...summary
  } = shop;
  return insertAnalysisRun(db, {
    asOf,
    finishedAt,
    summary: { ...summary, winBack: shop.winBack.slice(0, 1000) },
    sufficiency: verdict as unknown as Record<string, unknown>,
    rows: customers.map((c) => ({
      customer_id: c.id,
      recency_days: c.recencyDays,
      frequency: c.frequency,
      monetary_minor: c.monetaryMinor,
      r_score: c.rScore,
      f_score: c.fScore,
      m_score: c.mScore,
      segment: c.segment,
      abc_class: c.abcClass,
      value_tier: c.tier,
      lifecycle_stage: c.stage,
      loyalty_type: c.loyalty,
      p_alive: c.pAlive,
      expected_purchases: c.expectedPurchases,
      predicted_clv_minor: c.predictedClvMinor,
      historical_value_minor: c.historicalValueMinor,
      at_risk: c.atRisk ? 1 : 0,
      cluster: c.cluster,
      visits: c.visits,
      first_purchase: c.firstPurchase,
      last_purchase: c.lastPurchase,
      attachment: c.attachment,
      value_at_stake_minor: c.valueAtStakeMinor,
      win_back_rank: c.winBackRank,
    })),
    rules: rules.slice(0, 200).map((r) => ({
      level: r.level,
      antecedent: r.antecedent,
      consequent: r.consequent,
      support: r.support,
      confidence: r.confidence,
      lift: r.lift,
    })),
  });
}
