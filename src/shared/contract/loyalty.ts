import { z } from 'zod';
import { command } from './define';
import {
  abcClasses,
  lifecycleStages,
  loyaltyTypes,
  rfmSegments,
  valueTiers,
  type AbcClass,
  type LifecycleStage,
  type LoyaltyType,
  type RfmSegment,
  type ValueTier,
} from '../analysis/labels';

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');

export const complaintCauses = ['quality', 'communication', 'price', 'waiting', 'attitude', 'other'] as const;
export type ComplaintCause = (typeof complaintCauses)[number] | 'unknown';

/**
 * Which customers a chart element stands for. Snapshot filters (segment … movedTo) describe the
 * latest analysis run; `cohort` and `complaintCause` read the raw tables. Fields combine with AND.
 * The same names are used as query parameters of `/customers?…` (issue 3's list).
 */
export const loyaltyFilterSchema = z.object({
  segment: z.enum(rfmSegments).optional(),
  /** One R×F cell, e.g. { r: 5, f: 4 }. */
  rfm: z.object({ r: z.number().int().min(1).max(5), f: z.number().int().min(1).max(5) }).optional(),
  abc: z.enum(abcClasses).optional(),
  tier: z.enum(valueTiers).optional(),
  stage: z.enum(lifecycleStages).optional(),
  /** One or more loyalty types (a quadrant of the attachment × repeat chart may hold two). */
  loyalty: z.array(z.enum(loyaltyTypes)).min(1).optional(),
  atRisk: z.boolean().optional(),
  /** P(alive) in [min, max) — a bar of the P(alive) histogram. */
  pAlive: z.object({ min: z.number().min(0).max(1), max: z.number().min(0).max(1.0001) }).optional(),
  /** Month of first purchase 'YYYY-MM'. */
  cohort: z
    .string()
    .regex(/^\d{4}-\d{2}$/)
    .optional(),
  /** Customers moved from one segment (previous run) to another (latest run). */
  movedFrom: z.enum(rfmSegments).optional(),
  movedTo: z.enum(rfmSegments).optional(),
  /** Customers with a complaint of this cause received in the period. */
  complaintCause: z.enum([...complaintCauses, 'unknown']).optional(),
  /** The period for complaintCause (defaults to the last 12 months). */
  from: isoDay.optional(),
  to: isoDay.optional(),
  ids: z.array(z.string().min(1)).max(5000).optional(),
});
export type LoyaltyFilter = z.output<typeof loyaltyFilterSchema>;

/** The customer list's (issue 3) query string for a filter, as agreed in the brief. */
export function customerListQuery(filter: LoyaltyFilter): string {
  const params = new URLSearchParams();
  if (filter.segment) params.set('segment', filter.segment);
  if (filter.rfm) params.set('rfm', `${filter.rfm.r}-${filter.rfm.f}`);
  if (filter.abc) params.set('abc', filter.abc);
  if (filter.tier) params.set('tier', filter.tier);
  if (filter.stage) params.set('stage', filter.stage);
  if (filter.loyalty) params.set('loyalty', filter.loyalty.join(','));
  if (filter.atRisk) params.set('atRisk', '1');
  if (filter.cohort) params.set('cohort', filter.cohort);
  // Filters the list has no parameter for travel as an explicit id list.
  return params.toString();
}

export interface LoyaltyRunInfo {
  readonly id: string;
  readonly finishedAt: string | null;
  readonly asOf: string;
  /** Whether BG/NBD figures (P(alive), value at stake) exist in this run. */
  readonly predictive: boolean;
  readonly previousRunId: string | null;
  /** The run's analysis window in days; null when it took the whole history. */
  readonly windowDays: number | null;
  /** The run's ABC cut-offs, as shares of revenue (A up to `a`, B up to `b`). */
  readonly abcCutoffs: { readonly a: number; readonly b: number };
}

