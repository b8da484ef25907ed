/**
 * The UTC offset of an IANA zone at an instant, with Intl alone (no time-zone database of our own
 * and no dayjs plugin, whose subpath imports do not load under plain Node ESM). Used wherever a
 * stored UTC timestamp must land on the shop's own calendar day.
 */
const finders = new Map<string, (utcMs: number) => number>();

/** A function giving the minutes `timeZone` is ahead of UTC at an instant (one formatter per zone). */
export function zoneOffsetFinder(timeZone: string): (utcMs: number) => number {
  const known = finders.get(timeZone);
  if (known) return known;
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  });
  const finder = (utcMs: number): number => {
    const parts: Record<string, number> = {};
    for (const part of format.formatToParts(new Date(utcMs))) {
      if (part.type !== 'literal') parts[part.type] = Number(part.value);
    }
    const local = Date.UTC(parts['year']!, parts['month']! - 1, parts['day']!, parts['hour']!, parts['minute']!);
    return Math.round((local - Math.floor(utcMs / 60_000) * 60_000) / 60_000);
  };
  finders.set(timeZone, finder);
  return finder;
}
