/**
 * RFM scores and the 25-cell R–F segment map (DOMAIN.md §3.1). Scores are quintiles over the shop's
 * buying customers: R on the values with ties shared and reversed (most recent fifth = 5), F by rank
 * with ties broken in input order so every quintile is filled, M on the values with ties shared.
 */
import type { Reason, RfmSegment } from '../../shared/analysis/labels';
import { reason } from '../../shared/analysis/reason-keys';
import { binsByRankFirst, binsByValue } from './quantiles';

export interface RfmInput {
  /** Days from the last purchase to the reference date. */
  recencyDays: number;
  /** Number of purchases. */
  frequency: number;
  /** Net spend. */
  monetary: number;
}

export interface RfmScore {
  r: number;
  f: number;
  m: number;
  segment: RfmSegment;
  reason: Reason;
}

/** Rows R = 5 … 1, columns F = 1 … 5, exactly as printed in DOMAIN.md. */
const SEGMENT_MAP: readonly (readonly RfmSegment[])[] = [
  ['newCustomers', 'potentialLoyalists', 'potentialLoyalists', 'champions', 'champions'],
  ['promising', 'potentialLoyalists', 'potentialLoyalists', 'loyalCustomers', 'loyalCustomers'],
  ['aboutToSleep', 'aboutToSleep', 'needAttention', 'loyalCustomers', 'loyalCustomers'],
  ['hibernating', 'hibernating', 'atRisk', 'atRisk', 'cantLoseThem'],
  ['hibernating', 'hibernating', 'atRisk', 'atRisk', 'cantLoseThem'],
];

export function segmentOf(r: number, f: number): RfmSegment {
  const segment = SEGMENT_MAP[5 - r]?.[f - 1];
  if (!segment) throw new RangeError(`RFM scores must be 1–5, got R=${r} F=${f}`);
  return segment;
}

/** Scores for buying customers; the input order is the tie-break order for F. */
export function rfmScores(customers: readonly RfmInput[]): RfmScore[] {
  const recencyBins = binsByValue(
    customers.map((c) => c.recencyDays),
    5,
  );
  const frequencyBins = binsByRankFirst(
    customers.map((c) => c.frequency),
    5,
  );
  const monetaryBins = binsByValue(
    customers.map((c) => c.monetary),
    5,
  );
  return customers.map((customer, i) => {
    const r = 6 - (recencyBins[i] ?? 5);
    const f = frequencyBins[i] ?? 1;
    const m = monetaryBins[i] ?? 1;
    return {
      r,
      f,
      m,
      segment: segmentOf(r, f),
      reason: reason('rfm.scores', {
        r,
        f,
        m,
        recencyDays: customer.recencyDays,
        frequency: customer.frequency,
      }),
    };
  });
}
