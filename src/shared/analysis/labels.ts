/**
 * Stable codes for every label the analysis assigns. Codes are stored in snapshots and never
 * renamed; what the user sees comes from label-names.ts (and the owner may rename segments there).
 */

/** The ten named segments of the R–F map (DOMAIN.md §3.1). */
export const rfmSegments = [
  'champions',
  'loyalCustomers',
  'potentialLoyalists',
  'newCustomers',
  'promising',
  'needAttention',
  'aboutToSleep',
  'atRisk',
  'cantLoseThem',
  'hibernating',
] as const;
export type RfmSegment = (typeof rfmSegments)[number];

export const abcClasses = ['A', 'B', 'C'] as const;
export type AbcClass = (typeof abcClasses)[number];

/** The customer pyramid (客户金字塔), top to bottom, plus prospects who have not bought. */
export const valueTiers = ['vip', 'major', 'ordinary', 'small', 'prospect'] as const;
export type ValueTier = (typeof valueTiers)[number];

/** In the order the rules are tried (DOMAIN.md §3.5). */
export const lifecycleStages = [
  'prospect',
  'lost',
  'exploration',
  'formation',
  'decline',
  'stability',
] as const;
export type LifecycleStage = (typeof lifecycleStages)[number];

export const loyaltyTypes = ['premium', 'incentive', 'inertia', 'latent', 'price', 'none'] as const;
export type LoyaltyType = (typeof loyaltyTypes)[number];

/** The attitude side of loyalty (依恋). */
export const attachmentLevels = ['high', 'low', 'unknown'] as const;
export type AttachmentLevel = (typeof attachmentLevels)[number];

/**
 * Customer difference matrix (顾客差异矩阵): contribution (high/low by median) × frequency tercile.
 * `highValueMediumFreq` is the textbook's block "B", the one most worth developing.
 */
export const differenceBlocks = [
  'highValueHighFreq',
  'highValueMediumFreq',
  'highValueLowFreq',
  'lowValueHighFreq',
  'lowValueMediumFreq',
  'lowValueLowFreq',
] as const;
export type DifferenceBlock = (typeof differenceBlocks)[number];
export const mostPromisingDifferenceBlock: DifferenceBlock = 'highValueMediumFreq';

/** Loyalty × scale: 金牛 big & loyal, 明日 big & not loyal, 鸡肋 small & loyal, 加温 small & not loyal. */
export const loyaltyScaleQuadrants = ['cashCow', 'tomorrow', 'chickenRib', 'warmUp'] as const;
export type LoyaltyScaleQuadrant = (typeof loyaltyScaleQuadrants)[number];

/** Credit × loyalty for credit customers: 黄金 gold, 明星 star, 风险 risk, 劣质 poor. */
export const creditLoyaltyQuadrants = ['gold', 'star', 'risk', 'poor'] as const;
export type CreditLoyaltyQuadrant = (typeof creditLoyaltyQuadrants)[number];

/** Set by the owner with the 5C checklist; A and B count as good credit. */
export const creditRatings = ['A', 'B', 'C', 'D'] as const;
export type CreditRating = (typeof creditRatings)[number];

/** Where a customer's CLV figure came from. */
export const clvBases = ['model', 'historical'] as const;
export type ClvBasis = (typeof clvBases)[number];

/**
 * Why a label was assigned: an i18n key from reason-keys.ts with its parameters, rendered by the UI
 * in the user's language (never an English sentence, so snapshots stay language-neutral).
 */
export interface Reason {
  key: string;
  params: Record<string, number | string>;
}
