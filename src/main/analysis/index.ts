/**
 * Patron's analysis maths: pure functions, no I/O, safe to run in a worker thread.
 *
 * The one entry point most callers need is the shop pipeline:
 *
 *   const analyzer = createShopAnalyzer(settings, '2024-06-30', 'day', { onStage });
 *   for (const customer of rowsFromDatabase()) analyzer.add(customer);   // CustomerInput
 *   const { shop, customers } = analyzer.finish();                         // AnalysisResult
 *
 * or `analyzeShop(iterable, settings, referenceDate, timeUnit)`. Input and result types live in
 * src/shared/analysis/types.ts, label codes in labels.ts, reason keys and their en / zh-CN
 * templates in reason-keys.ts and reason-messages.ts, settings (zod) in settings.ts.
 *
 * The building blocks are exported too, for reports that need one computation on its own (the
 * BG/NBD curve for a chart, rules for a product page) and for the unit tests.
 */
export { analyzeShop, createShopAnalyzer, type AnalyzeOptions, type ShopAnalyzer } from './pipeline';
export { packedIngestTransferables, type PackedIngest } from './pipeline-ingest';

export {
  bgnbdLogLikelihood,
  compressSummaries,
  conditionalExpectedPurchases,
  expectedPurchases,
  expectedPurchasesIfAlive,
  fitBgnbd,
  probabilityAlive,
  probabilityOfPurchases,
  type BgnbdFit,
  type BgnbdParams,
  type RepeatSummary,
} from './bgnbd';
export {
  conditionalExpectedSpend,
  fitGammaGamma,
  frequencySpendCorrelation,
  populationMeanSpend,
  type GammaGammaFit,
  type GammaGammaParams,
} from './gammagamma';
export { customerLifetimeValue, discountedExpectedPurchases, MONTH_LENGTH, type ClvHorizon } from './clv';
export { summarizePurchases, toTimeUnits, type CalibrationSummary, type DatedAmount } from './summary';
export { epochDayFromDate, isoDateFromEpochDay, toEpochDay } from './dates';

export { rfmScores, segmentOf, type RfmInput, type RfmScore } from './rfm';
export { abcClassify, type AbcResult, type ParetoHeadline, type ParetoPoint } from './abc';
export { assignTiers, type TierAssignment } from './pyramid';
export { creditLoyaltyQuadrant, differenceMatrix, isGoodCredit, loyaltyScaleQuadrant } from './matrices';
export { lifecycleStage, medianGapDays, type LifecycleAssignment } from './lifecycle';
export { attachmentOf, loyaltyTypeOf } from './loyalty';
export { churnRisk, valueAtStake, winBackOrder } from './churn';
export {
  associationRules,
  basketListFromArrays,
  frequentItemsets,
  ItemDictionary,
  SuggestionIndex,
  type AssociationRule,
  type BasketList,
  type RuleOptions,
} from './rules';
export { clusterRfm, kMeans, type RfmCluster, type RfmClustering } from './kmeans';
export { defaultSyntheticShop, syntheticShop, type SyntheticShopOptions } from './synthetic';
