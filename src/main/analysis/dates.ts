/**
 * Analysis works on whole calendar days in the shop's own time zone, counted as days since
 * 1970-01-01 ("epoch days"). Callers convert stored UTC timestamps to the shop's local date first;
 * the analysis never looks at clock time, so a purchase at 23:30 local time stays on its own day.
 */
import type { DayInput } from '../../shared/analysis/types';

const MS_PER_DAY = 86_400_000;

/** Parses 'YYYY-MM-DD' (anything after the date, such as a time, is ignored) or 'YYYYMMDD'. */
export function epochDayFromDate(date: string): number {
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(date);
  const dashed = compact ?? /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!dashed) throw new RangeError(`not a calendar date: ${JSON.stringify(date)}`);
  const year = Number(dashed[1]);
  const month = Number(dashed[2]);
  const day = Number(dashed[3]);
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new RangeError(`not a calendar date: ${JSON.stringify(date)}`);
  }
  return ms / MS_PER_DAY;
}

export function toEpochDay(input: DayInput): number {
  if (typeof input === 'number') {
    if (!Number.isInteger(input)) throw new RangeError(`epoch day must be an integer, got ${input}`);
    return input;
  }
  return epochDayFromDate(input);
}

/** 'YYYY-MM-DD' for an epoch day. */
export function isoDateFromEpochDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}
