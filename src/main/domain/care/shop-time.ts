import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import type { ReadableDB } from '../../db/connection';
import { readProfile } from '../shop/shop.service';

dayjs.extend(utc);
dayjs.extend(timezone);

export { dayjs };

/** The shop's IANA zone; "today", birthdays and month buckets are in the shop's local time. */
export function shopTimezone(db: ReadableDB): string {
  return readProfile(db)?.timezone ?? 'UTC';
}

const dateFormatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The shop-local calendar date (YYYY-MM-DD) of an instant. One cached Intl formatter per zone:
 * dayjs().tz() builds a formatter on every call, which made a card with thousands of
 * purchases take most of a second.
 */
export function localDate(at: Date | string, tz: string): string {
  let formatter = dateFormatters.get(tz);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone: tz,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dateFormatters.set(tz, formatter);
  }
  return formatter.format(typeof at === 'string' ? new Date(at) : at);
}

/** Whole days between two shop-local dates (b − a). */
export function daysBetweenLocal(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/**
 * Days from `today` until the next occurrence of a month-day (0 = today). A 29 February birthday
 * is celebrated on 28 February in common years.
 */
export function daysUntilMonthDay(today: string, monthDay: string): number {
  const year = Number(today.slice(0, 4));
  const next = (y: number): string => {
    const isLeap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
    return monthDay === '02-29' && !isLeap ? `${y}-02-28` : `${y}-${monthDay}`;
  };
  const thisYear = next(year);
  return thisYear >= today ? daysBetweenLocal(today, thisYear) : daysBetweenLocal(today, next(year + 1));
}
