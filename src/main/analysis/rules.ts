/**
 * Association rules for cross-selling (交叉销售, DOMAIN.md §3.9): frequent itemsets by FP-growth
 * (Han, Pei & Yin 2000), then rules X → y with a single item on the right-hand side. The counts
 * match R's arules on the groceries data (see the unit tests).
 */

export interface RuleOptions {
  /** Frequent means count ≥ the smallest count whose support reaches this. */
  minSupport: number;
  minConfidence: number;
  /** Keep rules with lift strictly above this; null keeps every lift (as arules does). */
  minLift: number | null;
  /** Fewest items in a rule (left + right side); rules with an empty left side are never made. */
  minItems: number;
  /** Most items in a rule (left + right side). */
  maxItems: number;
}

export interface AssociationRule {
  antecedent: number[];
  consequent: number;
  /** Baskets containing every item of the rule. */
  count: number;
  support: number;
  confidence: number;
  lift: number;
}

export interface FrequentItemsets {
  /** Count per itemset; keys are ascending item indices joined by ','. */
  counts: Map<string, number>;
  itemCounts: Int32Array;
  baskets: number;
  minCount: number;
}

/**
 * Smallest count c with c / baskets ≥ minSupport in floating point, which is how arules compares;
 * equal to ceil(minSupport × baskets) except where that product carries a rounding error.
 */
export function minimumCount(minSupport: number, baskets: number): number {
  let count = Math.ceil(minSupport * baskets);
  while (count > 0 && (count - 1) / baskets >= minSupport) count--;
  while (count / baskets < minSupport) count++;
  return Math.max(1, count);
}

/** Baskets in compressed form: basket i is items[offsets[i] .. offsets[i + 1]). */
export interface BasketList {
  readonly length: number;
  readonly items: Int32Array;
  readonly offsets: Int32Array;
}

export function basketListFromArrays(baskets: readonly (readonly number[])[]): BasketList {
  const offsets = new Int32Array(baskets.length + 1);
  baskets.forEach((basket, i) => (offsets[i + 1] = (offsets[i] ?? 0) + basket.length));
  const items = new Int32Array(offsets[baskets.length] ?? 0);
  baskets.forEach((basket, i) => items.set(basket, offsets[i] ?? 0));
  return { length: baskets.length, items, offsets };
}

/** An FP-tree in flat arrays; node 0 is the root. */
class FpTree {
  readonly item: number[] = [-1];
  readonly count: number[] = [0];
  readonly parent: number[] = [-1];
  readonly nextSameItem: number[] = [-1];
  /** Child of (node, item) under the key node · stride + item: one map instead of one per node. */
  private readonly children = new Map<number, number>();
  /** First node of each item's chain, and the item's total count in this tree. */
  readonly head = new Map<number, number>();
  readonly itemTotal = new Map<number, number>();

  constructor(private readonly stride: number) {}

  /** The first `length` items of `path`, which must follow the global item order. */
  insert(path: ArrayLike<number>, length: number, count: number): void {
    let node = 0;
    for (let i = 0; i < length; i++) {
      const item = path[i] ?? 0;
      const key = node * this.stride + item;
      let child = this.children.get(key);
      if (child === undefined) {
        child = this.item.length;
        this.item.push(item);
        this.count.push(0);
        this.parent.push(node);
        this.nextSameItem.push(this.head.get(item) ?? -1);
        this.head.set(item, child);
        this.children.set(key, child);
      }
      this.count[child] = (this.count[child] ?? 0) + count;
      this.itemTotal.set(item, (this.itemTotal.get(item) ?? 0) + count);
      node = child;
    }
  }
}

function itemsetKey(items: readonly number[]): string {
  return [...items].sort((p, q) => p - q).join(',');
}

/** Frequent itemsets of up to `maxItems` items. Items are indices 0..itemCount−1. */
export function frequentItemsets(
  baskets: BasketList,
  itemCount: number,
  minSupport: number,
  maxItems: number,
): FrequentItemsets {
  const { items, offsets } = baskets;
  const itemCounts = new Int32Array(itemCount);
  // An item repeated on one ticket counts once: `seenIn` remembers the last basket that had it.
  const seenIn = new Int32Array(itemCount).fill(-1);
  for (let b = 0; b < baskets.length; b++) {
    for (let j = offsets[b] ?? 0; j < (offsets[b + 1] ?? 0); j++) {
      const item = items[j] ?? 0;
      if (seenIn[item] !== b) {
        seenIn[item] = b;
        itemCounts[item] = (itemCounts[item] ?? 0) + 1;
      }
    }
  }
  const minCount = minimumCount(minSupport, baskets.length);
  // Global order: most frequent first, so common prefixes share tree nodes.
  const rank = new Int32Array(itemCount).fill(-1);
  const frequent = Array.from({ length: itemCount }, (_, i) => i)
    .filter((i) => (itemCounts[i] ?? 0) >= minCount)
    .sort((i, j) => (itemCounts[j] ?? 0) - (itemCounts[i] ?? 0) || i - j);
  frequent.forEach((item, position) => (rank[item] = position));
  const byRank = (p: number, q: number): number => (rank[p] ?? 0) - (rank[q] ?? 0);

  const tree = new FpTree(itemCount);
  seenIn.fill(-1);
  const path = new Int32Array(itemCount);
  for (let b = 0; b < baskets.length; b++) {
    let length = 0;
    for (let j = offsets[b] ?? 0; j < (offsets[b + 1] ?? 0); j++) {
      const item = items[j] ?? 0;
      if ((rank[item] ?? -1) < 0 || seenIn[item] === b) continue;
      seenIn[item] = b;
      // Insertion into rank order: baskets are short.
      let k = length++;
      while (k > 0 && (rank[path[k - 1] ?? 0] ?? 0) > (rank[item] ?? 0)) {
        path[k] = path[k - 1] ?? 0;
        k--;
      }
      path[k] = item;
    }
    if (length > 0) tree.insert(path, length, 1);
  }
  const counts = new Map<string, number>();
  mine(tree, [], minCount, maxItems, byRank, itemCount, counts);
  return { counts, itemCounts, baskets: baskets.length, minCount };
}

