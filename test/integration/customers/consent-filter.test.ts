import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestShop, type TestShop } from '../../helpers/core';

/**
 * The list's "has marketing consent" filter is asked two ways (one customer at a time for a page
 * in name order, the whole set for counts and summary sorts); both must mean "the newest answer
 * on some channel is yes".
 */
let shop: TestShop;
beforeEach(async () => {
  shop = await openTestShop({ clock: () => new Date('2026-03-01T10:00:00Z') });
});
afterEach(async () => shop.close());

async function person(
  name: string,
  answers: [channel: 'sms' | 'email' | 'wechat', granted: boolean, at: string][],
): Promise<void> {
  const { id } = await shop.staff.call('customers.create', { name });
  for (const [channel, granted, recordedAt] of answers) {
    await shop.staff.call('privacy.setConsent', { customerId: id, channel, granted, recordedAt });
  }
}

describe('customer list: marketing consent filter', () => {
  it('follows the newest answer per channel, the same in every sort order and in the count', async () => {
    await person('A granted', [['sms', true, '2026-01-01T00:00:00Z']]);
    await person('B withdrew', [
      ['sms', true, '2026-01-01T00:00:00Z'],
      ['sms', false, '2026-02-01T00:00:00Z'],
    ]);
    await person('C said yes later', [
      ['email', false, '2026-01-01T00:00:00Z'],
      ['email', true, '2026-02-01T00:00:00Z'],
    ]);
    await person('D yes on one channel', [
      ['sms', false, '2026-02-01T00:00:00Z'],
      ['wechat', true, '2026-01-01T00:00:00Z'],
    ]);
    await person('E never asked', []);

    for (const [consent, expected] of [
      ['granted', ['A granted', 'C said yes later', 'D yes on one channel']],
      ['not_granted', ['B withdrew', 'E never asked']],
    ] as const) {
      for (const sort of ['name', 'created', 'last_visit', 'total_spend'] as const) {
        const page = await shop.staff.call('customers.list', { sort, filters: { consent } });
        expect([sort, page.rows.map((r) => r.name).sort()]).toEqual([sort, expected]);
        expect(page.total).toBe(expected.length);
      }
      const second = await shop.staff.call('customers.list', {
        sort: 'name',
        filters: { consent },
        offset: 1,
        limit: 1,
      });
      expect(second.rows.map((r) => r.name)).toEqual([expected[1]]);
    }
  });
});
