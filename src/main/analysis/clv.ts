/**
 * Discounted customer lifetime value over a finite horizon, conditional on each customer's history:
 * CLV = Σ_{i=1..H} m̃ · [E(Y(i·f)) − E(Y((i−1)·f))] / (1 + d)^i, where f is one month in the model's
 * time unit, d the monthly discount rate and m̃ the expected margin per purchase.
 */
import type { TimeUnit } from '../../shared/analysis/settings';
import { expectedPurchasesIfAlive, probabilityAlive, type BgnbdParams } from './bgnbd';

/**
 * One month in the model's time unit. 4.345 weeks is the value the published CDNOW CLV figures use
 * (52.14 weeks / 12); days use the same month so the two units agree.
 */
export const MONTH_LENGTH: Readonly<Record<TimeUnit, number>> = { week: 4.345, day: 4.345 * 7 };

export interface ClvHorizon {
  /** Number of discounting periods H. */
  periods: number;
  /** Length f of one period in the model's time unit (explicit so days and weeks cannot be mixed up). */
  periodLength: number;
  /** Discount rate per period (monthly). */
  discountRate: number;
}

/**
 * Σ_i [E(Y(i·f)) − E(Y((i−1)·f))] / (1 + d)^i for a customer known to be alive. It depends on the
 * history only through (x, T), so the pipeline can share it between customers.
 */
export function discountedPurchasesIfAlive(
  params: BgnbdParams,
  x: number,
  T: number,
  horizon: ClvHorizon,
): number {
  let total = 0;
  let previous = 0;
  for (let i = 1; i <= horizon.periods; i++) {
    const cumulative = expectedPurchasesIfAlive(params, i * horizon.periodLength, x, T);
    total += (cumulative - previous) / Math.pow(1 + horizon.discountRate, i);
    previous = cumulative;
  }
  return total;
}

/** Discounted expected purchases over the horizon, conditional on (x, t_x, T). */
export function discountedExpectedPurchases(
  params: BgnbdParams,
  x: number,
  tx: number,
  T: number,
  horizon: ClvHorizon,
): number {
  return probabilityAlive(params, x, tx, T) * discountedPurchasesIfAlive(params, x, T, horizon);
}

/**
 * CLV in the same money unit as `expectedSpend` (the Gamma-Gamma conditional mean spend, or a
 * fallback), times the gross margin share.
 */
export function customerLifetimeValue(
  params: BgnbdParams,
  summary: { x: number; tx: number; T: number },
  expectedSpend: number,
  marginShare: number,
  horizon: ClvHorizon,
): number {
  return (
    marginShare *
    expectedSpend *
    discountedExpectedPurchases(params, summary.x, summary.tx, summary.T, horizon)
  );
}
