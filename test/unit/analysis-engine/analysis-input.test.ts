import { describe, expect, it } from 'vitest';
import {
  localDayConverter,
  localDayOfInstant,
  localNoonUtcIso,
  utcMsOfCanonicalIso,
} from '../../../src/main/domain/analysis/local-day';
import {
  BasketBook,
  toPurchaseInputs,
  unpackPurchases,
} from '../../../src/main/domain/analysis/analysis-input.repo';
import { epochDayFromDate, isoDateFromEpochDay } from '../../../src/main/analysis/dates';

describe('local calendar days', () => {
  it('counts a sale on the shop-local date, not the UTC one', () => {
    const shanghai = localDayConverter('Asia/Shanghai');
    // 23:30 on 2024-06-30 in Shanghai is 15:30 UTC the same day; 00:30 on 07-01 is 16:30 UTC on 06-30.
    expect(isoDateFromEpochDay(shanghai('2024-06-30T15:30:00.000Z'))).toBe('2024-06-30');
    expect(isoDateFromEpochDay(shanghai('2024-06-30T16:30:00.000Z'))).toBe('2024-07-01');
    const newYork = localDayConverter('America/New_York');
    expect(isoDateFromEpochDay(newYork('2024-03-10T04:59:00.000Z'))).toBe('2024-03-09');
    expect(isoDateFromEpochDay(newYork('2024-03-10T05:00:00.000Z'))).toBe('2024-03-10');
    // Across the DST switch (EDT from 2024-03-10 07:00 UTC): 03:59 UTC on 11 March is 23:59 EDT on the 10th.
    expect(isoDateFromEpochDay(newYork('2024-03-11T03:59:00.000Z'))).toBe('2024-03-10');
    const kolkata = localDayConverter('Asia/Kolkata');
    expect(isoDateFromEpochDay(kolkata('2024-01-01T18:29:00.000Z'))).toBe('2024-01-01');
    expect(isoDateFromEpochDay(kolkata('2024-01-01T18:30:00.000Z'))).toBe('2024-01-02');
  });

  it('gives the day Intl gives for every quarter hour across offset changes, whole-hour or not', () => {
    // New York's spring and autumn switches, Santiago's at local midnight (a wrong offset there
    // moves sales to another day), Lord Howe's half-hour one, Kathmandu's +5:45.
    const spans: [string, string][] = [
      ['America/New_York', '2024-03-09'],
      ['America/Santiago', '2024-04-06'],
      ['America/Santiago', '2024-09-07'],
      ['America/New_York', '2024-11-02'],
      ['Australia/Lord_Howe', '2024-04-06'],
      ['Australia/Lord_Howe', '2024-10-05'],
      ['Asia/Kathmandu', '2024-01-01'],
    ];
    for (const [zone, from] of spans) {
      const format = new Intl.DateTimeFormat('en-CA', {
        timeZone: zone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      });
      const localDayOf = localDayOfInstant(zone);
      const start = Date.parse(`${from}T00:00:00Z`);
      for (let utcMs = start; utcMs < start + 3 * 86_400_000; utcMs += 15 * 60_000) {
        expect(isoDateFromEpochDay(localDayOf(utcMs)), `${zone} ${new Date(utcMs).toISOString()}`).toBe(
          format.format(new Date(utcMs)),
        );
      }
    }
  });

  it('local noon round-trips to the same date in zones east and west of UTC', () => {
    for (const zone of [
      'Asia/Shanghai',
      'America/Los_Angeles',
      'Pacific/Kiritimati',
      'Pacific/Pago_Pago',
      'UTC',
    ]) {
      const day = epochDayFromDate('1997-01-01');
      expect(localDayConverter(zone)(localNoonUtcIso(day, zone))).toBe(day);
    }
  });
});

describe('purchase rows to pipeline input', () => {
  const toDay = (iso: string): number => epochDayFromDate(iso);
  const row = (
    date: string,
    total: number,
    extra: Partial<{ discount: number; isReturn: number; products: string; categories: string }> = {},
  ) => ({
    customer_id: 'c',
    purchased_at: date,
    total_minor: total,
    discount_minor: extra.discount ?? 0,
    is_return: extra.isReturn ?? 0,
    basket_products: extra.products ?? null,
    basket_categories: extra.categories ?? null,
  });

  it('keeps free sales as visits, marks discounts, splits product names and categories, ignores days after the cut-off', () => {
    const inputs = toPurchaseInputs(
      [
        row('2024-01-01', 0),
        row('2024-01-02', 500, {
          discount: 50,
          products: 'Latte\u001fCroissant',
          categories: 'Coffee\u001fBakery',
        }),
        // Every line uncategorised: no categories.
        row('2024-01-03', 300, { products: 'Gift card' }),
        row('2024-02-01', 900),
      ],
      toDay,
      epochDayFromDate('2024-01-31'),
    );
    expect(inputs).toEqual([
      { day: epochDayFromDate('2024-01-01'), amountMinor: 0, discounted: false, items: [], categories: [] },
      {
        day: epochDayFromDate('2024-01-02'),
        amountMinor: 500,
        discounted: true,
        items: ['Latte', 'Croissant'],
        categories: ['Coffee', 'Bakery'],
      },
      {
        day: epochDayFromDate('2024-01-03'),
        amountMinor: 300,
        discounted: false,
        items: ['Gift card'],
        categories: [],
      },
    ]);
  });

  it('nets a return against the latest sale on or before its day and drops a sale refunded in full', () => {
    const last = epochDayFromDate('2024-12-31');
    const partial = toPurchaseInputs(
      [row('2024-01-05', 1000), row('2024-01-05', -300, { isReturn: 1 })],
      toDay,
      last,
    );
    expect(partial.map((p) => p.amountMinor)).toEqual([700]);
    const full = toPurchaseInputs(
      [row('2024-01-01', 400), row('2024-01-05', 1000), row('2024-01-06', -1000, { isReturn: 1 })],
      toDay,
      last,
    );
    expect(full.map((p) => [p.day, p.amountMinor])).toEqual([[epochDayFromDate('2024-01-01'), 400]]);
  });
});

