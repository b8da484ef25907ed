/**
 * Lifecycle stage (客户关系生命周期, DOMAIN.md §3.5): the first rule that matches, in order. Visits
 * are distinct purchase days, so two tickets on one day are one visit and cannot create a gap of 0.
 */
import type { LifecycleStage, Reason } from '../../shared/analysis/labels';
import { percent, reason } from '../../shared/analysis/reason-keys';
import type { AnalysisSettings } from '../../shared/analysis/settings';

export type LifecycleSettings = AnalysisSettings['lifecycle'];

export interface LifecycleInput {
  /** Distinct visit days (epoch days) up to the reference date, ascending. */
  visitDays: ArrayLike<number>;
  /** From BG/NBD, or null when no model was fitted. */
  pAlive: number | null;
}

export interface LifecycleContext {
  referenceDay: number;
  /** Median days between visits over the whole shop, for single-visit customers; null if unknown. */
  shopMedianGapDays: number | null;
  settings: LifecycleSettings;
}

export interface LifecycleAssignment {
  stage: LifecycleStage;
  reason: Reason;
  /** Median days between this customer's visits (shop-wide for one visit), null when unknown. */
  gapDays: number | null;
}

/** Reused between calls: one scratch buffer instead of a gap array per customer. */
let gapScratch = new Float64Array(64);

const SMALL_SORT = 32;

function insertionSort(values: Float64Array): void {
  for (let i = 1; i < values.length; i++) {
    const value = values[i]!;
    let j = i - 1;
    while (j >= 0 && values[j]! > value) {
      values[j + 1] = values[j]!;
      j--;
    }
    values[j + 1] = value;
  }
}

export function medianGapDays(visitDays: ArrayLike<number>): number | null {
  const count = visitDays.length - 1;
  if (count < 1) return null;
  if (gapScratch.length < count) gapScratch = new Float64Array(Math.max(count, gapScratch.length * 2));
  for (let i = 0; i < count; i++) gapScratch[i] = (visitDays[i + 1] ?? 0) - (visitDays[i] ?? 0);
  const gaps = gapScratch.subarray(0, count);
  // Most customers have a handful of gaps: an insertion sort in place costs less than a typed-array
  // sort's set-up, called twice per customer for 100k customers.
  if (count <= SMALL_SORT) insertionSort(gaps);
  else gaps.sort();
  const middle = count >> 1;
  return count % 2 === 1 ? (gaps[middle] ?? 0) : ((gaps[middle - 1] ?? 0) + (gaps[middle] ?? 0)) / 2;
}

export function lifecycleStage(input: LifecycleInput, context: LifecycleContext): LifecycleAssignment {
  const { visitDays, pAlive } = input;
  const { referenceDay, settings } = context;
  const visits = visitDays.length;
  if (visits === 0)
    return { stage: 'prospect', reason: reason('lifecycle.prospect.noPurchase'), gapDays: null };

  const first = visitDays[0] ?? referenceDay;
  const last = visitDays[visits - 1] ?? referenceDay;
  const tenureDays = referenceDay - first;
  const daysSince = referenceDay - last;
  const gapDays = medianGapDays(visitDays) ?? context.shopMedianGapDays;
  const windowDays = settings.windowDays;
  let n1 = 0;
  let n0 = 0;
  for (let i = 0; i < visits; i++) {
    const age = referenceDay - (visitDays[i] ?? 0);
    if (age < windowDays) n1++;
    else if (age < 2 * windowDays) n0++;
  }
  const visitParams = { n1, n0, windowDays };

  if (pAlive !== null && pAlive < settings.lostPAlive) {
    return {
      stage: 'lost',
      gapDays,
      reason: reason('lifecycle.lost.pAlive', {
        pAlivePct: percent(pAlive),
        thresholdPct: percent(settings.lostPAlive),
      }),
    };
  }
  const lostLimit = Math.max(settings.lostMinDays, settings.lostGapMultiple * (gapDays ?? 0));
  if (daysSince > lostLimit) {
    return {
      stage: 'lost',
      gapDays,
      reason: reason('lifecycle.lost.recency', { daysSince, limitDays: lostLimit }),
    };
  }
  if (tenureDays < settings.explorationTenureDays) {
    return {
      stage: 'exploration',
      gapDays,
      reason: reason('lifecycle.exploration.newCustomer', {
        tenureDays,
        thresholdDays: settings.explorationTenureDays,
      }),
    };
  }
  if (visits === 1) {
    return {
      stage: 'exploration',
      gapDays,
      reason: reason('lifecycle.exploration.singleVisit', { tenureDays }),
    };
  }
  if (n1 >= settings.growthFactor * n0 && n1 >= settings.minRecentVisitsForFormation) {
    return { stage: 'formation', gapDays, reason: reason('lifecycle.formation.rising', visitParams) };
  }
  if (n1 < settings.declineFactor * n0) {
    return { stage: 'decline', gapDays, reason: reason('lifecycle.decline.fewerVisits', visitParams) };
  }
  if (gapDays !== null && daysSince > settings.declineGapMultiple * gapDays) {
    return {
      stage: 'decline',
      gapDays,
      reason: reason('lifecycle.decline.overdue', { daysSince, gapDays: Math.round(gapDays * 10) / 10 }),
    };
  }
  return { stage: 'stability', gapDays, reason: reason('lifecycle.stability.steady', visitParams) };
}
