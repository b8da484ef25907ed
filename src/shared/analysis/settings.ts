/**
 * Every threshold the analysis uses, with the defaults of DOMAIN.md. The owner can change each one in
 * Settings; the schema is what validates such a change. Units are in the names: `Share` is a
 * fraction 0–1, `Pct` a percentage 0–100, `Days` calendar days.
 */
import { z } from 'zod';

export const timeUnits = ['day', 'week'] as const;
/** The time unit the probability models count in. */
export type TimeUnit = (typeof timeUnits)[number];

const share = z.number().min(0).max(1);
const positiveInt = z.number().int().positive();

export const analysisWindowSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }),
  /** Only purchases in the last `days` days up to the reference date count. */
  z.object({ kind: z.literal('days'), days: positiveInt }),
]);
export type AnalysisWindow = z.infer<typeof analysisWindowSchema>;

export const analysisSettingsSchema = z.object({
  window: analysisWindowSchema.default({ kind: 'all' }),
  abc: z
    .object({
      /** Customers making up the first 80 % of revenue are class A. */
      aCutoffShare: share.default(0.8),
      /** … up to 95 % class B; the rest C. */
      bCutoffShare: share.default(0.95),
      /** The headline "the top 20 % of customers bring X % of revenue". */
      headlineTopShare: share.default(0.2),
    })
    .refine((abc) => abc.aCutoffShare < abc.bCutoffShare, { message: 'A cut-off must be below B cut-off' })
    .prefault({}),
  pyramid: z
    .object({
      vipPct: z.number().min(0).max(100).default(1),
      majorPct: z.number().min(0).max(100).default(4),
      ordinaryPct: z.number().min(0).max(100).default(15),
      // Small customers are the rest (80 % by default), so there is no fourth number to keep in sync.
    })
    .refine((p) => p.vipPct + p.majorPct + p.ordinaryPct <= 100, { message: 'tiers exceed 100 %' })
    .prefault({}),
  lifecycle: z
    .object({
      /** n₁ counts visits in the last window, n₀ in the window before. */
      windowDays: positiveInt.default(180),
      explorationTenureDays: positiveInt.default(90),
      growthFactor: z.number().positive().default(1.25),
      minRecentVisitsForFormation: positiveInt.default(2),
      declineFactor: z.number().positive().default(0.75),
      declineGapMultiple: z.number().positive().default(2),
      lostMinDays: positiveInt.default(365),
      lostGapMultiple: z.number().positive().default(4),
      /** Below this P(alive) the customer counts as lost. */
      lostPAlive: share.default(0.2),
    })
    .prefault({}),
  churn: z
    .object({
      /** Below this P(alive) the customer is at risk. */
      atRiskPAlive: share.default(0.5),
    })
    .prefault({}),
  loyalty: z
    .object({
      satisfactionHigh: z.number().min(1).max(5).default(4),
      recommendHigh: z.number().min(0).max(10).default(9),
      /** Referring this many customers shows attachment on its own. */
      referralsHigh: positiveInt.default(1),
      repeatFScoreHigh: z.number().int().min(1).max(5).default(4),
      discountedShare: share.default(0.5),
    })
    .prefault({}),
  value: z
    .object({
      /** 100 until the owner enters a margin, so values read as revenue rather than a made-up profit. */
      grossMarginPct: z.number().min(0).max(100).default(100),
      monthlyDiscountRate: z.number().min(0).max(1).default(0.01),
      horizonMonths: positiveInt.max(120).default(12),
    })
    .prefault({}),
  model: z
    .object({
      /**
       * With fewer repeat customers the four BG/NBD parameters are poorly determined (standard
       * errors of the order of the estimates), so no model numbers are shown.
       */
      minRepeatCustomers: positiveInt.default(50),
    })
    .prefault({}),
  rules: z
    .object({
      minSupport: share.default(0.01),
      minConfidence: share.default(0.3),
      /** Rules must have lift strictly above this. */
      minLift: z.number().min(0).default(1),
      /** Largest itemset (left side + right side) mined. */
      maxItems: z.number().int().min(2).max(10).default(4),
      /** How many rules the shop-level result keeps, best lift first. */
      maxRulesReported: positiveInt.default(200),
      suggestionsPerCustomer: z.number().int().min(0).max(20).default(3),
    })
    .prefault({}),
  clustering: z
    .object({
      k: z.number().int().min(2).max(10).default(4),
      seed: z.number().int().default(20_240_601),
      /** Restarts from different k-means++ seeds; the lowest within-cluster spread wins. */
      restarts: positiveInt.max(20).default(4),
    })
    .prefault({}),
});

export type AnalysisSettings = z.infer<typeof analysisSettingsSchema>;
/** What a settings form may send: every field optional, defaults filled in by `parse`. */
export type AnalysisSettingsInput = z.input<typeof analysisSettingsSchema>;

export const defaultAnalysisSettings: AnalysisSettings = analysisSettingsSchema.parse({});
