/** Paths under /customers that are screens of the archive itself, not one customer's record. */
const ARCHIVE_SCREENS = new Set(['/customers/duplicates', '/customers/bin']);

/**
 * Which navigation entry is "where you are". A customer's card (and its edit form) lights up
 * "Card", not "Customers": the card is opened from Today, Loyalty, Complaints, search and the
 * list alike, and the "Card" entry is the one that brings you back to exactly this record —
 * lighting "Customers" after arriving from Loyalty would claim you came through the archive.
 * Everything else lights the entry whose path it is under.
 */
export function activeNavPath(pathname: string, navPaths: readonly string[]): string | null {
  const isRecord = /^\/customers\/[^/]+(?:\/edit)?$/.test(pathname) && !ARCHIVE_SCREENS.has(pathname);
  if (isRecord && navPaths.includes('/card')) return '/card';
  const under = navPaths.filter((path) => pathname === path || pathname.startsWith(`${path}/`));
  // The longest match wins, should two entries ever nest.
  return under.sort((a, b) => b.length - a.length)[0] ?? null;
}
