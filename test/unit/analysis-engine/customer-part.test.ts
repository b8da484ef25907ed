import { describe, expect, it } from 'vitest';
import { CustomerPacker, transferablesOf, unpackCustomers } from '../../../src/main/domain/analysis/customer-part';
import type { CustomerInput } from '../../../src/shared/analysis/types';

describe('packing a range of customers for the helper worker', () => {
  it('unpacks exactly what was packed, categories included, names shared between items and categories', () => {
    const customers: CustomerInput[] = [
      {
        id: 'a',
        purchases: [
          { day: 19_000, amountMinor: 450, discounted: true, items: ['Latte', 'Croissant'], categories: ['Coffee', 'Bakery'] },
          { day: 19_010, amountMinor: 0, discounted: false, items: [], categories: [] },
        ],
        attitude: null,
        creditRating: 'B',
        costsMinor: 120,
      },
      {
        id: 'b',
        purchases: [{ day: 19_005, amountMinor: 300, discounted: false, items: ['Bakery'], categories: ['Bakery'] }],
        attitude: { satisfactionMean: 4, recommendMean: null, referrals: 1, openComplaints: 0, complaints: 0 },
        creditRating: null,
        costsMinor: 0,
      },
      { id: 'prospect', purchases: [], attitude: null, creditRating: null, costsMinor: 0 },
    ];
    const packer = new CustomerPacker();
    for (const customer of customers) packer.add(customer);
    const packed = packer.pack();
    expect(packed.itemNames).toEqual(['Latte', 'Croissant', 'Coffee', 'Bakery']);
    expect(Array.from(packed.categoryCounts)).toEqual([2, 0, 1]);
    expect(transferablesOf(packed)).toContain(packed.categories.buffer);
    expect([...unpackCustomers(packed)]).toEqual(customers);
  });
});
