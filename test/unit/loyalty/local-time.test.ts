import { describe, expect, it } from 'vitest';
import { localDate, localMidnightIso } from '../../../src/main/domain/loyalty/local-time';

describe('shop-local calendar', () => {
  it('finds where a local day begins in UTC, across daylight-saving changes', () => {
    expect(localMidnightIso('2025-07-01', 'Asia/Shanghai')).toBe('2025-06-30T16:00:00.000Z');
    expect(localMidnightIso('2026-03-08', 'America/New_York')).toBe('2026-03-08T05:00:00.000Z');
    expect(localMidnightIso('2026-03-09', 'America/New_York')).toBe('2026-03-09T04:00:00.000Z');
    expect(localMidnightIso('2026-11-02', 'America/New_York')).toBe('2026-11-02T05:00:00.000Z');
    expect(localMidnightIso('2026-01-01', 'UTC')).toBe('2026-01-01T00:00:00.000Z');
  });
  it('gives the local date of an instant', () => {
    expect(localDate(new Date('2026-06-30T17:00:00Z'), 'Asia/Shanghai')).toBe('2026-07-01');
    expect(localDate(new Date('2026-06-30T17:00:00Z'), 'America/New_York')).toBe('2026-06-30');
  });
});
