import { isValidPhoneNumber, parsePhoneNumberWithError } from 'libphonenumber-js';
import { describe, expect, it } from 'vitest';
import { applyDiscount, BasketBuilder, discountKinds } from '../../../src/main/domain/demo/baskets';
import { productIndex } from '../../../src/main/domain/demo/catalogue';
import { DemoIds } from '../../../src/main/domain/demo/demo-ids';
import { drawPersonName, drawPhone } from '../../../src/main/domain/demo/people';
import { missionCodes } from '../../../src/main/domain/demo/personas';
import { Random } from '../../../src/main/domain/demo/random';
import { civilFromDays, daysFromCivil, ShopCalendar } from '../../../src/main/domain/demo/shop-calendar';

function sample(count: number, draw: () => number): { mean: number; variance: number } {
  const values = Array.from({ length: count }, draw);
  const mean = values.reduce((sum, v) => sum + v, 0) / count;
  const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (count - 1);
  return { mean, variance };
}

describe('Random', () => {
  it('repeats its stream for a seed and differs between seeds', () => {
    const a = new Random(5);
    const b = new Random(5);
    const c = new Random(6);
    const streamA = Array.from({ length: 20 }, () => a.uint32());
    expect(Array.from({ length: 20 }, () => b.uint32())).toEqual(streamA);
    expect(Array.from({ length: 20 }, () => c.uint32())).not.toEqual(streamA);
  });

  it('draws gamma and beta variates with the right moments', () => {
    const random = new Random(1);
    // Gamma(shape k, scale θ): mean kθ, variance kθ²; shape < 1 goes through the boost path.
    for (const [shape, scale] of [
      [0.78, 1 / 8],
      [3.5, 2],
    ] as const) {
      const { mean, variance } = sample(200_000, () => random.gamma(shape, scale));
      expect(mean).toBeCloseTo(shape * scale, 2);
      expect(variance / (shape * scale * scale)).toBeGreaterThan(0.95);
      expect(variance / (shape * scale * scale)).toBeLessThan(1.05);
    }
    const { mean } = sample(200_000, () => random.beta(0.75, 6));
    expect(mean).toBeCloseTo(0.75 / 6.75, 2);
    const poisson = sample(100_000, () => random.poisson(0.4));
    expect(poisson.mean).toBeCloseTo(0.4, 2);
  });
});

describe('DemoIds', () => {
  it('makes RFC 9562 version-7 ids carrying the given time, reproducibly', () => {
    const ms = Date.UTC(2025, 5, 30, 10, 0, 0, 123);
    const first = new DemoIds(new Random(9));
    const second = new DemoIds(new Random(9));
    const ids = Array.from({ length: 1000 }, (_, i) => first.at(ms + i));
    expect(Array.from({ length: 1000 }, (_, i) => second.at(ms + i))).toEqual(ids);
    expect(new Set(ids).size).toBe(1000);
    ids.forEach((id, i) => {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(ms + i);
    });
  });
});

describe('ShopCalendar', () => {
  it('formats ISO strings exactly like Date#toISOString', () => {
    const calendar = new ShopCalendar('Asia/Shanghai');
    const random = new Random(3);
    for (let i = 0; i < 2000; i++) {
      const ms = Date.UTC(1990, 0, 1) + Math.floor(random.next() * 60 * 365 * 86_400_000);
      expect(calendar.iso(ms)).toBe(new Date(ms).toISOString());
    }
  });

  it('converts civil dates and day counts both ways', () => {
    for (let day = -800; day < 30_000; day += 37) {
      const { year, month, day: dayOfMonth } = civilFromDays(day);
      const date = new Date(day * 86_400_000);
      expect([year, month, dayOfMonth]).toEqual([
        date.getUTCFullYear(),
        date.getUTCMonth() + 1,
        date.getUTCDate(),
      ]);
      expect(daysFromCivil(year, month, dayOfMonth)).toBe(day);
    }
  });

  it('places wall-clock times in the shop time zone, daylight saving included', () => {
    const shanghai = new ShopCalendar('Asia/Shanghai');
    const day = daysFromCivil(2025, 6, 30);
    expect(new Date(shanghai.unixSeconds(day, 8 * 3600) * 1000).toISOString()).toBe(
      '2025-06-30T00:00:00.000Z',
    );
    expect(shanghai.localDay(Date.UTC(2025, 5, 29, 16, 30) / 1000)).toBe(day);
    expect(shanghai.dayOfWeek(day)).toBe(1);

    const newYork = new ShopCalendar('America/New_York');
    const summer = daysFromCivil(2025, 7, 1);
    const winter = daysFromCivil(2025, 1, 15);
    expect(new Date(newYork.unixSeconds(summer, 9 * 3600) * 1000).toISOString()).toBe(
      '2025-07-01T13:00:00.000Z',
    );
    expect(new Date(newYork.unixSeconds(winter, 9 * 3600) * 1000).toISOString()).toBe(
      '2025-01-15T14:00:00.000Z',
    );
    expect(newYork.localDay(Date.UTC(2025, 6, 2, 2, 0) / 1000)).toBe(summer);
    expect(newYork.localDate(summer)).toBe('2025-07-01');
  });
});

describe('people', () => {
  it('draws valid, unique mobile numbers for China and the US', () => {
    const random = new Random(4);
    for (const [locale, country] of [
      ['zh-CN', 'CN'],
      ['en', 'US'],
    ] as const) {
      const taken = new Set<string>();
      for (let i = 0; i < 3000; i++) {
        const phone = drawPhone(random, locale, taken);
        expect(isValidPhoneNumber(phone.e164), phone.e164).toBe(true);
        const parsed = parsePhoneNumberWithError(phone.e164);
        expect(parsed.country).toBe(country);
        expect(parsed.nationalNumber).toBe(phone.national);
      }
      expect(taken.size).toBe(3000);
    }
  });

  it('draws Chinese names with 2 to 4 characters, including polyphonic and compound surnames', () => {
    const random = new Random(8);
    const names = Array.from({ length: 20_000 }, () =>
      drawPersonName(random, 'zh-CN', random.chance(0.5) ? 'female' : 'male'),
    );
    const lengths = new Set(names.map((name) => [...name].length));
    expect([...lengths].sort()).toEqual([2, 3, 4]);
    for (const surname of ['单', '曾', '解', '欧阳']) {
      expect(
        names.some((name) => name.startsWith(surname)),
        surname,
      ).toBe(true);
    }
  });
});

describe('baskets', () => {
  it('keeps every discount within its line and the receipt total non-negative', () => {
    const random = new Random(12);
    const builder = new BasketBuilder('zh-CN');
    const basket = builder.newBasket();
    for (let i = 0; i < 5000; i++) {
      const mission = missionCodes[i % missionCodes.length]!;
      builder.build(basket, random, mission, productIndex('latte'), random.gamma(6, 500));
      const kind = discountKinds[i % discountKinds.length]!;
      applyDiscount(basket, kind, 'zh-CN', builder.prices);
      expect(basket.size).toBeGreaterThan(0);
      for (let line = 0; line < basket.size; line++) {
        expect(basket.discount[line]).toBeGreaterThanOrEqual(0);
        expect(basket.discount[line]).toBeLessThanOrEqual(basket.amount[line]!);
        expect(basket.amount[line]).toBe(basket.quantity[line]! * builder.prices[basket.product[line]!]!);
      }
      expect(basket.totalDiscount()).toBeGreaterThan(0);
      expect(basket.gross() - basket.totalDiscount()).toBeGreaterThan(0);
    }
  });
});
