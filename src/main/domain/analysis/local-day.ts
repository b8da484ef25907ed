/**
 * Converts stored UTC timestamps to the shop's local calendar day (epoch days), fast enough for a
 * million rows: the zone's offset is looked up once per UTC hour with Intl and cached, since zones
 * change their offset only on (local) hour boundaries.
 */
const MS_PER_DAY = 86_400_000;

function offsetFinder(timeZone: string): (utcMs: number) => number {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  });
  /** Minutes the zone is ahead of UTC at that instant. */
  return (utcMs) => {
    const parts: Record<string, number> = {};
    for (const part of format.formatToParts(new Date(utcMs))) {
      if (part.type !== 'literal') parts[part.type] = Number(part.value);
    }
    const local = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!);
    return Math.round((local - Math.floor(utcMs / 60_000) * 60_000) / 60_000);
  };
}

export function localDayConverter(timeZone: string): (isoUtc: string) => number {
  const offsetMinutesAt = offsetFinder(timeZone);
  const offsetByHour = new Map<number, number>();
  return (isoUtc) => {
    const utcMs = Date.parse(isoUtc);
    if (Number.isNaN(utcMs)) throw new RangeError(`not a timestamp: ${JSON.stringify(isoUtc)}`);
    const hour = Math.floor(utcMs / 3_600_000);
    let offset = offsetByHour.get(hour);
    if (offset === undefined) {
      offset = offsetMinutesAt(hour * 3_600_000);
      offsetByHour.set(hour, offset);
    }
    return Math.floor((utcMs + offset * 60_000) / MS_PER_DAY);
  };
}

/** The UTC instant of local noon on an epoch day: a timestamp whose local date is that day. */
export function localNoonUtcIso(epochDay: number, timeZone: string): string {
  const offsetMinutesAt = offsetFinder(timeZone);
  const noonAsIfUtc = epochDay * MS_PER_DAY + 12 * 3_600_000;
  // Take the offset at the first guess, then once more at the corrected instant (DST days).
  let instant = noonAsIfUtc - offsetMinutesAt(noonAsIfUtc) * 60_000;
  instant = noonAsIfUtc - offsetMinutesAt(instant) * 60_000;
  return new Date(instant).toISOString();
}