function mine(
  tree: FpTree,
  suffix: readonly number[],
  minCount: number,
  maxItems: number,
  byRank: (p: number, q: number) => number,
  stride: number,
  out: Map<string, number>,
): void {
  for (const [item, total] of tree.itemTotal) {
    if (total < minCount) continue;
    const itemset = [...suffix, item];
    out.set(itemsetKey(itemset), total);
    if (itemset.length >= maxItems) continue;
    // Conditional pattern base: the path above every node of this item, weighted by its count.
    const paths: { path: number[]; count: number }[] = [];
    const conditionalTotals = new Map<number, number>();
    for (let node = tree.head.get(item) ?? -1; node !== -1; node = tree.nextSameItem[node] ?? -1) {
      const count = tree.count[node] ?? 0;
      const path: number[] = [];
      for (let up = tree.parent[node] ?? 0; up > 0; up = tree.parent[up] ?? 0) {
        const upItem = tree.item[up] ?? -1;
        path.push(upItem);
        conditionalTotals.set(upItem, (conditionalTotals.get(upItem) ?? 0) + count);
      }
      if (path.length > 0) paths.push({ path, count });
    }
    const conditional = new FpTree(stride);
    for (const { path, count } of paths) {
      const kept = path.filter((p) => (conditionalTotals.get(p) ?? 0) >= minCount).sort(byRank);
      if (kept.length > 0) conditional.insert(kept, kept.length, count);
    }
    if (conditional.itemTotal.size > 0) mine(conditional, itemset, minCount, maxItems, byRank, stride, out);
  }
}

/** Rules with one item on the right-hand side, best lift first (then confidence, then count). */
export function associationRules(itemsets: FrequentItemsets, options: RuleOptions): AssociationRule[] {
  const { counts, itemCounts, baskets } = itemsets;
  const rules: AssociationRule[] = [];
  const minItems = Math.max(2, options.minItems);
  for (const [key, count] of counts) {
    const items = key.split(',').map(Number);
    if (items.length < minItems || items.length > options.maxItems) continue;
    for (let k = 0; k < items.length; k++) {
      const consequent = items[k] ?? 0;
      const antecedent = items.filter((_, j) => j !== k);
      const antecedentCount = counts.get(antecedent.join(','));
      if (antecedentCount === undefined) continue;
      const confidence = count / antecedentCount;
      if (confidence < options.minConfidence) continue;
      const lift = confidence / ((itemCounts[consequent] ?? 0) / baskets);
      if (options.minLift !== null && !(lift > options.minLift)) continue;
      rules.push({ antecedent, consequent, count, support: count / baskets, confidence, lift });
    }
  }
  return rules.sort((p, q) => q.lift - p.lift || q.confidence - p.confidence || q.count - p.count);
}

/** Maps item names to indices 0..n−1 in first-seen order. */
export class ItemDictionary {
  private readonly indexByName = new Map<string, number>();
  readonly names: string[] = [];

  indexOf(name: string): number {
    let index = this.indexByName.get(name);
    if (index === undefined) {
      index = this.names.length;
      this.indexByName.set(name, index);
      this.names.push(name);
    }
    return index;
  }

  get size(): number {
    return this.names.length;
  }
}

export interface Suggestion {
  item: number;
  confidence: number;
  lift: number;
  /** Index of the rule that suggested it. */
  rule: number;
}

/**
 * Rules sorted by confidence (best first) and indexed by the first item of their left side, so a
 * customer's candidate rules are found from the items they bought instead of scanning every rule.
 */
export class SuggestionIndex {
  readonly rules: AssociationRule[];
  private readonly byFirstItem = new Map<number, number[]>();

  constructor(rules: readonly AssociationRule[]) {
    this.rules = [...rules].sort((p, q) => q.confidence - p.confidence || q.lift - p.lift);
    this.rules.forEach((rule, index) => {
      const first = rule.antecedent[0];
      if (first === undefined) return;
      const list = this.byFirstItem.get(first);
      if (list) list.push(index);
      else this.byFirstItem.set(first, [index]);
    });
  }

  /**
   * Products to suggest to one customer: for each item the customer has not bought, the highest
   * confidence over the rules whose whole left side the customer has bought; best first.
   */
  suggest(
    purchasedItems: ArrayLike<number>,
    purchased: { has(item: number): boolean },
    limit: number,
  ): Suggestion[] {
    if (limit <= 0) return [];
    const candidates: number[] = [];
    for (let i = 0; i < purchasedItems.length; i++) {
      const list = this.byFirstItem.get(purchasedItems[i] ?? -1);
      if (!list) continue;
      for (const index of list) {
        const rule = this.rules[index];
        if (!rule || purchased.has(rule.consequent)) continue;
        if (rule.antecedent.every((item) => purchased.has(item))) candidates.push(index);
      }
    }
    candidates.sort((p, q) => p - q);
    const suggestions: Suggestion[] = [];
    const taken = new Set<number>();
    for (const index of candidates) {
      const rule = this.rules[index];
      if (!rule || taken.has(rule.consequent)) continue;
      taken.add(rule.consequent);
      suggestions.push({ item: rule.consequent, confidence: rule.confidence, lift: rule.lift, rule: index });
      if (suggestions.length >= limit) break;
    }
    return suggestions;
  }
}
