/**
 * Loyalty type (客户忠诚类型, DOMAIN.md §3.6): attitude (attachment) × behaviour (repeat buying),
 * with the share of discounted purchases separating incentive and price loyalty.
 */
import type { AttachmentLevel, LoyaltyType, Reason } from '../../shared/analysis/labels';
import { percent, reason } from '../../shared/analysis/reason-keys';
import type { AnalysisSettings } from '../../shared/analysis/settings';
import type { AttitudeInput } from '../../shared/analysis/types';

export type LoyaltySettings = AnalysisSettings['loyalty'];

export interface AttachmentAssignment {
  level: AttachmentLevel;
  reason: Reason;
}

const NOT_RECORDED = '–';

function roundTo(value: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
}

export function attachmentOf(
  attitude: AttitudeInput | null | undefined,
  settings: LoyaltySettings,
): AttachmentAssignment {
  const hasData =
    attitude !== null &&
    attitude !== undefined &&
    (attitude.satisfactionMean !== null ||
      attitude.recommendMean !== null ||
      attitude.referrals > 0 ||
      attitude.complaints > 0 ||
      attitude.openComplaints > 0);
  if (!hasData || !attitude) return { level: 'unknown', reason: reason('attachment.unknown') };
  if (attitude.openComplaints > 0) {
    return {
      level: 'low',
      reason: reason('attachment.openComplaint', { openComplaints: attitude.openComplaints }),
    };
  }
  const { satisfactionMean, recommendMean, referrals } = attitude;
  if (satisfactionMean !== null && satisfactionMean >= settings.satisfactionHigh) {
    return {
      level: 'high',
      reason: reason('attachment.satisfied', {
        satisfaction: roundTo(satisfactionMean, 1),
        threshold: settings.satisfactionHigh,
      }),
    };
  }
  if (recommendMean !== null && recommendMean >= settings.recommendHigh) {
    return {
      level: 'high',
      reason: reason('attachment.recommends', {
        recommend: roundTo(recommendMean, 1),
        threshold: settings.recommendHigh,
      }),
    };
  }
  if (referrals >= settings.referralsHigh) {
    return { level: 'high', reason: reason('attachment.referred', { referrals }) };
  }
  return {
    level: 'low',
    reason: reason('attachment.low', {
      satisfaction: satisfactionMean === null ? NOT_RECORDED : roundTo(satisfactionMean, 1),
      recommend: recommendMean === null ? NOT_RECORDED : roundTo(recommendMean, 1),
      referrals,
    }),
  };
}

export interface LoyaltyAssignment {
  type: LoyaltyType;
  reason: Reason;
}

export function loyaltyTypeOf(
  attachment: AttachmentLevel,
  fScore: number,
  discountedShare: number,
  settings: LoyaltySettings,
): LoyaltyAssignment {
  const repeatHigh = fScore >= settings.repeatFScoreHigh;
  const promotionDriven = discountedShare >= settings.discountedShare;
  const attached = attachment === 'high';
  const type: LoyaltyType = attached
    ? repeatHigh
      ? 'premium'
      : 'latent'
    : repeatHigh
      ? promotionDriven
        ? 'incentive'
        : 'inertia'
      : promotionDriven
        ? 'price'
        : 'none';
  return {
    type,
    reason: reason(`loyalty.${type}`, {
      fScore,
      threshold: settings.repeatFScoreHigh,
      discountedPct: percent(discountedShare),
    }),
  };
}
