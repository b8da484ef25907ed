/**
 * ABC / Pareto classes (DOMAIN.md §3.2). Customers are sorted by spend, descending (ties keep input
 * order); a customer is in A while the revenue of everyone ranked above them is still below the A
 * cut-off — so the customer who crosses 80 % belongs to A, because the first 80 % of revenue cannot
 * be made without them. Negative net spend (returns exceeding purchases) counts as zero revenue.
 */
import type { AbcClass, Reason } from '../../shared/analysis/labels';
import { percent, reason } from '../../shared/analysis/reason-keys';
import { stableOrder } from './quantiles';

export interface AbcOptions {
  aCutoffShare: number;
  bCutoffShare: number;
  headlineTopShare: number;
}

export interface ParetoPoint {
  customerShare: number;
  revenueShare: number;
}

export interface ParetoHeadline {
  /** The share asked about (0.2 for "the top 20 %"). */
  topShare: number;
  topCustomers: number;
  revenueShare: number;
  reason: Reason;
}

export interface AbcResult {
  classes: AbcClass[];
  /** Revenue share of the customers ranked up to and including each customer. */
  cumulativeShare: Float64Array;
  /**
   * Customer i's reason, built on each call: kept for 100k buyers, the reasons were 200k
   * long-lived objects, and the pipeline reads each once.
   */
  reasonOf(i: number): Reason;
  headline: ParetoHeadline;
  /** At most `curvePoints` + 1 points from (0, 0) to (1, 1), for the Pareto chart. */
  curve: ParetoPoint[];
}

export function abcClassify(spend: readonly number[], options: AbcOptions, curvePoints = 100): AbcResult {
  const n = spend.length;
  const revenue = spend.map((value) => Math.max(0, value));
  const order = stableOrder(revenue, true);
  const total = revenue.reduce((sum, value) => sum + value, 0);
  const classes = new Array<AbcClass>(n).fill('C');
  const cumulativeShare = new Float64Array(n);
  const cumulativeByRank = new Float64Array(n + 1);
  let running = 0;
  for (let rank = 0; rank < n; rank++) {
    const i = order[rank] ?? 0;
    const before = total > 0 ? running / total : 1;
    running += revenue[i] ?? 0;
    const after = total > 0 ? running / total : 1;
    cumulativeByRank[rank + 1] = after;
    cumulativeShare[i] = after;
    const abcClass: AbcClass =
      total > 0 && before < options.aCutoffShare
        ? 'A'
        : total > 0 && before < options.bCutoffShare
          ? 'B'
          : 'C';
    classes[i] = abcClass;
  }
  const aPct = percent(options.aCutoffShare);
  const bPct = percent(options.bCutoffShare);
  const reasonOf = (i: number): Reason => {
    const abcClass = classes[i];
    if (abcClass === undefined) throw new RangeError(`there is no customer ${i}`);
    return reason(abcClass === 'A' ? 'abc.a' : abcClass === 'B' ? 'abc.b' : 'abc.c', {
      cumulativePct: percent(cumulativeShare[i] ?? 0),
      aPct,
      bPct,
    });
  };
  const topCustomers = n === 0 ? 0 : Math.max(1, Math.round(options.headlineTopShare * n));
  const revenueShare = total > 0 ? (cumulativeByRank[topCustomers] ?? 0) : 0;
  const curve: ParetoPoint[] = [{ customerShare: 0, revenueShare: 0 }];
  const steps = Math.min(curvePoints, n);
  for (let s = 1; s <= steps; s++) {
    const rank = Math.round((s * n) / steps);
    curve.push({ customerShare: rank / n, revenueShare: total > 0 ? (cumulativeByRank[rank] ?? 0) : 0 });
  }
  return {
    classes,
    cumulativeShare,
    reasonOf,
    curve,
    headline: {
      topShare: options.headlineTopShare,
      topCustomers,
      revenueShare,
      reason: reason('pareto.headline', {
        topPct: percent(options.headlineTopShare),
        topCustomers,
        revenuePct: percent(revenueShare),
      }),
    },
  };
}
