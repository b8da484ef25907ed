/**
 * The stages that need nothing from the others: association rules (product and category level)
 * and per-customer suggestions. Their input and result are plain data with flat typed arrays, so a
 * second thread can run them while the analysing thread computes RFM, the value classes, the
 * clusters and the lifecycle labels; in one thread they run inline. The k-means clusters are here
 * too, as a stage of their own: they ran on the helper until the helper, which also fits the
 * models, became the one the analysing thread waited for.
 */
import type { AnalysisSettings } from '../../shared/analysis/settings';
import type { AnalysisStage, StageTiming } from '../../shared/analysis/types';
import { clusterRfm, type RfmClustering } from './kmeans';
import type { PackedBaskets } from './pipeline-ingest';
import {
  associationRules,
  frequentItemsets,
  SuggestionIndex,
  type AssociationRule,
  type BasketList,
} from './rules';

export interface SideInput {
  readonly baskets: PackedBaskets;
  readonly itemCount: number;
  readonly categoryBaskets: PackedBaskets;
  readonly categoryCount: number;
  /** For every customer, in order: how many distinct items they bought (0: none), then the items. */
  readonly customerItemCounts: Int32Array;
  readonly customerItems: Int32Array;
  readonly settings: Pick<AnalysisSettings, 'rules'>;
}

/** For every buyer, in order. */
export interface ClusterInput {
  readonly recencyDays: ArrayLike<number>;
  readonly frequency: ArrayLike<number>;
  readonly monetary: ArrayLike<number>;
}

export interface SideResult {
  readonly rules: AssociationRule[];
  readonly categoryRules: AssociationRule[];
  /**
   * For every customer: how many suggestions; then, flat, each one's rule as its index in `rules`.
   * A suggestion is the rule's consequent with the rule's confidence and lift.
   */
  readonly suggestionCounts: Int32Array;
  readonly suggestionRules: Int32Array;
  readonly timings: StageTiming[];
}

/** The buffers to pass in `postMessage`'s transfer list, for either direction. */
export function sideTransferables(value: SideInput | SideResult): ArrayBuffer[] {
  const arrays =
    'baskets' in value
      ? [
          value.baskets.items,
          value.baskets.offsets,
          value.categoryBaskets.items,
          value.categoryBaskets.offsets,
          value.customerItemCounts,
          value.customerItems,
        ]
      : [value.suggestionCounts, value.suggestionRules];
  return arrays.map((array) => array.buffer as ArrayBuffer);
}

export function runSideStages(input: SideInput, onStage?: (stage: AnalysisStage) => void): SideResult {
  const timings: StageTiming[] = [];
  const time = <T>(stage: AnalysisStage, run: () => T): T => {
    onStage?.(stage);
    const started = performance.now();
    const value = run();
    timings.push({ stage, ms: performance.now() - started });
    return value;
  };
  const { settings } = input;
  const mined = time('rules', () => ({
    rules: mineRules(basketList(input.baskets), input.itemCount, settings.rules),
    categoryRules: mineRules(basketList(input.categoryBaskets), input.categoryCount, settings.rules),
  }));
  const suggestions = time('suggestions', () => suggestAll(input, mined.rules));
  return { ...mined, ...suggestions, timings };
}

/** k-means on the buyers' R, F and M; null with fewer buyers than clusters. */
export function clusterBuyers(
  input: ClusterInput,
  settings: AnalysisSettings['clustering'],
): RfmClustering | null {
  const buyers = input.recencyDays.length;
  if (buyers < settings.k) return null;
  return clusterRfm(
    Array.from({ length: buyers }, (_, b) => ({
      recencyDays: input.recencyDays[b] ?? 0,
      frequency: input.frequency[b] ?? 0,
      monetary: input.monetary[b] ?? 0,
    })),
    settings,
  );
}

function basketList(baskets: PackedBaskets): BasketList {
  return { items: baskets.items, offsets: baskets.offsets, length: Math.max(0, baskets.offsets.length - 1) };
}

/**
 * Rules over one level's baskets, with the same support, confidence and lift thresholds at every
 * level (DOMAIN.md §3.9), best lift first.
 */
export function mineRules(
  baskets: BasketList,
  itemCount: number,
  settings: AnalysisSettings['rules'],
): AssociationRule[] {
  if (baskets.length === 0) return [];
  const itemsets = frequentItemsets(baskets, itemCount, settings.minSupport, settings.maxItems);
  return associationRules(itemsets, {
    minSupport: settings.minSupport,
    minConfidence: settings.minConfidence,
    minLift: settings.minLift,
    minItems: 2,
    maxItems: settings.maxItems,
  });
}

function suggestAll(
  input: SideInput,
  rules: readonly AssociationRule[],
): Pick<SideResult, 'suggestionCounts' | 'suggestionRules'> {
  const customers = input.customerItemCounts.length;
  const limit = input.settings.rules.suggestionsPerCustomer;
  const counts = new Int32Array(customers);
  const ruleNumbers: number[] = [];
  if (rules.length > 0 && limit > 0) {
    const index = new SuggestionIndex(rules);
    // The index numbers the rules in its own (confidence) order; the result names them as mined.
    const minedNumber = new Map(rules.map((rule, i) => [rule, i]));
    // Membership by stamping each customer's items, rather than building a Set per customer.
    const stamp = new Int32Array(input.itemCount);
    const purchased = { has: (item: number): boolean => stamp[item] === current };
    let current = 0;
    let at = 0;
    for (let c = 0; c < customers; c++) {
      const count = input.customerItemCounts[c] ?? 0;
      const own = input.customerItems.subarray(at, at + count);
      at += count;
      if (count === 0) continue;
      current++;
      for (const item of own) stamp[item] = current;
      const suggested = index.suggest(own, purchased, limit);
      counts[c] = suggested.length;
      for (const s of suggested) ruleNumbers.push(minedNumber.get(index.rules[s.rule]!) ?? -1);
    }
  }
  return { suggestionCounts: counts, suggestionRules: Int32Array.from(ruleNumbers) };
}
