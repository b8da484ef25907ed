/**
 * Quantile scores as the common public RFM recipes compute them with pandas, so a shop owner who
 * checks our scores in a spreadsheet or notebook gets the same answer.
 */

/** Indices 0..n−1 sorted by value ascending; ties keep input order (Array.prototype.sort is stable). */
export function ascendingOrder(values: ArrayLike<number>): number[] {
  const order = Array.from({ length: values.length }, (_, i) => i);
  return order.sort((i, j) => (values[i] ?? 0) - (values[j] ?? 0));
}

/**
 * `pd.qcut(s.rank(method='first'), bins, labels=1..bins)`: ties broken by input order, so with
 * n ≥ bins every bin is filled. Bin k holds ranks i with q_(k−1) < i ≤ q_k, q_k = 1 + k(n−1)/bins.
 * A single value gets the top bin.
 */
export function binsByRankFirst(values: ArrayLike<number>, bins: number): Int8Array {
  const n = values.length;
  const result = new Int8Array(n);
  const order = ascendingOrder(values);
  for (let rank0 = 0; rank0 < n; rank0++) {
    const bin = n <= 1 ? bins : Math.max(1, Math.ceil((bins * rank0) / (n - 1)));
    result[order[rank0] ?? 0] = bin;
  }
  return result;
}

/** numpy's default (linear) quantile of sorted values. */
export function quantileOfSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const position = (n - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.min(lower + 1, n - 1);
  const fraction = position - lower;
  const low = sorted[lower] ?? NaN;
  return fraction === 0 ? low : low + fraction * ((sorted[upper] ?? NaN) - low);
}

/**
 * `pd.qcut(s, bins)` on the values themselves: equal values always share a bin. Where ties make
 * two edges coincide (pandas would refuse), the tied values take the lower bin and the upper one
 * stays empty — preferable to giving identical customers different scores.
 */
export function binsByValue(values: ArrayLike<number>, bins: number): Int8Array {
  const n = values.length;
  const result = new Int8Array(n);
  if (n === 0) return result;
  const sorted = Float64Array.from(values as ArrayLike<number>).sort();
  const edges: number[] = [];
  for (let k = 1; k <= bins; k++) edges.push(quantileOfSorted(sorted, k / bins));
  for (let i = 0; i < n; i++) {
    const value = values[i] ?? 0;
    let bin = 1;
    while (bin < bins && value > (edges[bin - 1] ?? Infinity)) bin++;
    result[i] = bin;
  }
  return result;
}

/** Median of an unsorted list (mean of the middle two for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((p, q) => p - q);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? NaN)
    : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
}