/** "The top X % of customers (N) bring Y % of revenue", over the run's analysis window. */
export interface ParetoHeadline {
  /** The share of customers the owner set (Settings → analysis, default 20 %). */
  readonly topShare: number;
  /** How many customers that is; null for runs from before the count was kept. */
  readonly topCustomers: number | null;
  readonly revenueShare: number;
}

/** The purchase-based half of the headline, for the period (raw purchase table). */
export interface PeriodHeadline {
  /** Customers with at least one purchase in the period. */
  readonly buyers: number;
  /** Customers whose first purchase ever falls in the period. */
  readonly newCustomers: number;
  /** Share of the period's buyers with at least two purchases in it; null without buyers. */
  readonly repeatRate: number | null;
  readonly revenueMinor: number;
  /** Revenue share of the top 20 % of the period's buyers; null without buyers. */
  readonly top20RevenueShare: number | null;
}

export interface LoyaltyHeadline {
  /** Mean satisfaction score (1–5) recorded in the period; null when none was recorded. */
  readonly csi: number | null;
  readonly satisfactionScores: number;
  /** From the latest run (null without a run). */
  readonly atRisk: number | null;
  /** Null without a run. */
  readonly valueAtStakeMinor: number | null;
}

/**
 * Purchase-table aggregates for the period. Separate from the dashboard because they scan the
 * period's purchases, which the stored snapshot cannot answer for an arbitrary period.
 */
export interface LoyaltyActivity {
  readonly period: { readonly from: string; readonly to: string };
  readonly headline: PeriodHeadline;
  readonly cohorts: readonly CohortRow[];
  readonly activity: readonly ActivityMonth[];
}

export interface RfmCell {
  readonly r: number;
  readonly f: number;
  readonly customers: number;
  readonly revenueMinor: number;
  readonly segment: RfmSegment;
}

export interface SegmentRow {
  readonly segment: RfmSegment;
  readonly customers: number;
  /** Of the run's buying customers. */
  readonly share: number;
  readonly revenueMinor: number;
  readonly averageSpendMinor: number;
  /** Customers in this segment in the previous run, null when there is no previous run. */
  readonly previousCustomers: number | null;
}

export interface LifecycleRow {
  readonly stage: LifecycleStage;
  readonly customers: number;
  /** Mean purchases per customer (over the run's analysis window). */
  readonly averagePurchases: number;
  /** Revenue ÷ purchases. */
  readonly spendPerPurchaseMinor: number;
  readonly revenueMinor: number;
}

export interface LoyaltyQuadrant {
  readonly quadrant: 'premium' | 'inertiaIncentive' | 'latent' | 'priceNone';
  readonly types: readonly LoyaltyType[];
  readonly customers: number;
}

export interface SatisfactionPoint {
  readonly customerId: string;
  /** Mean satisfaction 1–5 over the scores recorded in the period. */
  readonly satisfaction: number;
  /** Purchases in the latest run's window (the behavioural side of loyalty). */
  readonly purchases: number;
}

export interface CohortRow {
  readonly cohort: string;
  readonly size: number;
  /** Share of the cohort buying in month k after the first (index 0 = the first month, always 1). */
  readonly retention: readonly number[];
}

export interface ActivityMonth {
  readonly month: string;
  readonly active: number;
  readonly new: number;
  readonly returning: number;
  /** Active last month, not this month. */
  readonly lost: number;
}

export interface PAliveBucket {
  readonly min: number;
  readonly max: number;
  readonly customers: number;
}

export interface WinBackEntry {
  readonly customerId: string;
  readonly name: string;
  readonly lastPurchase: string | null;
  /** The customer's median days between visits (the shop's when unknown). */
  readonly usualIntervalDays: number | null;
  readonly valueAtStakeMinor: number;
  readonly pAlive: number | null;
  readonly hasOpenWinBackReminder: boolean;
}

export interface SegmentMove {
  readonly from: RfmSegment;
  readonly to: RfmSegment;
  readonly customers: number;
}

