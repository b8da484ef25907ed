/**
 * One snapshot row per customer, as the values of an INSERT in SNAPSHOT_COLUMNS order. Built in the
 * worker, which writes them into a scratch file that main copies from (snapshot-scratch.repo.ts):
 * structured-cloning 100k nested result objects to main would block its event loop for seconds
 * while it rebuilds them (measured: a 12 s stall on the 100k-customer seed).
 */
import type { CustomerAnalysis, ItemSuggestion, ShopAnalysis } from '../../../shared/analysis/types';
import type { ReasonEncoder } from '../../../shared/analysis/reason-codec';

export const SNAPSHOT_COLUMNS = [
  'run_id',
  'customer_id',
  'recency_days',
  'frequency',
  'monetary_minor',
  'r_score',
  'f_score',
  'm_score',
  'segment',
  'abc_class',
  'value_tier',
  'lifecycle_stage',
  'loyalty_type',
  'difference_block',
  'loyalty_scale',
  'credit_loyalty',
  'p_alive',
  'expected_purchases',
  'expected_spend_minor',
  'predicted_clv_minor',
  'historical_value_minor',
  'at_risk',
  'cluster',
  'reasons',
  'visits',
  'first_purchase',
  'last_purchase',
  'attachment',
  'tier_rank',
  'clv_minor',
  'clv_basis',
  'value_at_stake_minor',
  'win_back_rank',
  'suggestions',
] as const;

export type SqlValue = string | number | null;

const int = (value: number | null): number | null => (value === null ? null : Math.round(value));

/**
 * The suggestions column: the JSON of the list, put together from each suggestion's JSON, which is
 * made once per suggestion object — the pipeline shares one object per rule between the customers
 * it suggests to (63k customers, a few dozen rules on the 100k seed), and printing the same two
 * full-precision numbers 63k times was most of building a row.
 */
const suggestionJson = new WeakMap<ItemSuggestion, string>();
function suggestionsJson(suggestions: readonly ItemSuggestion[]): string | null {
  if (suggestions.length === 0) return null;
  let out = '[';
  for (let i = 0; i < suggestions.length; i++) {
    const suggestion = suggestions[i]!;
    let json = suggestionJson.get(suggestion);
    if (json === undefined) {
      json = JSON.stringify(suggestion);
      suggestionJson.set(suggestion, json);
    }
    out += i === 0 ? json : `,${json}`;
  }
  return `${out}]`;
}

/** One customer's row, every column of SNAPSHOT_COLUMNS but the run id (filled in by main). */
export function snapshotValues(c: CustomerAnalysis, reasons: ReasonEncoder): SqlValue[] {
  return [
    c.id,
    c.recencyDays,
    c.frequency,
    int(c.monetaryMinor),
    c.rScore,
    c.fScore,
    c.mScore,
    c.segment,
    c.abcClass,
    c.tier,
    c.stage,
    c.loyalty,
    c.differenceBlock,
    c.loyaltyScale,
    c.creditLoyalty,
    c.pAlive,
    c.expectedPurchases,
    int(c.expectedSpendMinor),
    int(c.predictedClvMinor),
    int(c.historicalValueMinor),
    c.atRisk ? 1 : 0,
    c.cluster,
    reasons.encode(c.reasons),
    c.visits,
    c.firstPurchase,
    c.lastPurchase,
    c.attachment,
    c.tierRank,
    int(c.clvMinor),
    c.clvBasis,
    int(c.valueAtStakeMinor),
    c.winBackRank,
    suggestionsJson(c.suggestions),
  ];
}

const PARETO_POINTS = 201;

/** What main needs of the shop result: the Pareto curve thinned and the win-back list cut. */
export function lightShop(shop: ShopAnalysis): ShopAnalysis {
  const curve = shop.pareto.curve;
  const thinned =
    curve.length <= PARETO_POINTS
      ? curve
      : Array.from(
          { length: PARETO_POINTS },
          (_v, i) => curve[Math.round((i * (curve.length - 1)) / (PARETO_POINTS - 1))]!,
        );
  return { ...shop, pareto: { ...shop.pareto, curve: thinned }, winBack: shop.winBack.slice(0, 1000) };
}
