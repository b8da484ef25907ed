/**
 * A seeded synthetic shop drawn from the models' own generative story (BG/NBD for when customers
 * buy and drop out, Gamma-Gamma for how much they spend). Used by the benchmark and by tests that
 * check the fit recovers the parameters it was generated with. Pure: same seed, same shop.
 */
import type { CreditRating } from '../../shared/analysis/labels';
import type { CustomerInput, PurchaseInput } from '../../shared/analysis/types';
import type { BgnbdParams } from './bgnbd';
import type { GammaGammaParams } from './gammagamma';
import { mulberry32 } from './prng';

export interface SyntheticShopOptions {
  customers: number;
  seed: number;
  /** Reference day (epoch day); customers join uniformly over the `joinWindowDays` before it. */
  referenceDay: number;
  joinWindowDays: number;
  /** Rates per day. */
  purchase: BgnbdParams;
  /** Spend per purchase in minor units. */
  spend: GammaGammaParams;
  /** Share of purchases that carry line items (for association rules). */
  itemShare: number;
  /** Share of customers with satisfaction / recommend data. */
  attitudeShare: number;
  /** Share of customers buying on credit. */
  creditShare: number;
}

/** About ten purchases per customer over two years, café-like spend around ¥40. */
export const defaultSyntheticShop: SyntheticShopOptions = {
  customers: 100_000,
  seed: 7,
  referenceDay: 20_000,
  joinWindowDays: 730,
  purchase: { r: 0.9, alpha: 20, a: 0.6, b: 9 },
  spend: { p: 6, q: 4, gamma: 2_000 },
  itemShare: 0.5,
  attitudeShare: 0.2,
  creditShare: 0.05,
};

export class Sampler {
  private readonly uniform: () => number;
  private spareNormal: number | null = null;

  constructor(seed: number) {
    this.uniform = mulberry32(seed);
  }

  next(): number {
    // Never exactly 0, so logarithms stay finite.
    return this.uniform() || Number.MIN_VALUE;
  }

  normal(): number {
    if (this.spareNormal !== null) {
      const value = this.spareNormal;
      this.spareNormal = null;
      return value;
    }
    const radius = Math.sqrt(-2 * Math.log(this.next()));
    const angle = 2 * Math.PI * this.next();
    this.spareNormal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }

  /** Gamma(shape, rate) by Marsaglia & Tsang (2000), boosted for shape < 1. */
  gamma(shape: number, rate: number): number {
    if (shape < 1) return this.gamma(shape + 1, rate) * Math.pow(this.next(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.next();
      if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return (d * v) / rate;
    }
  }

  beta(a: number, b: number): number {
    const x = this.gamma(a, 1);
    return x / (x + this.gamma(b, 1));
  }

  exponential(rate: number): number {
    return -Math.log(this.next()) / rate;
  }
}

const PRODUCTS = 120;

/** Baskets with a few planted pairs (product 2k often bought with 2k + 1) so rules exist. */
function basket(sampler: Sampler): string[] {
  const size = 1 + Math.floor(sampler.exponential(0.6));
  const items = new Set<string>();
  for (let i = 0; i < size; i++) {
    // Skewed popularity: low product numbers are bought far more often.
    const product = Math.min(PRODUCTS - 1, Math.floor(sampler.exponential(1 / 12)));
    items.add(`P${product}`);
    if (product % 2 === 0 && sampler.next() < 0.6) items.add(`P${product + 1}`);
  }
  return [...items];
}

const RATINGS: readonly CreditRating[] = ['A', 'B', 'C', 'D'];

export function* syntheticShop(
  options: SyntheticShopOptions = defaultSyntheticShop,
): Generator<CustomerInput> {
  const sampler = new Sampler(options.seed);
  const { purchase, spend } = options;
  for (let c = 0; c < options.customers; c++) {
    const joinDay = options.referenceDay - Math.floor(sampler.next() * options.joinWindowDays);
    const rate = sampler.gamma(purchase.r, purchase.alpha);
    const dropout = sampler.beta(purchase.a, purchase.b);
    const spendRate = sampler.gamma(spend.q, spend.gamma);
    const purchases: PurchaseInput[] = [];
    const buy = (day: number): void => {
      purchases.push({
        day: Math.floor(day),
        amountMinor: Math.max(1, Math.round(sampler.gamma(spend.p, spendRate))),
        discounted: sampler.next() < 0.2,
        ...(sampler.next() < options.itemShare ? { items: basket(sampler) } : {}),
      });
    };
    buy(joinDay);
    // BG/NBD: repeat purchases arrive at rate λ; after each one the customer may drop out for good
    // (not after the first purchase, which is why P(alive) = 1 when there is no repeat).
    for (
      let day = joinDay + sampler.exponential(rate);
      day <= options.referenceDay;
      day += sampler.exponential(rate)
    ) {
      buy(day);
      if (sampler.next() < dropout) break;
    }
    const attitude =
      sampler.next() < options.attitudeShare
        ? {
            satisfactionMean: 1 + Math.round(sampler.next() * 40) / 10,
            recommendMean: sampler.next() < 0.5 ? Math.round(sampler.next() * 100) / 10 : null,
            referrals: sampler.next() < 0.1 ? 1 : 0,
            openComplaints: sampler.next() < 0.03 ? 1 : 0,
            complaints: 0,
          }
        : null;
    yield {
      id: `C${String(c).padStart(6, '0')}`,
      purchases,
      attitude,
      creditRating:
        sampler.next() < options.creditShare ? (RATINGS[Math.floor(sampler.next() * 4)] ?? 'A') : null,
    };
  }
}
