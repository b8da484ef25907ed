/**
 * Flexible date parsing for imports and typed-in dates: what shops really have in their sheets.
 *
 * Accepted (after NFKC, so full-width digits and ／－ work):
 * - year first, always read as Y-M-D whatever the order option says:
 *   2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日 (also 号), 20240305
 * - year last, read with `order` ('dmy' or 'mdy'): 05/03/2024, 5-3-2024, 5.3.2024.
 *   With order 'ymd' (the default) such a date is accepted only when one part is > 12 and so
 *   cannot be a month; otherwise it is rejected as `ambiguous_date` — guessing would silently
 *   swap months and days for a whole file.
 * - English month names: 5 Mar 2024, 5 March 2024, Mar 5, 2024, March 5 2024
 * - Excel serial numbers with five integer digits (10000–99999 = 1927-05-18 … 2173-10-14), with
 *   an optional fraction for the time of day. Shorter numbers are refused on purpose: "1990" in a
 *   birthday column is a year, not 1905-06-12.
 * - an optional time after the date (space or T): 14:30, 14:30:15, 14:30:15.123, with Z or ±hh:mm.
 *
 * Two-digit years are refused (`unrecognised_format`): 03/05/24 has no safe reading.
 */

export type DateOrder = 'ymd' | 'dmy' | 'mdy';

export interface DateParseOptions {
  /** How to read dates whose year comes last (05/03/2024). Default 'ymd' = refuse when ambiguous. */
  order?: DateOrder;
}

export type DateRejectReason =
  'empty' | 'unrecognised_format' | 'ambiguous_date' | 'invalid_date' | 'invalid_time' | 'year_out_of_range';

export type DateResult = { ok: true; isoDate: string } | { ok: false; reason: DateRejectReason };

export type DateTimeResult =
  | {
      ok: true;
      isoDate: string;
      /** HH:mm:ss, or null when the input had no time. */
      time: string | null;
      /** Offset written in the input (Z = 0), or null when none was written. */
      offsetMinutes: number | null;
    }
  | { ok: false; reason: DateRejectReason };

export type MonthDayResult = { ok: true; monthDay: string } | { ok: false; reason: DateRejectReason };

export const MIN_YEAR = 1800;
export const MAX_YEAR = 2200;

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
  january: 1,
  february: 2,
  march: 3,
  april: 4,
  june: 6,
  july: 7,
  august: 8,
  september: 9,
  october: 10,
  november: 11,
  december: 12,
};

const TIME_PART = String.raw`(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2})?)?`;
const YEAR_FIRST = new RegExp(
  String.raw`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?` + TIME_PART + '$',
);
const COMPACT = new RegExp(String.raw`^(\d{4})(\d{2})(\d{2})` + TIME_PART + '$');
const YEAR_LAST = new RegExp(String.raw`^(\d{1,2})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{4})` + TIME_PART + '$');
const DAY_MONTHNAME_YEAR = new RegExp(
  String.raw`^(\d{1,2})[\s-]+([a-z]{3,9})\.?[\s-]+(\d{4})` + TIME_PART + '$',
  'i',
);
const MONTHNAME_DAY_YEAR = new RegExp(
  String.raw`^([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})` + TIME_PART + '$',
  'i',
);
const EXCEL_SERIAL = /^(\d{5})(?:\.(\d+))?$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

function buildIsoDate(year: number, month: number, day: number): DateResult {
  if (year < MIN_YEAR || year > MAX_YEAR) return { ok: false, reason: 'year_out_of_range' };
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return { ok: false, reason: 'invalid_date' };
  }
  return { ok: true, isoDate: `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}` };
}

interface TimeFields {
  time: string | null;
  offsetMinutes: number | null;
}

function buildTime(
  hours: string | undefined,
  minutes: string | undefined,
  seconds: string | undefined,
  zone: string | undefined,
): TimeFields | null {
  if (hours === undefined || minutes === undefined) return { time: null, offsetMinutes: null };
  const h = Number(hours);
  const m = Number(minutes);
  const s = seconds === undefined ? 0 : Number(seconds);
  if (h > 23 || m > 59 || s > 59) return null;
  let offsetMinutes: number | null = null;
  if (zone !== undefined) {
    if (zone === 'Z') offsetMinutes = 0;
    else {
      const digits = zone.replace(':', '');
      const sign = digits.startsWith('-') ? -1 : 1;
      const oh = Number(digits.slice(1, 3));
      const om = Number(digits.slice(3, 5));
      if (oh > 14 || om > 59) return null;
      offsetMinutes = sign * (oh * 60 + om);
    }
  }
  return { time: `${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}`, offsetMinutes };
}

/**
 * Excel's 1900 date system: serial 1 = 1900-01-01, and Excel pretends 1900 was a leap year
 * (serial 60 = the non-existent 1900-02-29). From serial 61 on, day 0 is therefore 1899-12-30.
 * Only five-digit serials reach this function, all far past the bug.
 */
