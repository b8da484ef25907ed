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
  readonly r: number;
  readonly f: number;
  readonly m: number;
  readonly segment: RfmSegment;
  /** Built anew on each read (see ScoredCustomer). */
  readonly reason: Reason;
}

/**
 * A buyer's scores, with the reason built only when read: for 100k buyers, a reason object and its
 * params object each were 200k long-lived objects for the garbage collector, while the pipeline
 * reads each reason once, when the customer's row is built.
 */
class ScoredCustomer implements RfmScore {
  readonly segment: RfmSegment;
  readonly #recencyDays: number;
  readonly #frequency: number;

  constructor(
    readonly r: number,
    readonly f: number,
    readonly m: number,
    input: RfmInput,
  ) {
    this.segment = segmentOf(r, f);
    this.#recencyDays = input.recencyDays;
    this.#frequency = input.frequency;
  }

  get reason(): Reason {
    const { r, f, m } = this;
    return reason('rfm.scores', { r, f, m, recencyDays: this.#recencyDays, frequency: this.#frequency });
  }
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
  return customers.map(
    (customer, i) =>
      new ScoredCustomer(6 - (recencyBins[i] ?? 5), frequencyBins[i] ?? 1, monetaryBins[i] ?? 1, customer),
  );
}
