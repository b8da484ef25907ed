/**
 * Input and output of one shop analysis (src/main/analysis/pipeline.ts). Shared so the worker
 * protocol, the snapshot writer and the renderer all use the same shapes. Everything here is plain
 * data that survives structured cloning between threads.
 */
import type {
  AbcClass,
  AttachmentLevel,
  ClvBasis,
  CreditLoyaltyQuadrant,
  CreditRating,
  DifferenceBlock,
  LifecycleStage,
  LoyaltyScaleQuadrant,
  LoyaltyType,
  Reason,
  RfmSegment,
  ValueTier,
} from './labels';
import type { AnalysisSettings, TimeUnit } from './settings';

/** Days since 1970-01-01 in the shop's calendar, or a local calendar date 'YYYY-MM-DD'. */
export type DayInput = number | string;

export interface PurchaseInput {
  /**
   * The purchase's date in the shop's time zone. Pass the local date, not a UTC timestamp: a sale
   * at 23:30 in Shanghai must not count as the next or previous day.
   */
  day: DayInput;
  /** Net of any returns on this purchase; do not pass a fully refunded sale. */
  amountMinor: number;
  /** True when any discount or promotion applied (drives incentive and price loyalty). */
  discounted?: boolean;
  /** Product (or category) ids on the ticket, for association rules and suggestions. */
  items?: readonly string[];
  /**
   * The ticket's product categories, for category-level rules (DOMAIN.md §3.9); lines without a
   * category are left out, and a category repeated on one ticket counts once.
   */
  categories?: readonly string[];
}

/** What the shop knows about the customer's attitude (all optional data may be missing). */
export interface AttitudeInput {
  /** Mean satisfaction score 1–5, null when never recorded. */
  satisfactionMean: number | null;
  /** Mean recommend score 0–10, null when never recorded. */
  recommendMean: number | null;
  /** Customers this customer referred. */
  referrals: number;
  /** Complaints not yet resolved. */
  openComplaints: number;
  /** All complaints ever, resolved or not (a complaint is attitude data even once resolved). */
  complaints: number;
}

export interface CustomerInput {
  id: string;
  /** Any order; purchases after the reference date or before the analysis window are ignored. */
  purchases: readonly PurchaseInput[];
  attitude?: AttitudeInput | null;
  /** Only for customers buying on credit (挂账). */
  creditRating?: CreditRating | null;
  /** Recorded cost of serving the customer (gifts, discounts given, service time), minor units. */
  costsMinor?: number;
}

export interface CustomerReasons {
  segment: Reason | null;
  abc: Reason | null;
  tier: Reason;
  stage: Reason;
  attachment: Reason;
  loyalty: Reason | null;
  churn: Reason | null;
  clv: Reason;
  cluster: Reason | null;
  difference: Reason | null;
  loyaltyScale: Reason | null;
  creditLoyalty: Reason | null;
}

export interface ItemSuggestion {
  item: string;
  confidence: number;
  lift: number;
}

/** Every label of one customer. Buyer-only labels are null for prospects. */
export interface CustomerAnalysis {
  id: string;
  /** Purchases in the analysis window up to the reference date. */
  frequency: number;
  /** Distinct purchase days. */
  visits: number;
  monetaryMinor: number;
  /** Days from the last purchase to the reference date; null for prospects. */
  recencyDays: number | null;
  firstPurchase: string | null;
  lastPurchase: string | null;
  rScore: number | null;
  fScore: number | null;
  mScore: number | null;
  segment: RfmSegment | null;
  abcClass: AbcClass | null;
  tier: ValueTier;
  /** 1 = biggest spender; null for prospects. */
  tierRank: number | null;
  stage: LifecycleStage;
  attachment: AttachmentLevel;
  loyalty: LoyaltyType | null;
  differenceBlock: DifferenceBlock | null;
  loyaltyScale: LoyaltyScaleQuadrant | null;
  creditLoyalty: CreditLoyaltyQuadrant | null;
  /** Null when the model was not fitted (see the shop verdict) and for prospects. */
  pAlive: number | null;
  /** Expected purchases over the CLV horizon; null without a model. */
  expectedPurchases: number | null;
  /** Expected spend per purchase (Gamma-Gamma, or the customer's own mean as fallback). */
  expectedSpendMinor: number | null;
  predictedClvMinor: number | null;
  /** Net spend × gross margin − recorded costs. */
  historicalValueMinor: number;
  /** The CLV to show: predicted when a model exists, else historical. */
  clvMinor: number;
  clvBasis: ClvBasis;
  atRisk: boolean;
  /** What a win-back would save; 0 when not at risk. */
  valueAtStakeMinor: number;
  /** 1 = call first; null when not at risk. */
  winBackRank: number | null;
  /** 1-based k-means cluster; null for prospects or when too few buyers. */
  cluster: number | null;
  suggestions: ItemSuggestion[];
  reasons: CustomerReasons;
}