function fromExcelSerial(integerPart: string, fraction: string | undefined): DateTimeResult {
  const serial = Number(integerPart);
  const epochMs = Date.UTC(1899, 11, 30);
  const date = new Date(epochMs + serial * 86_400_000);
  const built = buildIsoDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
  if (!built.ok) return built;
  if (fraction === undefined) return { ok: true, isoDate: built.isoDate, time: null, offsetMinutes: null };
  // Round to the second: Excel stores times as binary fractions (14:30 = 0.6041666…).
  let secondsOfDay = Math.round(Number(`0.${fraction}`) * 86_400);
  if (secondsOfDay >= 86_400) secondsOfDay = 86_399;
  const time = `${pad(Math.floor(secondsOfDay / 3600), 2)}:${pad(Math.floor((secondsOfDay % 3600) / 60), 2)}:${pad(secondsOfDay % 60, 2)}`;
  return { ok: true, isoDate: built.isoDate, time, offsetMinutes: null };
}

function withTime(date: DateResult, match: RegExpExecArray, timeIndex: number): DateTimeResult {
  if (!date.ok) return date;
  const time = buildTime(match[timeIndex], match[timeIndex + 1], match[timeIndex + 2], match[timeIndex + 4]);
  if (time === null) return { ok: false, reason: 'invalid_time' };
  return { ok: true, isoDate: date.isoDate, ...time };
}

function yearLast(first: number, second: number, year: number, order: DateOrder): DateResult {
  if (order === 'dmy') return buildIsoDate(year, second, first);
  if (order === 'mdy') return buildIsoDate(year, first, second);
  // 'ymd' cannot apply to a year-last date: decide only when the numbers leave one reading.
  if (first > 12 && second <= 12) return buildIsoDate(year, second, first);
  if (second > 12 && first <= 12) return buildIsoDate(year, first, second);
  if (first === second) return buildIsoDate(year, first, second);
  return { ok: false, reason: first > 12 && second > 12 ? 'invalid_date' : 'ambiguous_date' };
}

export function parseFlexibleDateTime(raw: string, options: DateParseOptions = {}): DateTimeResult {
  const order = options.order ?? 'ymd';
  const text = raw.normalize('NFKC').trim();
  if (text === '') return { ok: false, reason: 'empty' };

  let match = YEAR_FIRST.exec(text) ?? COMPACT.exec(text);
  if (match) return withTime(buildIsoDate(Number(match[1]), Number(match[2]), Number(match[3])), match, 4);

  match = YEAR_LAST.exec(text);
  if (match) return withTime(yearLast(Number(match[1]), Number(match[3]), Number(match[4]), order), match, 5);

  match = DAY_MONTHNAME_YEAR.exec(text);
  if (match) {
    const month = MONTHS[(match[2] ?? '').toLowerCase()];
    if (month === undefined) return { ok: false, reason: 'unrecognised_format' };
    return withTime(buildIsoDate(Number(match[3]), month, Number(match[1])), match, 4);
  }
  match = MONTHNAME_DAY_YEAR.exec(text);
  if (match) {
    const month = MONTHS[(match[1] ?? '').toLowerCase()];
    if (month === undefined) return { ok: false, reason: 'unrecognised_format' };
    return withTime(buildIsoDate(Number(match[3]), month, Number(match[2])), match, 4);
  }

  match = EXCEL_SERIAL.exec(text);
  if (match) return fromExcelSerial(match[1] ?? '', match[2]);

  return { ok: false, reason: 'unrecognised_format' };
}

/**
 * A calendar date (YYYY-MM-DD). A time of day after the date is accepted and dropped, because
 * spreadsheets often export birthdays as "1990-01-15 00:00:00".
 */
export function parseFlexibleDate(raw: string, options: DateParseOptions = {}): DateResult {
  const result = parseFlexibleDateTime(raw, options);
  return result.ok ? { ok: true, isoDate: result.isoDate } : result;
}

const MONTH_DAY_CJK = /^(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$/;
const MONTH_DAY_ISO = /^--(\d{2})-?(\d{2})$/;
const MONTH_DAY_NUMERIC = /^(\d{1,2})\s*[-/.]\s*(\d{1,2})$/;

/**
 * A birthday without a year, written as the ISO 8601 / vCard form `--MM-DD`.
 * Accepts 3月5日, --03-05, --0305, and 03-05 / 3/5 (read as month-day unless order is 'dmy').
 * February 29 is valid here: the person exists even if this year has no such day.
 */
export function parseMonthDay(raw: string, options: DateParseOptions = {}): MonthDayResult {
  const text = raw.normalize('NFKC').trim();
  if (text === '') return { ok: false, reason: 'empty' };
  let month: number;
  let day: number;
  const cjk = MONTH_DAY_CJK.exec(text) ?? MONTH_DAY_ISO.exec(text);
  const numeric = MONTH_DAY_NUMERIC.exec(text);
  if (cjk) {
    month = Number(cjk[1]);
    day = Number(cjk[2]);
  } else if (numeric) {
    const first = Number(numeric[1]);
    const second = Number(numeric[2]);
    [month, day] = options.order === 'dmy' ? [second, first] : [first, second];
  } else {
    return { ok: false, reason: 'unrecognised_format' };
  }
  // 2000 is a leap year, so this accepts --02-29 and nothing impossible.
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(2000, month)) {
    return { ok: false, reason: 'invalid_date' };
  }
  return { ok: true, monthDay: `--${pad(month, 2)}-${pad(day, 2)}` };
}
