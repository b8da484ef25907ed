/**
 * The Loyalty screen's aggregates. Snapshot charts describe the latest stored analysis run (the
 * analysis is never re-run here, so the screen opens at once even for 100k customers); the headline,
 * cohorts, activity, satisfaction and complaints read the raw tables for the chosen period.
 */
import type { ReadableDB, WritableDB } from '../../db/connection';
import { nowIso } from '../../db/ids';
import { logger } from '../../core/logger';
import dayjs from 'dayjs';
import { readProfile } from '../shop/shop.service';
import { localDate, localMidnightIso } from './local-time';
import {
  abcClasses,
  lifecycleStages,
  rfmSegments,
  valueTiers,
  type AbcClass,
  type LifecycleStage,
  type LoyaltyType,
  type RfmSegment,
  type ValueTier,
} from '../../../shared/analysis/labels';
import { segmentOf } from '../../analysis/rfm';
import {
  analysisSettingsSchema,
  defaultAnalysisSettings,
  type AnalysisSettings,
} from '../../../shared/analysis/settings';
import type {
  ActivityMonth,
  CohortRow,
  ComplaintCause,
  LifecycleRow,
  LoyaltyActivity,
  LoyaltyCustomerPage,
  LoyaltyDashboard,
  LoyaltyFilter,
  LoyaltyQuadrant,
  LoyaltyRunInfo,
  PAliveBucket,
  ParetoHeadline,
  RfmCell,
  SatisfactionPoint,
  SegmentRow,
  WinBackEntry,
} from '../../../shared/contract/loyalty';
import { complaintCauses } from '../../../shared/contract/loyalty';
import * as repo from './loyalty.repo';

export interface Period {
  readonly from: string;
  readonly to: string;
}

/** Default: the last 12 months ending today (inclusive days) — today in the shop's zone when given. */
export function resolvePeriod(
  input: { from?: string | undefined; to?: string | undefined },
  today: Date,
  timeZone?: string,
): Period {
  const to = input.to ?? (timeZone ? localDate(today, timeZone) : dayjs(today).format('YYYY-MM-DD'));
  const from = input.from ?? dayjs(to).subtract(12, 'month').add(1, 'day').format('YYYY-MM-DD');
  return from <= to ? { from, to } : { from: to, to: from };
}

/** [from 00:00, day after to 00:00) in the shop's zone, as UTC ISO strings. */
export function periodBounds(period: Period, timeZone: string): [string, string] {
  return [
    localMidnightIso(period.from, timeZone),
    localMidnightIso(dayjs(period.to).add(1, 'day').format('YYYY-MM-DD'), timeZone),
  ];
}

const QUADRANTS: readonly { quadrant: LoyaltyQuadrant['quadrant']; types: LoyaltyType[] }[] = [
  { quadrant: 'premium', types: ['premium'] },
  { quadrant: 'inertiaIncentive', types: ['inertia', 'incentive'] },
  { quadrant: 'latent', types: ['latent'] },
  { quadrant: 'priceNone', types: ['price', 'none'] },
];

const SCATTER_MAX_POINTS = 600;
const WIN_BACK_LIMIT = 50;
/** Per level: the product rules, then as many category rules. */
const RULES_LIMIT = 15;

function parseJson(text: string | null): Record<string, unknown> | null {
  if (!text) return null;
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  for (let m = dayjs(from.slice(0, 7) + '-01'); m.format('YYYY-MM') <= to.slice(0, 7); m = m.add(1, 'month'))
    months.push(m.format('YYYY-MM'));
  return months;
}

/** Cumulative revenue share of the top `share` of customers, given spends sorted descending. */
function topShareOf(sortedDescending: readonly number[], share: number): number | null {
  const total = sortedDescending.reduce((sum, v) => sum + v, 0);
  if (sortedDescending.length === 0 || total <= 0) return null;
  const top = Math.max(1, Math.ceil(sortedDescending.length * share));
  let sum = 0;
  for (let i = 0; i < top; i++) sum += sortedDescending[i]!;
  return sum / total;
}