export interface ModelFitSummary {
  bgnbd: {
    r: number;
    alpha: number;
    a: number;
    b: number;
    logLikelihood: number;
    iterations: number;
    converged: boolean;
  } | null;
  gammaGamma: {
    p: number;
    q: number;
    gamma: number;
    logLikelihood: number;
    iterations: number;
    converged: boolean;
    customers: number;
  } | null;
}

export interface DataSufficiency {
  /** True when BG/NBD numbers (P(alive), expected purchases, predicted CLV) were produced. */
  predictive: boolean;
  /** True when Gamma-Gamma spend estimates were used (otherwise each customer's own mean). */
  spendModel: boolean;
  reasons: Reason[];
}

/** Rules are mined twice: over the products on each ticket and over their categories. */
export const ruleLevels = ['product', 'category'] as const;
export type RuleLevel = (typeof ruleLevels)[number];

export interface AssociationRuleResult {
  level: RuleLevel;
  antecedent: string[];
  consequent: string;
  count: number;
  support: number;
  confidence: number;
  lift: number;
}

export interface ClusterDescription {
  cluster: number;
  size: number;
  typicalRecencyDays: number;
  typicalFrequency: number;
  typicalMonetaryMinor: number;
  description: Reason[];
}

export interface StageTiming {
  stage: AnalysisStage;
  ms: number;
}

export const analysisStages = [
  'ingest',
  'rfm',
  'abcPyramid',
  'bgnbd',
  'gammaGamma',
  'clv',
  'lifecycleLoyaltyChurn',
  'rules',
  'suggestions',
  'clusters',
  'assemble',
] as const;
export type AnalysisStage = (typeof analysisStages)[number];

export interface ShopAnalysis {
  referenceDate: string;
  timeUnit: TimeUnit;
  settings: AnalysisSettings;
  customers: number;
  buyers: number;
  /** Buyers with at least one repeat purchase day. */
  repeatCustomers: number;
  verdict: DataSufficiency;
  fits: ModelFitSummary;
  /** One month in the model's time unit, as used for CLV. */
  clvPeriodLength: number;
  pareto: {
    headline: { topShare: number; topCustomers: number; revenueShare: number; reason: Reason };
    curve: { customerShare: number; revenueShare: number }[];
  };
  /** Median days between visits over all buyers (used for single-visit customers). */
  shopMedianGapDays: number | null;
  /** Product rules, then category rules; each level best lift first, at most `maxRulesReported`. */
  rules: AssociationRuleResult[];
  /** Number of baskets (purchases with items) the product rules were mined from. */
  ruleBaskets: number;
  /** Number of baskets (purchases with at least one categorised line) the category rules came from. */
  categoryRuleBaskets: number;
  clusters: ClusterDescription[];
  /** Ids of at-risk customers, highest value at stake first. */
  winBack: string[];
  counts: {
    segment: Partial<Record<RfmSegment, number>>;
    abc: Partial<Record<AbcClass, number>>;
    tier: Partial<Record<ValueTier, number>>;
    stage: Partial<Record<LifecycleStage, number>>;
    loyalty: Partial<Record<LoyaltyType, number>>;
    atRisk: number;
  };
  timings: StageTiming[];
  totalMs: number;
}

export interface AnalysisResult {
  shop: ShopAnalysis;
  /** In the order the customers were added. */
  customers: CustomerAnalysis[];
}
