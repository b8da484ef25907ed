const SECONDS_PER_DAY = 86_400;
const MS_PER_DAY = 86_400_000;

const PAD2: readonly string[] = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const PAD3: readonly string[] = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/** Civil date of a day count since 1970-01-01 (H. Hinnant's algorithm), without a Date object. */
export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

export function dateString(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${PAD2[month]!}-${PAD2[day]!}`;
}

/**
 * Local days, opening hours and ISO strings for one shop time zone. Rows are
 * generated as plain numbers (Unix seconds); a Date and an Intl call are made
 * once per local day, never per row, because a million purchases would
 * otherwise spend most of their time constructing Dates.
 */
export class ShopCalendar {
  private readonly offsetByLocalDay = new Map<number, number>();
  private readonly utcDayPrefix = new Map<number, string>();
  private readonly localDateByDay = new Map<number, string>();
  private readonly formatter: Intl.DateTimeFormat;

  constructor(readonly timeZone: string) {
    this.formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  /** UTC offset (seconds east of UTC) in force at local noon of that local day. */
  offsetSeconds(localDay: number): number {
    const cached = this.offsetByLocalDay.get(localDay);
    if (cached !== undefined) return cached;
    const noonUtcMs = localDay * MS_PER_DAY + 12 * 3_600_000;
    const offset = this.offsetAtUtcMs(noonUtcMs - this.offsetAtUtcMs(noonUtcMs) * 1000);
    this.offsetByLocalDay.set(localDay, offset);
    return offset;
  }

  /** The local day (days since 1970-01-01 on the shop's wall calendar) of a Unix time. */
  localDay(unixSeconds: number): number {
    const guess = Math.floor(unixSeconds / SECONDS_PER_DAY);
    // The offset is at most ±14 h, so the local day is guess−1, guess or guess+1.
    for (let day = guess - 1; day <= guess + 1; day++) {
      const start = day * SECONDS_PER_DAY - this.offsetSeconds(day);
      if (unixSeconds >= start && unixSeconds < start + SECONDS_PER_DAY) return day;
    }
    return guess;
  }

  /** Unix seconds of a wall-clock time (seconds after local midnight) on a local day. */
  unixSeconds(localDay: number, secondsOfDay: number): number {
    return localDay * SECONDS_PER_DAY + secondsOfDay - this.offsetSeconds(localDay);
  }

  /** 0 = Sunday … 6 = Saturday. */
  dayOfWeek(localDay: number): number {
    return (((localDay + 4) % 7) + 7) % 7;
  }

  /** YYYY-MM-DD of a local day. */
  localDate(localDay: number): string {
    let text = this.localDateByDay.get(localDay);
    if (text === undefined) {
      const { year, month, day } = civilFromDays(localDay);
      text = dateString(year, month, day);
      this.localDateByDay.set(localDay, text);
    }
    return text;
  }

  /** ISO-8601 UTC with milliseconds, identical to Date#toISOString. */
  iso(unixMs: number): string {
    const ms = Math.floor(unixMs);
    const utcDay = Math.floor(ms / MS_PER_DAY);
    let prefix = this.utcDayPrefix.get(utcDay);
    if (prefix === undefined) {
      const { year, month, day } = civilFromDays(utcDay);
      prefix = `${dateString(year, month, day)}T`;
      this.utcDayPrefix.set(utcDay, prefix);
    }
    let rest = ms - utcDay * MS_PER_DAY;
    const hour = Math.floor(rest / 3_600_000);
    rest -= hour * 3_600_000;
    const minute = Math.floor(rest / 60_000);
    rest -= minute * 60_000;
    const second = Math.floor(rest / 1000);
    return `${prefix}${PAD2[hour]!}:${PAD2[minute]!}:${PAD2[second]!}.${PAD3[rest - second * 1000]!}Z`;
  }

  private offsetAtUtcMs(utcMs: number): number {
    const parts = this.formatter.formatToParts(new Date(utcMs));
    const field = (type: Intl.DateTimeFormatPartTypes): number =>
      Number(parts.find((part) => part.type === type)?.value ?? 0);
    const wallMs = Date.UTC(
      field('year'),
      field('month') - 1,
      field('day'),
      field('hour'),
      field('minute'),
      field('second'),
    );
    return Math.round((wallMs - Math.floor(utcMs / 1000) * 1000) / 1000);
  }
}