function paretoCurve(sortedDescending: readonly number[]): { customerShare: number; revenueShare: number }[] {
  const total = sortedDescending.reduce((sum, v) => sum + v, 0);
  const n = sortedDescending.length;
  if (n === 0 || total <= 0) return [];
  const points = [{ customerShare: 0, revenueShare: 0 }];
  const step = Math.max(1, Math.floor(n / 200));
  let sum = 0;
  for (let i = 0; i < n; i++) {
    sum += sortedDescending[i]!;
    if ((i + 1) % step === 0 || i === n - 1)
      points.push({ customerShare: (i + 1) / n, revenueShare: sum / total });
  }
  return points;
}

/** The run summary's `pareto` object (headline and curve), if it has one. */
function summaryPareto(summary: Record<string, unknown> | null): Record<string, unknown> | null {
  const pareto = summary?.['pareto'];
  return pareto && typeof pareto === 'object' ? (pareto as Record<string, unknown>) : null;
}

/** The analysis's own Pareto headline (its configured top share, exact), from the run summary. */
function readParetoHeadline(summary: Record<string, unknown> | null): ParetoHeadline | null {
  const headline = summaryPareto(summary)?.['headline'];
  if (!headline || typeof headline !== 'object') return null;
  const { topShare, topCustomers, revenueShare } = headline as Record<string, unknown>;
  if (typeof topShare !== 'number' || typeof topCustomers !== 'number' || typeof revenueShare !== 'number')
    return null;
  return { topShare, topCustomers, revenueShare };
}

/** What the run was computed with, as the screen explains it; defaults where a setting is unreadable. */
function runSettingsOf(params: string): AnalysisSettings {
  const parsed = analysisSettingsSchema.safeParse(parseJson(params) ?? {});
  return parsed.success ? parsed.data : defaultAnalysisSettings;
}

function runInfoOf(latest: repo.RunRow, previous: repo.RunRow | null): LoyaltyRunInfo {
  const settings = runSettingsOf(latest.params);
  return {
    id: latest.id,
    finishedAt: latest.finished_at,
    asOf: latest.as_of,
    predictive: parseJson(latest.sufficiency)?.['predictive'] === true,
    previousRunId: previous?.id ?? null,
    windowDays: settings.window.kind === 'days' ? settings.window.days : null,
    abcCutoffs: { a: settings.abc.aCutoffShare, b: settings.abc.bCutoffShare },
  };
}

function readCurve(
  summary: Record<string, unknown> | null,
): { customerShare: number; revenueShare: number }[] | null {
  const curve = summaryPareto(summary)?.['curve'];
  if (!Array.isArray(curve) || curve.length < 2) return null;
  const points: { customerShare: number; revenueShare: number }[] = [];
  for (const p of curve as unknown[]) {
    if (!p || typeof p !== 'object') return null;
    const { customerShare, revenueShare } = p as Record<string, unknown>;
    if (typeof customerShare !== 'number' || typeof revenueShare !== 'number') return null;
    points.push({ customerShare, revenueShare });
  }
  return points;
}

/** Revenue share at customer share 0.2 on a curve, interpolated between its points. */
function shareAt(
  curve: readonly { customerShare: number; revenueShare: number }[],
  x: number,
): number | null {
  for (let i = 1; i < curve.length; i++) {
    const a = curve[i - 1]!;
    const b = curve[i]!;
    if (b.customerShare >= x) {
      const span = b.customerShare - a.customerShare;
      return span <= 0
        ? b.revenueShare
        : a.revenueShare + ((x - a.customerShare) / span) * (b.revenueShare - a.revenueShare);
    }
  }
  return null;
}

type SnapshotAggregates = ReturnType<typeof snapshotAggregates>;
/** Bumped when SnapshotAggregates changes shape (2: the Pareto headline replaced top20Share). */
const SNAPSHOT_AGGREGATE_SHAPE = 2;

/**
 * The screen's computed figures, kept in memory and in `loyalty_aggregates` (so a restarted app
 * opens the screen without recomputing), each valid for one version: the run pair for snapshot
 * charts (a finished run is never rewritten), the data version (bumped by triggers on every write
 * to purchases, interactions, complaints) for period figures. Only the win-back names and reminder
 * flags are re-read on every load.
 */
export class LoyaltyAggregateStore {
  private readonly memory = new Map<string, { version: string; value: unknown }>();

