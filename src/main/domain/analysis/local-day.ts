/**
 * Converts stored UTC timestamps to the shop's local calendar day (epoch days), fast enough for a
 * million rows: the zone's offset is looked up with Intl once per UTC day (per hour on a day it
 * changes) and cached.
 */
import { zoneOffsetFinder } from '../../../shared/zone-offset';

const MS_PER_DAY = 86_400_000;

export function localDayConverter(timeZone: string): (isoUtc: string) => number {
  const localDayOfUtcMs = localDayOfInstant(timeZone);
  return (isoUtc) => {
    let utcMs = utcMsOfCanonicalIso(isoUtc);
    if (Number.isNaN(utcMs)) {
      utcMs = Date.parse(isoUtc);
      if (Number.isNaN(utcMs)) throw new RangeError(`not a timestamp: ${JSON.stringify(isoUtc)}`);
    }
    return localDayOfUtcMs(utcMs);
  };
}

/**
 * The shop's local epoch day of a UTC instant in milliseconds. The zone's offset is looked up with
 * Intl once per UTC day where it is the same at that day's start and at the next day's (zones
 * change their offset at most once in any 24 hours, so it then holds all day), and once per UTC
 * hour on a day it changes: a two-year history spans ~17k hours but ~730 days, and those Intl calls
 * were ~150 ms of a 100k-customer read.
 */
export function localDayOfInstant(timeZone: string): (utcMs: number) => number {
  const offsetMinutesAt = zoneOffsetFinder(timeZone);
  const offsetByHour = new Map<number, number>();
  const hourOffset = (hour: number): number => {
    let offset = offsetByHour.get(hour);
    if (offset === undefined) {
      offset = offsetMinutesAt(hour * 3_600_000);
      offsetByHour.set(hour, offset);
    }
    return offset;
  };
  /** By UTC day: the offset that holds all day, or NaN on a day the zone changes it. */
  const offsetByDay = new Map<number, number>();
  let lastDay = Number.NaN;
  let lastOffset = 0;
  return (utcMs) => {
    const day = Math.floor(utcMs / MS_PER_DAY);
    // A customer's purchases come in time order, so consecutive rows often share the day.
    if (day !== lastDay) {
      let offset = offsetByDay.get(day);
      if (offset === undefined) {
        const atStart = hourOffset(day * 24);
        offset = atStart === hourOffset((day + 1) * 24) ? atStart : Number.NaN;
        offsetByDay.set(day, offset);
      }
      if (Number.isNaN(offset)) {
        return Math.floor((utcMs + hourOffset(Math.floor(utcMs / 3_600_000)) * 60_000) / MS_PER_DAY);
      }
      lastDay = day;
      lastOffset = offset;
    }
    return Math.floor((utcMs + lastOffset * 60_000) / MS_PER_DAY);
  };
}

const ZERO = 48;

/** Digits at [from, from + count) as a number, or NaN if any is not a digit. */
function digits(text: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const digit = text.charCodeAt(i) - ZERO;
    if (digit < 0 || digit > 9) return Number.NaN;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * Milliseconds of a timestamp in the form Patron stores (`YYYY-MM-DDTHH:MM:SS[.sss]Z`, as
 * `toISOString` writes it), read digit by digit: a million `Date.parse` calls were a visible share
 * of the worker's read. Anything else gives NaN and goes through `Date.parse`.
 */
export function utcMsOfCanonicalIso(iso: string): number {
  const length = iso.length;
  if (
    (length !== 20 && length !== 24) ||
    iso.charCodeAt(4) !== 45 || // -
    iso.charCodeAt(7) !== 45 ||
    iso.charCodeAt(10) !== 84 || // T
    iso.charCodeAt(13) !== 58 || // :
    iso.charCodeAt(16) !== 58 ||
    iso.charCodeAt(length - 1) !== 90 || // Z
    (length === 24 && iso.charCodeAt(19) !== 46) // .
  ) {
    return Number.NaN;
  }
  const year = digits(iso, 0, 4);
  const month = digits(iso, 5, 2);
  const day = digits(iso, 8, 2);
  const hour = digits(iso, 11, 2);
  const minute = digits(iso, 14, 2);
  const second = digits(iso, 17, 2);
  const ms = length === 24 ? digits(iso, 20, 3) : 0;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59)
    return Number.NaN;
  // Date.UTC on validated fields; NaN fields (non-digits) propagate to NaN.
  const result = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // Reject days past the month's end (Date.UTC would roll 02-30 over into March).
  return new Date(result).getUTCDate() === day ? result : Number.NaN;
}

/** The UTC instant of local noon on an epoch day: a timestamp whose local date is that day. */
export function localNoonUtcIso(epochDay: number, timeZone: string): string {
  const offsetMinutesAt = zoneOffsetFinder(timeZone);
  const noonAsIfUtc = epochDay * MS_PER_DAY + 12 * 3_600_000;
  // Take the offset at the first guess, then once more at the corrected instant (DST days).
  let instant = noonAsIfUtc - offsetMinutesAt(noonAsIfUtc) * 60_000;
  instant = noonAsIfUtc - offsetMinutesAt(instant) * 60_000;
  return new Date(instant).toISOString();
}
