/**
 * The basket columns of a purchase (migration 0006): what the purchase_lines triggers store, built
 * in JavaScript for bulk loads that suspend those triggers. Both must give the same string.
 */

/** Separates names inside a basket column (never part of a product name or category). */
export const BASKET_SEPARATOR = '\u001f';

/**
 * Orders strings as SQLite's BINARY collation does (UTF-8 bytes, which is code-point order).
 * JavaScript's default sort compares UTF-16 units, which puts characters beyond U+FFFF (stored as
 * surrogates) before U+E000–U+FFFF; SQLite puts them after.
 */
export function compareCodePoints(left: string, right: string): number {
  const shorter = Math.min(left.length, right.length);
  for (let index = 0; index < shorter; index++) {
    const a = left.charCodeAt(index);
    const b = right.charCodeAt(index);
    if (a === b) continue;
    const aSurrogate = a >= 0xd800 && a <= 0xdfff;
    const bSurrogate = b >= 0xd800 && b <= 0xdfff;
    if (aSurrogate !== bSurrogate) return aSurrogate ? 1 : -1;
    return a - b;
  }
  return left.length - right.length;
}

/** The basket column for these values: sorted, joined, NULL when there are none. */
export function basketOf(values: readonly string[]): string | null {
  if (values.length === 0) return null;
  return [...values].sort(compareCodePoints).join(BASKET_SEPARATOR);
}

/** Both basket columns of a purchase from its lines (empty categories are left out, as the trigger does). */
export function basketColumnsOf(
  lines: readonly { productName: string; category: string }[],
): { products: string | null; categories: string | null } {
  return {
    products: basketOf(lines.map((line) => line.productName)),
    categories: basketOf(lines.map((line) => line.category).filter((category) => category !== '')),
  };
}