describe('reading stored timestamps', () => {
  it('reads the stored ISO form exactly as Date.parse does, and leaves any other form to it', () => {
    for (const iso of [
      '2024-01-01T00:00:00.000Z',
      '2024-02-29T23:59:59.999Z',
      '1997-09-30T12:34:56Z',
      '2026-11-26T13:47:40.123Z',
    ]) {
      expect(utcMsOfCanonicalIso(iso)).toBe(Date.parse(iso));
    }
    for (const other of [
      '2024-02-30T00:00:00Z',
      '2024-01-01T00:00:00+08:00',
      '2024-01-01',
      '2024-1x-01T00:00:00Z',
    ]) {
      expect(utcMsOfCanonicalIso(other)).toBeNaN();
    }
    const shanghai = localDayConverter('Asia/Shanghai');
    expect(shanghai('2024-01-01T16:00:00+00:00')).toBe(shanghai('2024-01-01T16:00:00.000Z'));
  });
});

describe('packed purchase rows', () => {
  const utcDay = (utcMs: number): number => Math.floor(utcMs / 86_400_000);
  const seconds = (iso: string): number => Date.parse(iso) / 1000;
  const record = (
    iso: string,
    total: number,
    discount: number,
    isReturn: 0 | 1,
    basket: number | '',
  ): string => `${seconds(iso)},${total},${discount},${isReturn},${basket}`;
  // purchase_baskets rows: number, product names, categories (names joined by U+001F).
  const book = (): BasketBook =>
    new BasketBook([
      [1, 'Latte\u001fCroissant', 'Coffee'],
      [2, 'Cake', 'Bakery'],
      [7, 'Tea', ''],
      [9, 'Latte\u001fCroissant', 'Coffee\u001fBakery'],
      [12, '', 'Coffee'],
    ]);

  it('reads sales, nets returns, counts every stored row and gives the same result in any order', () => {
    const records = [
      record('2024-01-01T09:00:00Z', 500, 50, 0, 1),
      record('2024-01-03T09:00:00Z', 800, 0, 0, ''),
      record('2024-01-04T09:00:00Z', -800, 0, 1, 2),
      record('2024-01-05T09:00:00Z', 300, 0, 0, 7),
    ];
    const counts = { customers: 0, purchases: 0 };
    const inOrder = unpackPurchases(records.join('\u001e'), utcDay, 30_000, counts, book());
    expect(counts.purchases).toBe(4);
    expect(inOrder).toEqual([
      {
        day: epochDayFromDate('2024-01-01'),
        amountMinor: 500,
        discounted: true,
        items: ['Latte', 'Croissant'],
        categories: ['Coffee'],
      },
      {
        day: epochDayFromDate('2024-01-05'),
        amountMinor: 300,
        discounted: false,
        items: ['Tea'],
        categories: [],
      },
    ]);
    const shuffled = [records[2]!, records[0]!, records[3]!, records[1]!].join('\u001e');
    expect(unpackPurchases(shuffled, utcDay, 30_000, { customers: 0, purchases: 0 }, book())).toEqual(
      inOrder,
    );
  });

  it('splits each basket once and shares it, read-only, between the tickets that name it', () => {
    const baskets = book();
    const records = [
      record('2024-01-01T09:00:00Z', 500, 0, 0, 9),
      record('2024-01-02T09:00:00Z', 450, 0, 0, 9),
      record('2024-01-03T09:00:00Z', 300, 0, 0, 12),
    ].join('\u001e');
    const [first, second, third] = unpackPurchases(
      records,
      utcDay,
      30_000,
      { customers: 0, purchases: 0 },
      baskets,
    );
    expect(first?.items).toEqual(['Latte', 'Croissant']);
    expect(first?.categories).toEqual(['Coffee', 'Bakery']);
    expect(second?.items).toBe(first?.items);
    expect(Object.isFrozen(first?.items)).toBe(true);
    expect(third).toMatchObject({ items: [], categories: ['Coffee'] });
    // Another customer's read with the same book gets the same shared arrays.
    const again = unpackPurchases(records, utcDay, 30_000, { customers: 0, purchases: 0 }, baskets);
    expect(again[0]?.categories).toBe(first?.categories);
  });

  it('refuses a basket number the book does not have instead of reading the ticket as empty', () => {
    expect(() =>
      unpackPurchases(
        record('2024-01-01T09:00:00Z', 500, 0, 0, 3),
        utcDay,
        30_000,
        { customers: 0, purchases: 0 },
        book(),
      ),
    ).toThrow(/basket 3/);
  });

  it('leaves a timestamp SQLite could not read to Date.parse, and refuses one nobody can read', () => {
    const counts = { customers: 0, purchases: 0 };
    const parsed = unpackPurchases('!2024-01-02 10:00:00 GMT+0000,100,0,0,', utcDay, 30_000, counts, book());
    expect(parsed).toEqual([
      { day: epochDayFromDate('2024-01-02'), amountMinor: 100, discounted: false, items: [], categories: [] },
    ]);
    expect(() => unpackPurchases('!yesterday,100,0,0,', utcDay, 30_000, counts, book())).toThrow(
      /not a timestamp/,
    );
  });
});
