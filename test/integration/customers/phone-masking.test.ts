import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestShop, type TestShop } from '../../helpers/core';

/**
 * "Show staff only the last 4 digits": the core masks, so a staff client reading the bridge
 * directly (as these clients do) never receives a full number — while typing the whole number
 * at the counter still finds the customer.
 */
let shop: TestShop;
let id: string;
const FULL = '+8617351241476';
const MASKED = '173 **** 1476';

beforeEach(async () => {
  shop = await openTestShop({ clock: () => new Date('2026-03-01T10:00:00Z') });
  id = (
    await shop.staff.call('customers.create', { name: '王小明', phone: '17351241476', phone2: '13912345678' })
  ).id;
  await shop.owner.call('customers.update', { id, patch: { phone: '173 5124 1476 ', notes: 'moved' } });
  await shop.owner.call('customers.update', { id, patch: { phone2: '13800001111' } });
});
afterEach(async () => shop.close());

/** Every phone string a client received, wherever it sits in the payload. */
function digitsRuns(value: unknown): string[] {
  return [...JSON.stringify(value).matchAll(/\d[\d ]{6,}\d/g)].map((m) => m[0].replace(/\s/g, ''));
}

async function everything(client: TestShop['staff']): Promise<unknown[]> {
  return [
    await client.call('customers.search', { query: '1476' }),
    await client.call('customers.search', { query: '王小明' }),
    await client.call('customers.matches', { name: '王小明' }),
    await client.call('customers.list', {}),
    await client.call('customers.get', { id }),
    await client.call('customers.history', { id }),
    await client.call('customers.duplicates', {}),
    await client.call('card.get', { id }),
    await client.call('card.timeline', { id }),
  ];
}

describe('phone masking for staff', () => {
  it('is off by default: staff see full numbers', async () => {
    expect((await shop.staff.call('customers.get', { id })).phone).toBe(FULL);
    expect((await shop.staff.call('customers.list', {})).rows[0]?.phone).toBe(FULL);
  });

  it('when on, masks every list, search result, card, history and timeline for staff — not for the owner', async () => {
    await shop.owner.call('privacy.updateSettings', { maskPhonesForStaff: true });

    const asStaff = await everything(shop.staff);
    expect(
      digitsRuns(asStaff).filter((run) => run.includes('17351241476') || run.includes('13912345678')),
    ).toEqual([]);
    expect(JSON.stringify(asStaff)).not.toContain('5124');

    const hit = (await shop.staff.call('customers.search', { query: '1476' }))[0];
    expect(hit?.phone).toBe(MASKED);
    expect((await shop.staff.call('customers.list', {})).rows[0]?.phone).toBe(MASKED);
    const customer = await shop.staff.call('customers.get', { id });
    expect([customer.phone, customer.phone2]).toEqual([MASKED, '138 **** 1111']);
    const card = await shop.staff.call('card.get', { id });
    expect(card.customer.phone).toBe(MASKED);
    const phoneChange = (await shop.staff.call('customers.history', { id })).find(
      (e) => e.field === 'phone2',
    );
    expect([phoneChange?.oldValue, phoneChange?.newValue]).toEqual(['139 **** 5678', '138 **** 1111']);
    const timelineChange = card.timeline.events.find((e) => e.kind === 'change' && e.tag === 'phone2');
    expect(timelineChange?.text).toBe('138 **** 1111');

    const asOwner = await everything(shop.owner);
    expect(JSON.stringify(asOwner)).toContain(FULL);
    expect((await shop.owner.call('card.get', { id })).customer.phone).toBe(FULL);
  });

  it('still finds the customer by the whole number or the last digits, not by a hidden run', async () => {
    await shop.owner.call('privacy.updateSettings', { maskPhonesForStaff: true });
    for (const typed of ['17351241476', '173 5124 1476', '+86 173-5124-1476']) {
      const hits = await shop.staff.call('customers.search', { query: typed });
      expect(hits.map((h) => [h.id, h.match, h.phone])).toEqual([[id, 'phone_exact', MASKED]]);
    }
    expect((await shop.staff.call('customers.search', { query: '1476' })).map((h) => h.id)).toEqual([id]);
    // Middle digits would let a staff client read the hidden part one probe at a time.
    expect(await shop.staff.call('customers.search', { query: '5124' })).toEqual([]);
    expect(await shop.staff.call('customers.search', { query: '51241476' })).toEqual([]);
    expect((await shop.owner.call('customers.search', { query: '5124' })).map((h) => h.id)).toEqual([id]);
    // Quick entry's "already a customer?" still warns on the full number.
    const matches = await shop.staff.call('customers.matches', { phone: '17351241476' });
    expect(matches.map((h) => [h.id, h.phone])).toEqual([[id, MASKED]]);
  });

  it('a staff edit of another field leaves the hidden number as it was', async () => {
    await shop.owner.call('privacy.updateSettings', { maskPhonesForStaff: true });
    const updated = await shop.staff.call('customers.update', { id, patch: { notes: 'regular' } });
    expect(updated.phone).toBe(MASKED);
    expect((await shop.owner.call('customers.get', { id })).phone).toBe(FULL);
  });
});
