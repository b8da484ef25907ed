/**
 * The one-pass activity counting against the straightforward per-month-sets version it replaced
 * (kept here as the reference), on a seeded shop and several periods, so the speed-up changes no
 * figure.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReadableDB } from '../../../src/main/db/connection';
import { localDate } from '../../../src/main/domain/care/shop-time';
import { seedDemoShop } from '../../../src/main/domain/demo';
import { periodBuyers } from '../../../src/main/domain/loyalty/loyalty.repo';
import { buildActivity, periodBounds, type Period } from '../../../src/main/domain/loyalty/loyalty.service';
import { dayjs } from '../../../src/main/domain/care/shop-time';
import type { ActivityMonth, LoyaltyActivity } from '../../../src/shared/contract/loyalty';
import { openTestShop, type TestShop } from '../../helpers/core';

const NOW = new Date('2026-06-30T12:00:00.000Z');
const TZ = 'Asia/Shanghai';

function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  for (let m = dayjs(from.slice(0, 7) + '-01'); m.format('YYYY-MM') <= to.slice(0, 7); m = m.add(1, 'month'))
    months.push(m.format('YYYY-MM'));
  return months;
}

function referenceActivity(
  db: ReadableDB,
  period: Period,
): Omit<LoyaltyActivity, 'headline'> & {
  headline: Omit<LoyaltyActivity['headline'], 'top20RevenueShare'>;
} {
  const [fromIso, toIso] = periodBounds(period, TZ);
  const months = monthsBetween(period.from, period.to);
  const monthStarts = months.slice(1).map((m) => dayjs.tz(`${m}-01`, TZ).toISOString());
  const perCustomer = new Map<string, { purchases: number; revenue: number; months: Set<string> }>();
  const firstDays = new Map<string, string>();
  let revenue = 0;
  for (const row of periodBuyers(db, fromIso, toIso, monthStarts)) {
    revenue += row.revenue;
    perCustomer.set(row.customer_id, {
      purchases: row.purchases,
      revenue: row.revenue,
      months: new Set(row.months ? row.months.split(',').map((i) => months[Number(i)]!) : []),
    });
    if (row.first_at && row.bought_before !== 1) firstDays.set(row.customer_id, localDate(row.first_at, TZ));
  }
  let buyers = 0;
  let repeaters = 0;
  for (const entry of perCustomer.values()) {
    if (entry.purchases < 1) continue;
    buyers++;
    if (entry.purchases >= 2) repeaters++;
  }
  let newCustomers = 0;
  for (const day of firstDays.values()) if (day >= period.from && day <= period.to) newCustomers++;
  const cohortMembers = new Map<string, string[]>();
  for (const [id, day] of firstDays) {
    if (day < period.from || !perCustomer.has(id)) continue;
    cohortMembers.set(day.slice(0, 7), [...(cohortMembers.get(day.slice(0, 7)) ?? []), id]);
  }
  const cohorts = months
    .filter((m) => cohortMembers.has(m))
    .map((cohort) => {
      const members = cohortMembers.get(cohort)!;
      return {
        cohort,
        size: members.length,
        retention: months
          .slice(months.indexOf(cohort))
          .map(
            (m) =>
              members.filter((id) => perCustomer.get(id)?.months.has(m) === true).length / members.length,
          ),
      };
    });
  const activity: ActivityMonth[] = [];
  let previousActive = new Set<string>();
  for (const month of months) {
    const active = new Set<string>();
    for (const [id, entry] of perCustomer) if (entry.months.has(month)) active.add(id);
    let fresh = 0;
    for (const id of active) if (firstDays.get(id)?.slice(0, 7) === month) fresh++;
    let lost = 0;
    for (const id of previousActive) if (!active.has(id)) lost++;
    activity.push({
      month,
      active: active.size,
      new: fresh,
      returning: active.size - fresh,
      lost: activity.length === 0 ? 0 : lost,
    });
    previousActive = active;
  }
  return {
    period,
    headline: {
      buyers,
      newCustomers,
      repeatRate: buyers > 0 ? repeaters / buyers : null,
      revenueMinor: revenue,
    },
    cohorts,
    activity,
  };
}

describe('activity counting', () => {
  let shop: TestShop;
  beforeAll(async () => {
    shop = await openTestShop({ clock: () => NOW });
    seedDemoShop(shop.core.db, { customers: 400, seed: 11, locale: 'zh-CN', endDate: NOW });
  }, 60_000);
  afterAll(() => shop.close());

  it.each([
    { from: '2025-07-01', to: '2026-06-30' },
    { from: '2025-07-15', to: '2026-06-14' },
    { from: '2026-03-01', to: '2026-03-31' },
    { from: '2024-07-01', to: '2026-06-30' },
  ])('matches the reference for $from … $to', (period) => {
    const fast = buildActivity(shop.core.db, period, TZ);
    const { top20RevenueShare, ...headline } = fast.headline;
    expect({ ...fast, headline }).toEqual(referenceActivity(shop.core.db, period));
    expect(fast.cohorts.length).toBeGreaterThan(0);
    expect(top20RevenueShare).not.toBeNull();
  });
});
