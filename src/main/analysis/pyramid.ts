/**
 * The customer pyramid (客户金字塔, DOMAIN.md §3.3): buying customers ranked by spend; the top 1 %
 * are VIP, the next 4 % major, the next 15 % ordinary, the rest small. Boundaries round up, so a shop
 * with any buyer has at least one VIP; customers with equal spend at a boundary keep input order.
 */
import type { Reason, ValueTier } from '../../shared/analysis/labels';
import { percent, reason } from '../../shared/analysis/reason-keys';
import { stableOrder } from './quantiles';

export interface PyramidOptions {
  vipPct: number;
  majorPct: number;
  ordinaryPct: number;
}

export interface TierAssignment {
  readonly tier: ValueTier;
  /** 1 = highest spend. */
  readonly rank: number;
  /** Built anew on each read, for a ranked buyer (see RankedTier). */
  readonly reason: Reason;
}

/**
 * A buyer's tier, with the reason built only when read: for 100k buyers, a reason object and its
 * params object each were 200k long-lived objects, and the pipeline reads each reason once.
 */
class RankedTier implements TierAssignment {
  readonly #customers: number;

  constructor(
    readonly tier: ValueTier,
    readonly rank: number,
    customers: number,
  ) {
    this.#customers = customers;
  }

  get reason(): Reason {
    const { rank } = this;
    const customers = this.#customers;
    return reason('tier.ranked', { rank, customers, topPct: percent(rank / customers) });
  }
}

/** Number of customers within the top `pct` percent, rounded up. */
function boundary(pct: number, n: number): number {
  // pct·n/100 with integer-valued inputs is exact whenever the true value is an integer, so ceil
  // cannot be pushed up by rounding error.
  return Math.ceil((pct * n) / 100);
}

export function assignTiers(spend: readonly number[], options: PyramidOptions): TierAssignment[] {
  const n = spend.length;
  const order = stableOrder(spend, true);
  const vipEnd = boundary(options.vipPct, n);
  const majorEnd = boundary(options.vipPct + options.majorPct, n);
  const ordinaryEnd = boundary(options.vipPct + options.majorPct + options.ordinaryPct, n);
  const result = new Array<TierAssignment>(n);
  order.forEach((i, rank0) => {
    const tier: ValueTier =
      rank0 < vipEnd ? 'vip' : rank0 < majorEnd ? 'major' : rank0 < ordinaryEnd ? 'ordinary' : 'small';
    result[i] = new RankedTier(tier, rank0 + 1, n);
  });
  return result;
}

export const prospectTier: Readonly<TierAssignment> = Object.freeze({
  tier: 'prospect',
  rank: 0,
  reason: reason('tier.prospect'),
});
