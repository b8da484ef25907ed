/**
 * Churn warning (流失预警, DOMAIN.md §3.8) and the win-back list.
 */
import type { LifecycleStage, Reason } from '../../shared/analysis/labels';
import { percent, reason } from '../../shared/analysis/reason-keys';

export interface ChurnAssignment {
  atRisk: boolean;
  reason: Reason;
}

export function churnRisk(
  pAlive: number | null,
  stage: LifecycleStage,
  atRiskPAlive: number,
): ChurnAssignment {
  if (pAlive !== null && pAlive < atRiskPAlive) {
    return {
      atRisk: true,
      reason: reason('churn.lowPAlive', { pAlivePct: percent(pAlive), thresholdPct: percent(atRiskPAlive) }),
    };
  }
  if (stage === 'decline') return { atRisk: true, reason: reason('churn.declining') };
  if (pAlive === null) return { atRisk: false, reason: reason('churn.safeNoModel') };
  return { atRisk: false, reason: reason('churn.safe', { pAlivePct: percent(pAlive) }) };
}

/**
 * Value at stake for a win-back call: what the customer would be worth over the horizon if still
 * active, times the probability they are not. Without a model we only know the past, so the
 * historical value stands in — a big past spender who lapsed is the one to call first.
 */
export function valueAtStake(
  pAlive: number | null,
  valueIfActive: number | null,
  historicalValue: number,
): number {
  if (pAlive === null || valueIfActive === null) return Math.max(0, historicalValue);
  return (1 - pAlive) * valueIfActive;
}

/** Indices of at-risk customers, highest value at stake first (ties keep input order). */
export function winBackOrder(customers: readonly { atRisk: boolean; valueAtStake: number }[]): number[] {
  const indices: number[] = [];
  customers.forEach((customer, i) => {
    if (customer.atRisk) indices.push(i);
  });
  return indices.sort((i, j) => (customers[j]?.valueAtStake ?? 0) - (customers[i]?.valueAtStake ?? 0));
}
