/**
 * Converts stored UTC timestamps to the shop's local calendar day (epoch days), fast enough for a
 * million rows: the zone's offset is looked up once per UTC hour with Intl and cached, since zones
 * change their offset only on (local) hour boundaries.
 */
const MS_PER_DAY = 86_400_000;

export function localDayConverter(timeZone: string): (isoUtc: string) => number {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  });
  const offsetByHour = new Map<string, number>();
  const offsetMinutesAt = (utcMs: number): number => {
    const parts: Record<string, number> = {};
    for (const part of format.formatToParts(new Date(utcMs))) {
      if (part.type !== 'literal') parts[part.type] = Number(part.value);
    }
    const local = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!);
    return Math.round((local - Math.floor(utcMs / 60_000) * 60_000) / 60_000);
  };
  return (isoUtc) => {
    const utcMs = Date.parse(isoUtc);
    if (Number.isNaN(utcMs)) throw new RangeError(`not a timestamp: ${JSON.stringify(isoUtc)}`);
    const hourKey = Math.floor(utcMs / 3_600_000);
    const key = String(hourKey);
    let offset = offsetByHour.get(key);
    if (offset === undefined) {
      offset = offsetMinutesAt(hourKey * 3_600_000);
      offsetByHour.set(key, offset);
    }
    return Math.floor((utcMs + offset * 60_000) / MS_PER_DAY);
  };
}

/** The UTC instant of local noon on an epoch day: a timestamp whose local date is that day. */
export function localNoonUtcIso(epochDay: number, timeZone: string): string {
  const noonUtc = epochDay * MS_PER_DAY + 12 * 3_600_000;
  const toDay = localDayConverter(timeZone);
  // Offsets are within ±14 h, so local noon lies within a day of UTC noon: shift by the offset.
  const format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', hour: 'numeric' });
  const localHour = Number(format.formatToParts(new Date(noonUtc)).find((p) => p.type === 'hour')?.value ?? 12);
  let shiftHours = localHour - 12;
  if (shiftHours < -12) shiftHours += 24;
  if (shiftHours > 12) shiftHours -= 24;
  const guess = noonUtc - shiftHours * 3_600_000;
  if (toDay(new Date(guess).toISOString()) !== epochDay) throw new RangeError(`no local noon on day ${epochDay}`);
  return new Date(guess).toISOString();
}
