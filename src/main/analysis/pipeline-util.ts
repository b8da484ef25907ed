/** Small helpers shared by the pipeline stages. */

/** Money is integer minor units; model outputs are rounded to the nearest unit. */
export function minorUnits(value: number): number {
  return Math.round(value);
}

/** Typed arrays use NaN for "no value"; the result types use null. */
export function nullIfNaN(value: number | undefined): number | null {
  return value === undefined || Number.isNaN(value) ? null : value;
}

export function countBy<T, K extends string>(
  items: readonly T[],
  key: (item: T) => K | null,
): Partial<Record<K, number>> {
  const counts: Partial<Record<K, number>> = {};
  for (const item of items) {
    const k = key(item);
    if (k !== null) counts[k] = (counts[k] ?? 0) + 1;
  }
  return counts;
}
