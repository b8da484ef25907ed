import { describe, expect, it } from 'vitest';
import { resolvePeriod } from '../../../src/main/domain/loyalty/loyalty.service';
import { customerListQuery, loyaltyFilterSchema } from '../../../src/shared/contract/loyalty';

describe('resolvePeriod', () => {
  it('defaults to the twelve months ending today, both days included', () => {
    expect(resolvePeriod({}, new Date('2026-06-30T12:00:00Z'))).toEqual({
      from: '2025-07-01',
      to: '2026-06-30',
    });
  });
  it('keeps an explicit period and swaps a reversed one', () => {
    const today = new Date('2026-06-30T12:00:00Z');
    expect(resolvePeriod({ from: '2026-01-01', to: '2026-03-31' }, today)).toEqual({
      from: '2026-01-01',
      to: '2026-03-31',
    });
    expect(resolvePeriod({ from: '2026-03-31', to: '2026-01-01' }, today)).toEqual({
      from: '2026-01-01',
      to: '2026-03-31',
    });
  });
  it("ends on today's date in the shop's time zone", () => {
    // 17:00 UTC on 30 June is already 1 July in Shanghai, still 30 June in New York.
    const instant = new Date('2026-06-30T17:00:00Z');
    expect(resolvePeriod({}, instant, 'Asia/Shanghai')).toEqual({ from: '2025-07-02', to: '2026-07-01' });
    expect(resolvePeriod({}, instant, 'America/New_York')).toEqual({ from: '2025-07-01', to: '2026-06-30' });
  });
  it('counts back from a given end date', () => {
    expect(resolvePeriod({ to: '2024-02-29' }, new Date())).toEqual({ from: '2023-03-01', to: '2024-02-29' });
  });
});

describe('customer list links', () => {
  it('uses the query parameters agreed with the customer list', () => {
    expect(customerListQuery({ rfm: { r: 5, f: 4 } })).toBe('rfm=5-4');
    expect(customerListQuery({ segment: 'atRisk' })).toBe('segment=atRisk');
    expect(customerListQuery({ loyalty: ['inertia', 'incentive'] })).toBe('loyalty=inertia%2Cincentive');
    expect(customerListQuery({ atRisk: true, stage: 'decline' })).toBe('stage=decline&atRisk=1');
    expect(customerListQuery({ cohort: '2026-01', tier: 'vip', abc: 'A' })).toBe(
      'abc=A&tier=vip&cohort=2026-01',
    );
  });
  it('leaves filters the list cannot express to an id list', () => {
    expect(customerListQuery({ movedFrom: 'champions', movedTo: 'atRisk' })).toBe('');
  });
});

describe('loyalty filter schema', () => {
  it('refuses out-of-range RFM scores and malformed cohorts', () => {
    expect(loyaltyFilterSchema.safeParse({ rfm: { r: 6, f: 1 } }).success).toBe(false);
    expect(loyaltyFilterSchema.safeParse({ cohort: '2026-1' }).success).toBe(false);
    expect(loyaltyFilterSchema.safeParse({ loyalty: [] }).success).toBe(false);
    expect(loyaltyFilterSchema.safeParse({ rfm: { r: 1, f: 5 }, atRisk: true }).success).toBe(true);
  });
});
