/**
 * The calibration summary the BG/NBD and Gamma-Gamma models are fitted on, built from dated
 * purchases the way the literature does it: purchases on the same day merge into one, x counts the
 * repeat purchase days, t_x and T are measured from the first purchase.
 */
import type { TimeUnit } from '../../shared/analysis/settings';

export interface DatedAmount {
  /** Epoch day (see dates.ts). */
  day: number;
  amount: number;
}

export interface CalibrationSummary {
  /** Repeat purchase days: distinct purchase days − 1. */
  x: number;
  /** Time from the first to the last purchase day. */
  tx: number;
  /** Time from the first purchase day to the cut-off. */
  T: number;
  /** Mean spend of the repeat purchase days (first day excluded); 0 when x = 0. */
  zbar: number;
}

/**
 * Days in the model's time unit. Weeks are rounded to 2 decimals because that is how the published
 * CDNOW summary was made; the rounding never ties because 100·d/7 is never an odd multiple of ½.
 */
export function toTimeUnits(days: number, unit: TimeUnit): number {
  return unit === 'day' ? days : Math.round((days * 100) / 7) / 100;
}

/**
 * Summary of one customer's purchases up to and including `cutoffDay`, or null when they bought
 * nothing by then. Purchases may arrive in any order.
 */
export function summarizePurchases(
  purchases: readonly DatedAmount[],
  cutoffDay: number,
  unit: TimeUnit,
): CalibrationSummary | null {
  const spendByDay = new Map<number, number>();
  for (const purchase of purchases) {
    if (purchase.day > cutoffDay) continue;
    spendByDay.set(purchase.day, (spendByDay.get(purchase.day) ?? 0) + purchase.amount);
  }
  if (spendByDay.size === 0) return null;
  const days = [...spendByDay.keys()].sort((p, q) => p - q);
  const first = days[0] ?? 0;
  const last = days[days.length - 1] ?? first;
  let repeatSpend = 0;
  for (let i = 1; i < days.length; i++) repeatSpend += spendByDay.get(days[i] ?? 0) ?? 0;
  const x = days.length - 1;
  return {
    x,
    tx: toTimeUnits(last - first, unit),
    T: toTimeUnits(cutoffDay - first, unit),
    zbar: x > 0 ? repeatSpend / x : 0,
  };
}
