/**
 * The shop's local calendar for the Loyalty figures, with Intl only: the dayjs time-zone plugin's
 * extensionless subpath imports do not load under plain Node ESM (the Playwright specs import this
 * domain), and a dozen conversions per load need nothing more.
 */
import { zoneOffsetFinder } from '../../../shared/zone-offset';

const dayFormatters = new Map<string, Intl.DateTimeFormat>();

function cached(map: Map<string, Intl.DateTimeFormat>, timeZone: string, make: () => Intl.DateTimeFormat) {
  let formatter = map.get(timeZone);
  if (!formatter) {
    formatter = make();
    map.set(timeZone, formatter);
  }
  return formatter;
}

/** The shop-local date (YYYY-MM-DD) of an instant. */
export function localDate(at: Date, timeZone: string): string {
  return cached(
    dayFormatters,
    timeZone,
    () => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }),
  ).format(at);
}

/** Minutes the zone is ahead of UTC at an instant. */
function offsetMinutes(utcMs: number, timeZone: string): number {
  return zoneOffsetFinder(timeZone)(utcMs);
}

/** The UTC instant (ISO, comparable with stored timestamps) where a shop-local day begins. */
export function localMidnightIso(day: string, timeZone: string): string {
  const midnightAsIfUtc = Date.parse(`${day}T00:00:00.000Z`);
  // The offset at the first guess, then once more at the corrected instant (DST change days).
  let instant = midnightAsIfUtc - offsetMinutes(midnightAsIfUtc, timeZone) * 60_000;
  instant = midnightAsIfUtc - offsetMinutes(instant, timeZone) * 60_000;
  return new Date(instant).toISOString();
}