  /** `writer` null: read stored rows but never write (a read-only connection). */
  constructor(
    private readonly writer: WritableDB | null,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  get<T>(db: ReadableDB, kind: string, key: string, version: string, compute: () => T): T {
    const id = `${kind}\u0000${key}`;
    const held = this.memory.get(id);
    if (held?.version === version) return held.value as T;
    const stored = repo.readAggregate(db, kind, key);
    let value: T;
    if (stored?.version === version) value = JSON.parse(stored.payload) as T;
    else {
      value = compute();
      this.store(kind, key, version, value);
    }
    for (const [heldId, entry] of this.memory)
      if (heldId.startsWith(`${kind}\u0000`) && entry.version !== version) this.memory.delete(heldId);
    this.memory.set(id, { version, value });
    return value;
  }

  /** Stores a figure computed elsewhere (the warm-up worker), already serialized. */
  putSerialized(entry: StoredAggregate): void {
    this.memory.delete(`${entry.kind}\u0000${entry.key}`);
    this.write(entry);
  }

  private store(kind: string, key: string, version: string, value: unknown): void {
    this.write({ kind, key, version, payload: JSON.stringify(value) });
  }

  private write(entry: StoredAggregate): void {
    if (!this.writer) return;
    try {
      repo.writeAggregate(this.writer, { ...entry, now: nowIso(this.clock) });
    } catch (error) {
      // A figure that could not be stored is recomputed next time; the screen still gets it now.
      logger.warn(
        'storing loyalty aggregates failed',
        error instanceof Error ? error.message : String(error),
      );
    }
  }
}

/** The versions and keys of every stored aggregate, shared by the handlers and the warm-up. */
export const aggregateKeys = {
  snapshot: (latest: repo.RunRow, previous: repo.RunRow | null) => ({
    kind: 'snapshot',
    key: 'latest',
    // The leading shape number changes whenever SnapshotAggregates does, so figures stored by an
    // older Patron are recomputed rather than read in the wrong shape.
    version: `${SNAPSHOT_AGGREGATE_SHAPE}|${latest.id}|${previous?.id ?? ''}`,
  }),
  activity: (period: Period, timeZone: string, dataVersion: number) => ({
    kind: 'activity',
    key: `${period.from}|${period.to}|${timeZone}`,
    version: `v${dataVersion}`,
  }),
  attitude: (period: Period, timeZone: string, dataVersion: number, runId: string | null) => ({
    kind: 'attitude',
    key: `${period.from}|${period.to}|${timeZone}`,
    version: `v${dataVersion}|${runId ?? ''}`,
  }),
};

export interface StoredAggregate {
  readonly kind: string;
  readonly key: string;
  readonly version: string;
  readonly payload: string;
}

/** What the screen's default period (ending `today`) needs now, as store keys and versions. */
export function currentAggregateKeys(
  db: ReadableDB,
  today: Date,
  timeZone: string,
): { kind: string; key: string; version: string }[] {
  const [latest, previous] = repo.latestRuns(db);
  const period = resolvePeriod({}, today, timeZone);
  const dataVersion = repo.dataVersion(db);
  return [
    ...(latest ? [aggregateKeys.snapshot(latest, previous ?? null)] : []),
    aggregateKeys.activity(period, timeZone, dataVersion),
    aggregateKeys.attitude(period, timeZone, dataVersion, latest?.id ?? null),
  ];
}

/**
 * Every figure of the default period computed from the tables in one read transaction, so the
 * versions match the data read (run by the warm-up worker on its own read-only connection).
 */
export function computeDefaultAggregates(
  db: ReadableDB,
  today: Date,
  timeZone: string,
  kinds: readonly string[] = ['snapshot', 'activity', 'attitude'],
): StoredAggregate[] {
  const wanted = new Set(kinds);
  return db.transaction(() => {
    const [latest, previous] = repo.latestRuns(db);
    const period = resolvePeriod({}, today, timeZone);
    const dataVersion = repo.dataVersion(db);
    const entries: StoredAggregate[] = [];
    const add = (keys: { kind: string; key: string; version: string }, compute: () => unknown): void => {
      if (wanted.has(keys.kind)) entries.push({ ...keys, payload: JSON.stringify(compute()) });
    };
    if (latest)
      add(aggregateKeys.snapshot(latest, previous ?? null), () =>
        storableSnapshot(snapshotAggregates(db, latest, previous ?? null)),
      );
    add(aggregateKeys.activity(period, timeZone, dataVersion), () => buildActivity(db, period, timeZone));
    add(aggregateKeys.attitude(period, timeZone, dataVersion, latest?.id ?? null), () =>
      attitudeAggregates(db, period, latest?.id ?? null, timeZone),
    );
    return entries;
  })();
}

export interface ShopSettings {
  readonly currency: string;
  readonly locale: string;
  readonly timeZone: string;
}

export function buildDashboard(
  db: ReadableDB,
  period: Period,
  shop: ShopSettings,
  store: LoyaltyAggregateStore | null = null,
): LoyaltyDashboard {
  const runs = repo.latestRuns(db);
  const latest = runs[0] ?? null;
  const previous = runs[1] ?? null;
  const run = latest && runInfoOf(latest, previous);

  const snapshot = latest ? storedSnapshot(db, latest, previous, store) : null;
  const runId = latest?.id ?? null;
  const attitude = store
    ? (() => {
        const { kind, key, version } = aggregateKeys.attitude(
          period,
          shop.timeZone,
          repo.dataVersion(db),
          runId,
        );
        return store.get(db, kind, key, version, () => attitudeAggregates(db, period, runId, shop.timeZone));
      })()
    : attitudeAggregates(db, period, runId, shop.timeZone);

  return {
    period,
    currency: shop.currency,
    locale: shop.locale,
    headline: {
      csi: attitude.csi,
      satisfactionScores: attitude.satisfactionScores,
      atRisk: snapshot ? snapshot.atRisk : null,
      valueAtStakeMinor: snapshot ? snapshot.valueAtStake : null,
    },
    run,
    rfmGrid: snapshot?.rfmGrid ?? [],
    segments: snapshot?.segments ?? [],
    pareto: snapshot?.pareto ?? { curve: [], abc: [], headline: null },
    pyramid: snapshot?.pyramid ?? [],
    lifecycle: snapshot?.lifecycle ?? [],
    loyaltyQuadrants: snapshot?.quadrants ?? [],
    satisfactionScatter: attitude.scatter,
    pAliveHistogram: snapshot?.pAlive ?? [],
    winBack: snapshot?.winBack ?? [],
    movement: snapshot?.movement ?? null,
    rules: snapshot?.rules ?? [],
    complaints: attitude.complaints,
  };
}

function storedSnapshot(
  db: ReadableDB,
  latest: repo.RunRow,
  previous: repo.RunRow | null,
  store: LoyaltyAggregateStore | null,
): SnapshotAggregates {
  if (!store) return snapshotAggregates(db, latest, previous);
  const { kind, key, version } = aggregateKeys.snapshot(latest, previous);
  const hit = store.get(db, kind, key, version, () =>
    storableSnapshot(snapshotAggregates(db, latest, previous)),
  );
  const live = repo.winBackLive(
    db,
    hit.winBack.map((w) => w.customerId),
  );
  return {
    ...hit,
    winBack: hit.winBack
      .filter((w) => live.has(w.customerId))
      .map((w) => {
        const now = live.get(w.customerId)!;
        return { ...w, name: now.name, hasOpenWinBackReminder: now.openReminder };
      }),
  };
}

/**
 * The snapshot figures as stored: without the win-back names, which are read live on every load
 * anyway, so an erased customer's name never lingers in loyalty_aggregates.
 */
function storableSnapshot(snapshot: SnapshotAggregates): SnapshotAggregates {
  return { ...snapshot, winBack: snapshot.winBack.map((entry) => ({ ...entry, name: '' })) };
}

export function snapshotAggregates(db: ReadableDB, latest: repo.RunRow, previous: repo.RunRow | null) {
  const groups = repo.snapshotGroups(db, latest.id);
  const cells = new Map<string, { customers: number; revenue: number }>();
  const bySegment = new Map<RfmSegment, { customers: number; revenue: number }>();
  const byAbc = new Map<AbcClass, { customers: number; revenue: number }>();
  const byTier = new Map<ValueTier, { customers: number; revenue: number }>();
  const byStage = new Map<LifecycleStage, { customers: number; purchases: number; revenue: number }>();
  const byLoyalty = new Map<LoyaltyType, number>();
  let buyers = 0;
  let atRisk = 0;
  let valueAtStake = 0;
  const add = <K>(
    map: Map<K, { customers: number; revenue: number }>,
    key: K,
    g: repo.SnapshotGroupRow,
  ): void => {
    const entry = map.get(key) ?? { customers: 0, revenue: 0 };
    entry.customers += g.customers;
    entry.revenue += g.revenue;
    map.set(key, entry);
  };
  for (const g of groups) {
    if (g.r !== null && g.f !== null) {
      buyers += g.customers;
      add(cells, `${g.r}-${g.f}`, g);
    }
    if (g.segment) add(bySegment, g.segment as RfmSegment, g);
    if (g.abc) add(byAbc, g.abc as AbcClass, g);
    if (g.tier) add(byTier, g.tier as ValueTier, g);
    if (g.stage) {
      const entry = byStage.get(g.stage as LifecycleStage) ?? { customers: 0, purchases: 0, revenue: 0 };
      entry.customers += g.customers;
      entry.purchases += g.purchases;
      entry.revenue += g.revenue;
      byStage.set(g.stage as LifecycleStage, entry);
    }
    if (g.loyalty)
      byLoyalty.set(g.loyalty as LoyaltyType, (byLoyalty.get(g.loyalty as LoyaltyType) ?? 0) + g.customers);
    if (g.at_risk === 1) {
      atRisk += g.customers;
      valueAtStake += g.stake;
    }
  }

  const rfmGrid: RfmCell[] = [];
  for (let r = 5; r >= 1; r--)
    for (let f = 1; f <= 5; f++) {
      const cell = cells.get(`${r}-${f}`);
      rfmGrid.push({
        r,
        f,
        customers: cell?.customers ?? 0,
        revenueMinor: cell?.revenue ?? 0,
        segment: segmentOf(r, f),
      });
    }

  const previousCounts = previous
    ? new Map(repo.segmentCounts(db, previous.id).map((row) => [row.segment, row.customers]))
    : null;
  const segments: SegmentRow[] = rfmSegments.map((segment) => {
    const entry = bySegment.get(segment) ?? { customers: 0, revenue: 0 };
    return {
      segment,
      customers: entry.customers,
      share: buyers > 0 ? entry.customers / buyers : 0,
      revenueMinor: entry.revenue,
      averageSpendMinor: entry.customers > 0 ? Math.round(entry.revenue / entry.customers) : 0,
      previousCustomers: previousCounts ? (previousCounts.get(segment) ?? 0) : null,
    };
  });

  const summary = parseJson(latest.summary);
  const curve = readCurve(summary) ?? paretoCurve(repo.monetaryDescending(db, latest.id));
  const pareto = {
    curve,
    abc: abcClasses.map((abc) => ({
      abc,
      customers: byAbc.get(abc)?.customers ?? 0,
      revenueMinor: byAbc.get(abc)?.revenue ?? 0,
    })),
    // Runs from before the summary kept the headline: read the top 20 % off the curve.
    headline:
      readParetoHeadline(summary) ??
      (curve.length > 1 ? { topShare: 0.2, topCustomers: null, revenueShare: shareAt(curve, 0.2)! } : null),
  };
  const pyramid = valueTiers.map((tier) => ({
    tier,
    customers: byTier.get(tier)?.customers ?? 0,
    revenueMinor: byTier.get(tier)?.revenue ?? 0,
  }));
  const lifecycle: LifecycleRow[] = lifecycleStages.map((stage) => {
    const entry = byStage.get(stage) ?? { customers: 0, purchases: 0, revenue: 0 };
    return {
      stage,
      customers: entry.customers,
      averagePurchases: entry.customers > 0 ? entry.purchases / entry.customers : 0,
      spendPerPurchaseMinor: entry.purchases > 0 ? Math.round(entry.revenue / entry.purchases) : 0,
      revenueMinor: entry.revenue,
    };
  });
  const quadrants: LoyaltyQuadrant[] = QUADRANTS.map((q) => ({
    quadrant: q.quadrant,
    types: q.types,
    customers: q.types.reduce((sum, t) => sum + (byLoyalty.get(t) ?? 0), 0),
  }));

  const deciles = new Map(repo.pAliveDeciles(db, latest.id).map((d) => [d.decile, d.customers]));
  const pAlive: PAliveBucket[] =
    deciles.size === 0
      ? []
      : Array.from({ length: 10 }, (_, i) => ({
          min: i / 10,
          max: (i + 1) / 10,
          customers: deciles.get(i) ?? 0,
        }));

  const winBackRows = repo.winBackRows(db, latest.id, WIN_BACK_LIMIT);
  const days = repo.purchaseDaysOf(
    db,
    winBackRows.map((row) => row.customer_id),
  );
  const shopGap = readShopGap(summary);
  const winBack: WinBackEntry[] = winBackRows.map((row) => {
    const list = days.get(row.customer_id) ?? [];
    const gaps = list.slice(1).map((d, i) => dayjs(d).diff(dayjs(list[i]!), 'day'));
    const lastPurchase =
      row.last_purchase ??
      list.at(-1) ??
      (row.recency_days !== null
        ? dayjs(latest.as_of).subtract(row.recency_days, 'day').format('YYYY-MM-DD')
        : null);
    return {
      customerId: row.customer_id,
      name: row.name ?? '',
      lastPurchase,
      usualIntervalDays: median(gaps) ?? shopGap,
      valueAtStakeMinor: row.stake,
      pAlive: row.p_alive,
      hasOpenWinBackReminder: row.open_reminder === 1,
    };
  });

  const movement = previous
    ? repo
        .segmentMoves(db, latest.id, previous.id)
        .map((m) => ({ from: m.from as RfmSegment, to: m.to as RfmSegment, customers: m.customers }))
    : null;
  const ruleRows = [
    ...repo.topRules(db, latest.id, 'product', RULES_LIMIT),
    ...repo.topRules(db, latest.id, 'category', RULES_LIMIT),
  ];
  const rules = ruleRows.map((r) => ({
    level: r.level,
    antecedent: parseStringArray(r.antecedent),
    consequent: r.consequent,
    support: r.support,
    confidence: r.confidence,
    lift: r.lift,
  }));

  return {
    rfmGrid,
    segments,
    pareto,
    pyramid,
    lifecycle,
    quadrants,
    pAlive,
    winBack,
    movement,
    rules,
    atRisk,
    valueAtStake,
  };
}

function readShopGap(summary: Record<string, unknown> | null): number | null {
  const gap = summary?.['shopMedianGapDays'];
  return typeof gap === 'number' ? gap : null;
}

function parseStringArray(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

/** The period's purchase figures, through the store when one is given. */
export function loadActivity(
  db: ReadableDB,
  period: Period,
  timeZone: string,
  store: LoyaltyAggregateStore | null,
): LoyaltyActivity {
  if (!store) return buildActivity(db, period, timeZone);
  const { kind, key, version } = aggregateKeys.activity(period, timeZone, repo.dataVersion(db));
  return store.get(db, kind, key, version, () => buildActivity(db, period, timeZone));
}

/** Index of the local month holding a stored UTC instant, given the later months' UTC starts. */
function monthIndexOf(isoUtc: string, monthStarts: readonly string[]): number {
  let index = 0;
  while (index < monthStarts.length && isoUtc >= monthStarts[index]!) index++;
  return index;
}

/** Months, cohorts and first-purchase days are the shop's local calendar, not UTC. */
export function buildActivity(db: ReadableDB, period: Period, timeZone: string): LoyaltyActivity {
  const [fromIso, toIso] = periodBounds(period, timeZone);
  const months = monthsBetween(period.from, period.to);
  const monthStarts = months.slice(1).map((month) => localMidnightIso(`${month}-01`, timeZone));
  const rows = repo.periodBuyers(db, fromIso, toIso, monthStarts);

  // Counted per month index in one pass over the buyers (no per-month sets of ids: at 100k
  // customers those cost more than the scan itself).
  const n = months.length;
  const active = new Array<number>(n).fill(0);
  const fresh = new Array<number>(n).fill(0);
  const lost = new Array<number>(n).fill(0);
  const cohortSize = new Array<number>(n).fill(0);
  /** retained[c][j]: customers of cohort c who bought in month c + j. */
  const retained = months.map((_, c) => new Array<number>(n - c).fill(0));
  const inMonth = new Uint8Array(n);
  let revenue = 0;
  let buyers = 0;
  let repeaters = 0;
  let newCustomers = 0;
  const spends: number[] = [];
  for (const row of rows) {
    revenue += row.revenue;
    if (row.purchases >= 1) {
      buyers++;
      if (row.purchases >= 2) repeaters++;
      spends.push(row.revenue);
    }
    inMonth.fill(0);
    if (row.months) for (const index of row.months.split(',')) inMonth[Number(index)] = 1;
    for (let i = 0; i < n; i++) {
      if (inMonth[i]) active[i]!++;
      else if (i > 0 && inMonth[i - 1]) lost[i]!++;
    }
    // New: the first purchase ever lies in the period; its local month is the cohort.
    if (row.first_at !== null && row.bought_before !== 1) {
      newCustomers++;
      const cohort = monthIndexOf(row.first_at, monthStarts);
      cohortSize[cohort]!++;
      if (inMonth[cohort]) fresh[cohort]!++;
      const counts = retained[cohort]!;
      for (let j = 0; j < counts.length; j++) if (inMonth[cohort + j]) counts[j]!++;
    }
  }
  spends.sort((a, b) => b - a);

  const cohorts: CohortRow[] = [];
  months.forEach((cohort, c) => {
    const size = cohortSize[c]!;
    if (size > 0) cohorts.push({ cohort, size, retention: retained[c]!.map((count) => count / size) });
  });
  const activity: ActivityMonth[] = months.map((month, i) => ({
    month,
    active: active[i]!,
    new: fresh[i]!,
    returning: active[i]! - fresh[i]!,
    lost: lost[i]!,
  }));
  return {
    period,
    headline: {
      buyers,
      newCustomers,
      repeatRate: buyers > 0 ? repeaters / buyers : null,
      revenueMinor: revenue,
      top20RevenueShare: topShareOf(spends, 0.2),
    },
    cohorts,
    activity,
  };
}

/** Satisfaction (CSI, the scatter) and complaints: small tables, read for the period. */
export function attitudeAggregates(db: ReadableDB, period: Period, runId: string | null, timeZone: string) {
  const [fromIso, toIso] = periodBounds(period, timeZone);
  const satisfaction = repo.satisfactionInPeriod(db, fromIso, toIso);
  let scoreCount = 0;
  let scoreSum = 0;
  for (const row of satisfaction) {
    scoreCount += row.scores;
    scoreSum += row.total;
  }
  // An even sample is drawn before looking up purchases, so a 100k shop costs ~600 lookups.
  const stride = Math.max(1, Math.ceil(satisfaction.length / SCATTER_MAX_POINTS));
  const sample = satisfaction.filter((_, i) => i % stride === 0);
  const frequencies = runId
    ? repo.frequencies(
        db,
        runId,
        sample.map((row) => row.customer_id),
      )
    : new Map<string, number>();
  const scatter: SatisfactionPoint[] = [];
  for (const row of sample) {
    const purchases = frequencies.get(row.customer_id);
    if (purchases !== undefined)
      scatter.push({ customerId: row.customer_id, satisfaction: row.total / row.scores, purchases });
  }

  const complaintRows = repo.complaintStats(db, fromIso, toIso);
  const byCause = new Map<ComplaintCause, number>();
  let total = 0;
  let resolved = 0;
  let resolveDays = 0;
  for (const row of complaintRows) {
    const cause: ComplaintCause = row.cause === null ? 'unknown' : (row.cause as ComplaintCause);
    byCause.set(cause, (byCause.get(cause) ?? 0) + row.complaints);
    total += row.complaints;
    resolved += row.resolved;
    resolveDays += row.resolve_days ?? 0;
  }
  const causes = [...complaintCauses, 'unknown' as const]
    .map((cause) => ({ cause, complaints: byCause.get(cause) ?? 0 }))
    .filter((row) => row.cause !== 'unknown' || row.complaints > 0);
  return {
    csi: scoreCount > 0 ? scoreSum / scoreCount : null,
    satisfactionScores: scoreCount,
    scatter,
    complaints: {
      causes,
      total,
      resolved,
      averageDaysToResolve: resolved > 0 ? resolveDays / resolved : null,
    },
  };
}

// ---- drill-down ----

export function filterToSql(
  filter: LoyaltyFilter,
  previousRunId: string | null,
  period: Period,
  timeZone: string,
): repo.CustomerFilterSql {
  const where: string[] = [];
  const params: unknown[] = [];
  const eq = (column: string, value: unknown): void => {
    where.push(`${column} = ?`);
    params.push(value);
  };
  if (filter.segment) eq('s.segment', filter.segment);
  if (filter.rfm) {
    eq('s.r_score', filter.rfm.r);
    eq('s.f_score', filter.rfm.f);
  }
  if (filter.abc) eq('s.abc_class', filter.abc);
  if (filter.tier) eq('s.value_tier', filter.tier);
  if (filter.stage) eq('s.lifecycle_stage', filter.stage);
  if (filter.loyalty) {
    where.push(`s.loyalty_type IN (${filter.loyalty.map(() => '?').join(', ')})`);
    params.push(...filter.loyalty);
  }
  if (filter.atRisk !== undefined) eq('s.at_risk', filter.atRisk ? 1 : 0);
  if (filter.pAlive) {
    where.push('s.frequency > 0 AND s.p_alive >= ? AND s.p_alive < ?');
    // The top bucket is closed so P(alive) = 1 lands in it, as in the histogram.
    params.push(filter.pAlive.min, filter.pAlive.max >= 1 ? 2 : filter.pAlive.max);
  }
  if (filter.movedFrom || filter.movedTo) {
    if (!previousRunId) where.push('0');
    else {
      where.push(
        `EXISTS (SELECT 1 FROM local_analysis_snapshot p WHERE p.run_id = ? AND p.customer_id = c.id
           AND p.segment IS NOT NULL AND s.segment IS NOT NULL AND p.segment <> s.segment
           ${filter.movedFrom ? 'AND p.segment = ?' : ''} ${filter.movedTo ? 'AND s.segment = ?' : ''})`,
      );
      params.push(previousRunId);
      if (filter.movedFrom) params.push(filter.movedFrom);
      if (filter.movedTo) params.push(filter.movedTo);
    }
  }
  if (filter.cohort) {
    // The cohort is the shop-local month of the first purchase, as in the cohort chart.
    where.push(
      `EXISTS (SELECT 1 FROM (SELECT MIN(purchased_at) AS first_at FROM purchases x
        WHERE x.customer_id = c.id AND x.deleted_at IS NULL AND x.is_return = 0) WHERE first_at >= ? AND first_at < ?)`,
    );
    const nextMonth = dayjs(`${filter.cohort}-01`).add(1, 'month').format('YYYY-MM-DD');
    params.push(localMidnightIso(`${filter.cohort}-01`, timeZone), localMidnightIso(nextMonth, timeZone));
  }
  if (filter.complaintCause) {
    const [fromIso, toIso] = periodBounds(period, timeZone);
    where.push(
      `EXISTS (SELECT 1 FROM complaints k WHERE k.customer_id = c.id AND k.deleted_at IS NULL
         AND k.received_at >= ? AND k.received_at < ? AND ${filter.complaintCause === 'unknown' ? 'k.cause IS NULL' : 'k.cause = ?'})`,
    );
    params.push(fromIso, toIso);
    if (filter.complaintCause !== 'unknown') params.push(filter.complaintCause);
  }
  if (filter.ids) {
    if (filter.ids.length === 0) where.push('0');
    else {
      where.push(`c.id IN (SELECT value FROM json_each(?))`);
      params.push(JSON.stringify(filter.ids));
    }
  }
  return { where, params };
}

export function listCustomers(
  db: ReadableDB,
  filter: LoyaltyFilter,
  offset: number,
  limit: number,
  today: Date,
  timeZone: string = readProfile(db)?.timezone ?? 'UTC',
  /** The caller's phone masking (privacy-settings `phoneMaskFor`); null shows numbers in full. */
  maskPhone: ((phone: string | null) => string | null) | null = null,
): LoyaltyCustomerPage {
  const runs = repo.latestRuns(db);
  const period = resolvePeriod({ from: filter.from, to: filter.to }, today, timeZone);
  const sql = filterToSql(filter, runs[1]?.id ?? null, period, timeZone);
  const snapshotOnly =
    filter.segment ??
    filter.rfm ??
    filter.abc ??
    filter.tier ??
    filter.stage ??
    filter.loyalty ??
    filter.pAlive;
  // Without a run every snapshot filter matches nobody, rather than everybody.
  if (!runs[0] && (snapshotOnly !== undefined || filter.atRisk !== undefined)) return { total: 0, rows: [] };
  const { total, rows } = repo.filteredCustomers(db, runs[0]?.id ?? null, sql, offset, limit);
  return {
    total,
    rows: rows.map((row) => ({
      id: row.id,
      name: row.name,
      phone: maskPhone ? maskPhone(row.phone) : row.phone,
      segment: row.segment as RfmSegment | null,
      stage: row.stage as LifecycleStage | null,
      monetaryMinor: row.monetary_minor,
      frequency: row.frequency,
      recencyDays: row.recency_days,
      pAlive: row.p_alive,
    })),
  };
}