export interface RuleRow {
  readonly level: 'product' | 'category';
  readonly antecedent: readonly string[];
  readonly consequent: string;
  readonly support: number;
  readonly confidence: number;
  readonly lift: number;
}

export interface ComplaintCauseRow {
  readonly cause: ComplaintCause;
  readonly complaints: number;
}

export interface LoyaltyDashboard {
  readonly period: { readonly from: string; readonly to: string };
  readonly currency: string;
  readonly locale: string;
  readonly headline: LoyaltyHeadline;
  /** Null until an analysis has finished; every snapshot chart below is then empty. */
  readonly run: LoyaltyRunInfo | null;
  readonly rfmGrid: readonly RfmCell[];
  readonly segments: readonly SegmentRow[];
  readonly pareto: {
    readonly curve: readonly { readonly customerShare: number; readonly revenueShare: number }[];
    readonly abc: readonly {
      readonly abc: AbcClass;
      readonly customers: number;
      readonly revenueMinor: number;
    }[];
    /** Null until a run has buyers with revenue. */
    readonly headline: ParetoHeadline | null;
  };
  readonly pyramid: readonly {
    readonly tier: ValueTier;
    readonly customers: number;
    readonly revenueMinor: number;
  }[];
  readonly lifecycle: readonly LifecycleRow[];
  readonly loyaltyQuadrants: readonly LoyaltyQuadrant[];
  readonly satisfactionScatter: readonly SatisfactionPoint[];
  readonly pAliveHistogram: readonly PAliveBucket[];
  readonly winBack: readonly WinBackEntry[];
  /** Null when there is no previous run to compare with. */
  readonly movement: readonly SegmentMove[] | null;
  /** The strongest product rules (lift first), then the strongest category rules. */
  readonly rules: readonly RuleRow[];
  readonly complaints: {
    readonly causes: readonly ComplaintCauseRow[];
    readonly total: number;
    readonly resolved: number;
    /** Mean days from received to resolved over complaints resolved so far; null when none. */
    readonly averageDaysToResolve: number | null;
  };
}

export interface LoyaltyCustomerRow {
  readonly id: string;
  readonly name: string;
  /** E.164, or masked (`173 **** 1476`) for staff when the owner turned phone masking on. */
  readonly phone: string | null;
  readonly segment: RfmSegment | null;
  readonly stage: LifecycleStage | null;
  readonly monetaryMinor: number | null;
  readonly frequency: number | null;
  readonly recencyDays: number | null;
  readonly pAlive: number | null;
}

export interface LoyaltyCustomerPage {
  readonly total: number;
  readonly rows: readonly LoyaltyCustomerRow[];
}

const periodSchema = z.object({ from: isoDay.optional(), to: isoDay.optional() });

export const loyaltyCommands = {
  /**
   * Everything the Loyalty screen shows, from the latest stored analysis run (never re-running the
   * analysis) and, for the period (default: the last 12 months), the raw purchase, interaction and
   * complaint tables.
   */
  'loyalty.dashboard': command<LoyaltyDashboard>()({ input: periodSchema, mutates: false, role: 'staff' }),
  /** Buyers, new customers, repeat rate, revenue, top-20 % share, cohorts and monthly activity for the period. */
  'loyalty.activity': command<LoyaltyActivity>()({ input: periodSchema, mutates: false, role: 'staff' }),
  /** The customers behind one chart element (the drill-down table), a page at a time. */
  'loyalty.customers': command<LoyaltyCustomerPage>()({
    input: z.object({
      filter: loyaltyFilterSchema,
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(500).default(50),
    }),
    mutates: false,
    role: 'staff',
  }),
  /** One click on the win-back list: a 'win_back' reminder for each customer without an open one. */
  'loyalty.addWinBackReminders': command<{ created: number; skipped: number }>()({
    input: z.object({ customerIds: z.array(z.string().min(1)).min(1).max(1000), dueDate: isoDay.optional() }),
    mutates: true,
    role: 'staff',
  }),
};
