/**
 * The textbook matrices (DOMAIN.md §3.7).
 *
 * Which notions we use, since the textbooks leave them open:
 * - "Loyal" in both loyalty matrices is the behavioural side of loyalty: repeat buying is high
 *   (F score ≥ the loyalty setting, 4 by default). That is the part the shop can measure for every
 *   buying customer; attitude data is often missing, and the loyalty type already combines both.
 * - "Big" (scale) in loyalty × scale is ABC class A: the customers who make up the first 80 % of
 *   revenue.
 * - Good credit is rating A or B; C and D are poor. Customers without a rating do not buy on credit
 *   and get no credit × loyalty quadrant.
 */
import type {
  AbcClass,
  CreditLoyaltyQuadrant,
  CreditRating,
  DifferenceBlock,
  LoyaltyScaleQuadrant,
  Reason,
} from '../../shared/analysis/labels';
import { reason } from '../../shared/analysis/reason-keys';
import { binsByRankFirst, median } from './quantiles';

export interface DifferenceAssignment {
  readonly block: DifferenceBlock;
  /** Built anew on each read (see DifferenceCell). */
  readonly reason: Reason;
}

const BLOCKS: Readonly<Record<'high' | 'low', readonly DifferenceBlock[]>> = {
  // Indexed by frequency tercile − 1.
  high: ['highValueLowFreq', 'highValueMediumFreq', 'highValueHighFreq'],
  low: ['lowValueLowFreq', 'lowValueMediumFreq', 'lowValueHighFreq'],
};

/**
 * A buyer's block, with the reason built only when read: for 100k buyers, a reason object and its
 * params object each were 200k long-lived objects, and the pipeline reads each reason once.
 */
class DifferenceCell implements DifferenceAssignment {
  readonly block: DifferenceBlock;
  readonly #above: boolean;
  readonly #tercile: number;
  readonly #frequency: number;

  constructor(above: boolean, tercile: number, frequency: number) {
    this.block = (above ? BLOCKS.high : BLOCKS.low)[tercile - 1] ?? 'lowValueLowFreq';
    this.#above = above;
    this.#tercile = tercile;
    this.#frequency = frequency;
  }

  get reason(): Reason {
    return reason(this.#above ? 'matrix.difference.above' : 'matrix.difference.below', {
      tercile: this.#tercile,
      frequency: this.#frequency,
    });
  }
}

/**
 * Frequency terciles by rank (ties in input order, like the F score, so the three groups have equal
 * size) × contribution above the median spend (a customer exactly at the median counts as low).
 */
export function differenceMatrix(
  frequency: readonly number[],
  contribution: readonly number[],
): DifferenceAssignment[] {
  const terciles = binsByRankFirst(frequency, 3);
  const middle = median(contribution);
  return frequency.map(
    (count, i) => new DifferenceCell((contribution[i] ?? 0) > middle, terciles[i] ?? 1, count),
  );
}

export function loyaltyScaleQuadrant(
  abcClass: AbcClass,
  fScore: number,
  repeatFScoreHigh: number,
): { quadrant: LoyaltyScaleQuadrant; reason: Reason } {
  const big = abcClass === 'A';
  const loyal = fScore >= repeatFScoreHigh;
  const quadrant: LoyaltyScaleQuadrant = big
    ? loyal
      ? 'cashCow'
      : 'tomorrow'
    : loyal
      ? 'chickenRib'
      : 'warmUp';
  return { quadrant, reason: reason(`matrix.loyaltyScale.${quadrant}`, { abcClass, fScore }) };
}

export function isGoodCredit(rating: CreditRating): boolean {
  return rating === 'A' || rating === 'B';
}

export function creditLoyaltyQuadrant(
  rating: CreditRating | null | undefined,
  fScore: number,
  repeatFScoreHigh: number,
): { quadrant: CreditLoyaltyQuadrant; reason: Reason } | null {
  if (!rating) return null;
  const good = isGoodCredit(rating);
  const loyal = fScore >= repeatFScoreHigh;
  const quadrant: CreditLoyaltyQuadrant = good ? (loyal ? 'gold' : 'star') : loyal ? 'risk' : 'poor';
  return { quadrant, reason: reason(`matrix.creditLoyalty.${quadrant}`, { rating, fScore }) };
}
