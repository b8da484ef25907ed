/** Small helpers shared by the pipeline stages. */

/** Money is integer minor units; model outputs are rounded to the nearest unit. */
export function minorUnits(value: number): number {
  return Math.round(value);
}

/** Typed arrays use NaN for "no value"; the result types use null. */
export function nullIfNaN(value: number | undefined): number | null {
  return value === undefined || Number.isNaN(value) ? null : value;
}

/** How many of the indices 0..count−1 have each key (null keys are not counted). */
export function countBy<K extends string>(
  count: number,
  keyAt: (index: number) => K | null,
): Partial<Record<K, number>> {
  const counts: Partial<Record<K, number>> = {};
  for (let index = 0; index < count; index++) {
    const k = keyAt(index);
    if (k !== null) counts[k] = (counts[k] ?? 0) + 1;
  }
  return counts;
}
