/**
 * A range of customers' analysis input packed for the trip from the helper worker (which reads the
 * second part of the customers while the analysing worker reads the first) to the analysing worker:
 * numbers in typed arrays whose buffers are transferred, not copied, and each product name once.
 * Unpacking gives back exactly the `CustomerInput`s that were packed, in the same order.
 */
import type { CreditRating } from '../../../shared/analysis/labels';
import type { AttitudeInput, CustomerInput } from '../../../shared/analysis/types';

export interface PackedCustomers {
  readonly ids: string[];
  readonly creditRatings: (CreditRating | null)[];
  readonly attitudes: (AttitudeInput | null)[];
  readonly costsMinor: Float64Array;
  readonly purchaseCounts: Int32Array;
  readonly days: Int32Array;
  readonly amountsMinor: Float64Array;
  readonly discounted: Uint8Array;
  readonly itemCounts: Int32Array;
  /** Indexes into `itemNames`. */
  readonly items: Int32Array;
  /** Categories per purchase, and the categories themselves as indexes into `itemNames` too. */
  readonly categoryCounts: Int32Array;
  readonly categories: Int32Array;
  readonly itemNames: string[];
}

class Growable<T extends Int32Array | Float64Array | Uint8Array> {
  length = 0;
  constructor(
    public data: T,
    private readonly make: (size: number) => T,
  ) {}

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = this.make(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  done(): T {
    return this.data.slice(0, this.length) as T;
  }
}

export class CustomerPacker {
  private readonly ids: string[] = [];
  private readonly creditRatings: (CreditRating | null)[] = [];
  private readonly attitudes: (AttitudeInput | null)[] = [];
  private readonly costs = new Growable(new Float64Array(1024), (n) => new Float64Array(n));
  private readonly purchaseCounts = new Growable(new Int32Array(1024), (n) => new Int32Array(n));
  private readonly days = new Growable(new Int32Array(4096), (n) => new Int32Array(n));
  private readonly amounts = new Growable(new Float64Array(4096), (n) => new Float64Array(n));
  private readonly discounted = new Growable(new Uint8Array(4096), (n) => new Uint8Array(n));
  private readonly itemCounts = new Growable(new Int32Array(4096), (n) => new Int32Array(n));
  private readonly items = new Growable(new Int32Array(8192), (n) => new Int32Array(n));
  private readonly categoryCounts = new Growable(new Int32Array(4096), (n) => new Int32Array(n));
  private readonly categories = new Growable(new Int32Array(8192), (n) => new Int32Array(n));
  private readonly itemNames: string[] = [];
  private readonly itemIndex = new Map<string, number>();

  add(customer: CustomerInput): void {
    this.ids.push(customer.id);
    this.creditRatings.push(customer.creditRating ?? null);
    this.attitudes.push(customer.attitude ?? null);
    this.costs.push(customer.costsMinor ?? 0);
    this.purchaseCounts.push(customer.purchases.length);
    for (const purchase of customer.purchases) {
      if (typeof purchase.day !== 'number') throw new TypeError('packed purchases carry epoch days');
      this.days.push(purchase.day);
      this.amounts.push(purchase.amountMinor);
      this.discounted.push(purchase.discounted ? 1 : 0);
      const names = purchase.items ?? [];
      this.itemCounts.push(names.length);
      for (const name of names) this.items.push(this.nameIndex(name));
      const categories = purchase.categories ?? [];
      this.categoryCounts.push(categories.length);
      for (const name of categories) this.categories.push(this.nameIndex(name));
    }
  }

  private nameIndex(name: string): number {
    let index = this.itemIndex.get(name);
    if (index === undefined) {
      index = this.itemNames.length;
      this.itemNames.push(name);
      this.itemIndex.set(name, index);
    }
    return index;
  }

  pack(): PackedCustomers {
    return {
      ids: this.ids,
      creditRatings: this.creditRatings,
      attitudes: this.attitudes,
      costsMinor: this.costs.done(),
      purchaseCounts: this.purchaseCounts.done(),
      days: this.days.done(),
      amountsMinor: this.amounts.done(),
      discounted: this.discounted.done(),
      itemCounts: this.itemCounts.done(),
      items: this.items.done(),
      categoryCounts: this.categoryCounts.done(),
      categories: this.categories.done(),
      itemNames: this.itemNames,
    };
  }
}

/** The buffers to pass in `postMessage`'s transfer list. */
export function transferablesOf(packed: PackedCustomers): ArrayBuffer[] {
  return [
    packed.costsMinor,
    packed.purchaseCounts,
    packed.days,
    packed.amountsMinor,
    packed.discounted,
    packed.itemCounts,
    packed.items,
    packed.categoryCounts,
    packed.categories,
  ].map((array) => array.buffer as ArrayBuffer);
}

export function* unpackCustomers(packed: PackedCustomers): Generator<CustomerInput> {
  let purchase = 0;
  let item = 0;
  let category = 0;
  for (let c = 0; c < packed.ids.length; c++) {
    const count = packed.purchaseCounts[c]!;
    const purchases = new Array<{
      day: number;
      amountMinor: number;
      discounted: boolean;
      items: string[];
      categories: string[];
    }>(count);
    for (let p = 0; p < count; p++, purchase++) {
      const itemCount = packed.itemCounts[purchase]!;
      const items = new Array<string>(itemCount);
      for (let i = 0; i < itemCount; i++) items[i] = packed.itemNames[packed.items[item++]!]!;
      const categoryCount = packed.categoryCounts[purchase]!;
      const categories = new Array<string>(categoryCount);
      for (let i = 0; i < categoryCount; i++) categories[i] = packed.itemNames[packed.categories[category++]!]!;
      purchases[p] = {
        day: packed.days[purchase]!,
        amountMinor: packed.amountsMinor[purchase]!,
        discounted: packed.discounted[purchase] === 1,
        items,
        categories,
      };
    }
    yield {
      id: packed.ids[c]!,
      purchases,
      attitude: packed.attitudes[c] ?? null,
      creditRating: packed.creditRatings[c] ?? null,
      costsMinor: packed.costsMinor[c]!,
    };
  }
}
