/**
 * Every reason key the analysis emits, with the parameters each one carries (documented next to the
 * key). reason-messages.ts must have an en and a zh-CN template for each; the compiler enforces it.
 * Percentages are numbers 0–100 rounded to one decimal; day counts are whole days.
 */
import type { Reason } from './labels';

export const reasonKeys = [
  // RFM — {r, f, m} scores 1–5, {recencyDays, frequency}
  'rfm.scores',
  // ABC — {cumulativePct, aPct, bPct}
  'abc.a',
  'abc.b',
  'abc.c',
  // Pyramid — {rank, customers, topPct}
  'tier.ranked',
  'tier.prospect',
  // Lifecycle — see each rule in lifecycle.ts
  'lifecycle.prospect.noPurchase',
  'lifecycle.lost.pAlive', // {pAlivePct, thresholdPct}
  'lifecycle.lost.recency', // {daysSince, limitDays}
  'lifecycle.exploration.newCustomer', // {tenureDays, thresholdDays}
  'lifecycle.exploration.singleVisit', // {tenureDays}
  'lifecycle.formation.rising', // {n1, n0, windowDays}
  'lifecycle.decline.fewerVisits', // {n1, n0, windowDays}
  'lifecycle.decline.overdue', // {daysSince, gapDays}
  'lifecycle.stability.steady', // {n1, n0, windowDays}
  // Attachment (attitude side of loyalty)
  'attachment.unknown',
  'attachment.openComplaint', // {openComplaints}
  'attachment.satisfied', // {satisfaction, threshold}
  'attachment.recommends', // {recommend, threshold}
  'attachment.referred', // {referrals}
  'attachment.low', // {satisfaction, recommend, referrals} ('–' when not recorded)
  // Loyalty type — {fScore, threshold, discountedPct}
  'loyalty.premium',
  'loyalty.incentive',
  'loyalty.inertia',
  'loyalty.latent',
  'loyalty.price',
  'loyalty.none',
  // Churn warning
  'churn.lowPAlive', // {pAlivePct, thresholdPct}
  'churn.declining',
  'churn.safe', // {pAlivePct}
  'churn.safeNoModel',
  // CLV
  'clv.model', // {months, purchases, marginPct, discountPct}
  'clv.historical', // {marginPct}
  // Difference matrix — {tercile, frequency}
  'matrix.difference.above',
  'matrix.difference.below',
  // Loyalty × scale — {abcClass, fScore}
  'matrix.loyaltyScale.cashCow',
  'matrix.loyaltyScale.tomorrow',
  'matrix.loyaltyScale.chickenRib',
  'matrix.loyaltyScale.warmUp',
  // Credit × loyalty — {rating, fScore}
  'matrix.creditLoyalty.gold',
  'matrix.creditLoyalty.star',
  'matrix.creditLoyalty.risk',
  'matrix.creditLoyalty.poor',
  // Clusters — {cluster, k}; descriptions {days} / {purchases} / no params
  'cluster.assigned',
  'cluster.recency.recent',
  'cluster.recency.middling',
  'cluster.recency.lapsed',
  'cluster.frequency.frequent',
  'cluster.frequency.occasional',
  'cluster.frequency.rare',
  'cluster.monetary.high',
  'cluster.monetary.medium',
  'cluster.monetary.low',
  // Shop level: data-sufficiency verdict
  'verdict.ok', // {repeatCustomers, customers}
  'verdict.noCustomers',
  'verdict.tooFewRepeatCustomers', // {repeatCustomers, required}
  'verdict.bgnbdNotConverged', // {repeatCustomers}
  'verdict.bgnbdDegenerate', // {repeatCustomers}
  'verdict.gammaGammaUnusable', // {repeatCustomers}
  // Shop level: Pareto headline — {topPct, topCustomers, revenuePct}
  'pareto.headline',
] as const;

export type ReasonKey = (typeof reasonKeys)[number];

const known: ReadonlySet<string> = new Set(reasonKeys);

export function isReasonKey(key: string): key is ReasonKey {
  return known.has(key);
}

const withoutParams = new Map<ReasonKey, Reason>();

/**
 * Builds a reason; typed so the analysis can only emit keys that have messages. Reasons without
 * parameters are shared frozen objects: a shop's 100,000 "no attitude data" reasons need not be
 * 100,000 allocations.
 */
export function reason(key: ReasonKey, params?: Reason['params']): Reason {
  if (params) return { key, params };
  let shared = withoutParams.get(key);
  if (!shared) {
    shared = Object.freeze({ key, params: Object.freeze({}) });
    withoutParams.set(key, shared);
  }
  return shared;
}

/** Percentages in reasons carry one decimal. */
export function percent(share: number): number {
  return Math.round(share * 1000) / 10;
}
