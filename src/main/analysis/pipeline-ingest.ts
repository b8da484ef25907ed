/**
 * First stage of the pipeline: reduce each customer, as it arrives, to the few numbers the later
 * stages need, so a worker can stream customers from a database cursor without holding every
 * purchase object at once.
 */
import type { CreditRating } from '../../shared/analysis/labels';
import type { AttitudeInput, CustomerInput } from '../../shared/analysis/types';
import { toEpochDay } from './dates';
import { ItemDictionary } from './rules';

export interface IngestedCustomer {
  id: string;
  /** Purchases in the window. */
  frequency: number;
  monetary: number;
  discountedPurchases: number;
  /** Distinct visit days, ascending. Empty for prospects. */
  visitDays: readonly number[];
  /** Spend on the first visit day (so repeat spend z̄ can leave it out). */
  firstDaySpend: number;
  /** Distinct items ever bought in the window, or null when the purchases carry no items. */
  items: readonly number[] | null;
  attitude: AttitudeInput | null;
  creditRating: CreditRating | null;
  costs: number;
}

/** Counts of whole-day gaps, so the shop-wide median over a million gaps needs no sort. */
export class GapHistogram {
  private counts = new Float64Array(1024);
  private total = 0;

  add(gap: number): void {
    if (gap >= this.counts.length) {
      const grown = new Float64Array(Math.max(gap + 1, this.counts.length * 2));
      grown.set(this.counts);
      this.counts = grown;
    }
    this.counts[gap] = (this.counts[gap] ?? 0) + 1;
    this.total++;
  }

  /** Median gap in days (mean of the two middle gaps for an even count), null when empty. */
  median(): number | null {
    if (this.total === 0) return null;
    const lowTarget = Math.floor((this.total - 1) / 2);
    const highTarget = Math.floor(this.total / 2);
    let seen = 0;
    let low: number | null = null;
    for (let gap = 0; gap < this.counts.length; gap++) {
      seen += this.counts[gap] ?? 0;
      if (low === null && seen > lowTarget) low = gap;
      if (seen > highTarget) return ((low ?? gap) + gap) / 2;
    }
    return low;
  }
}

/** Growable Int32 buffer. */
class IntBuffer {
  data = new Int32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  toArray(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}

/**
 * All baskets in one flat array (basket i is items[offsets[i] .. offsets[i+1])), because half a
 * million small arrays cost more in garbage collection than the mining itself.
 */
export class BasketStore {
  private readonly itemBuffer = new IntBuffer();
  private readonly offsetBuffer = new IntBuffer();

  constructor() {
    this.offsetBuffer.push(0);
  }

  get length(): number {
    return this.offsetBuffer.length - 1;
  }

  /** Ends the current basket; items were added with `addItem`. */
  close(): void {
    this.offsetBuffer.push(this.itemBuffer.length);
  }

  addItem(item: number): void {
    this.itemBuffer.push(item);
  }

  get items(): Int32Array {
    return this.itemBuffer.toArray();
  }

  get offsets(): Int32Array {
    return this.offsetBuffer.toArray();
  }
}

export class ShopIngest {
  readonly customers: IngestedCustomer[] = [];
  readonly baskets = new BasketStore();
  readonly items = new ItemDictionary();
  /** The same tickets by category, for category-level rules; tickets without categories are left out. */
  readonly categoryBaskets = new BasketStore();
  readonly categories = new ItemDictionary();
  readonly gaps = new GapHistogram();
  /** Time spent in `add`, reported as the ingest stage. */
  ingestMs = 0;
  private readonly dayCache = new Map<string, number>();
  // Scratch space reused for every customer.
  private days = new Int32Array(256);
  private amounts = new Float64Array(256);
  private itemStamp = new Int32Array(256);
  private readonly customerItems = new IntBuffer();

  /**
   * @param referenceDay purchases after this day are ignored
   * @param windowStartDay purchases on or before this day are ignored (null = all history)
   */
  constructor(
    readonly referenceDay: number,
    readonly windowStartDay: number | null,
  ) {}

  private dayOf(input: number | string): number {
    if (typeof input === 'number') return toEpochDay(input);
    // Many purchases share a date; parsing each distinct string once keeps ingest cheap.
    let day = this.dayCache.get(input);
    if (day === undefined) {
      day = toEpochDay(input);
      if (this.dayCache.size > 100_000) this.dayCache.clear();
      this.dayCache.set(input, day);
    }
    return day;
  }

  private ensureCapacity(purchases: number): void {
    if (purchases <= this.days.length) return;
    const size = Math.max(purchases, this.days.length * 2);
    this.days = new Int32Array(size);
    this.amounts = new Float64Array(size);
  }

  /** Marks the customer's distinct items; stamps are customer numbers + 1, so no clearing is needed. */
  private noteItem(item: number, stamp: number): void {
    if (item >= this.itemStamp.length) {
      const grown = new Int32Array(Math.max(item + 1, this.itemStamp.length * 2));
      grown.set(this.itemStamp);
      this.itemStamp = grown;
    }
    if (this.itemStamp[item] !== stamp) {
      this.itemStamp[item] = stamp;
      this.customerItems.push(item);
    }
  }

  add(customer: CustomerInput): void {
    const started = performance.now();
    const stamp = this.customers.length + 1;
    this.customerItems.length = 0;
    this.ensureCapacity(customer.purchases.length);
    let count = 0;
    let monetary = 0;
    let discountedPurchases = 0;
    for (const purchase of customer.purchases) {
      const day = this.dayOf(purchase.day);
      if (day > this.referenceDay) continue;
      if (this.windowStartDay !== null && day <= this.windowStartDay) continue;
      this.days[count] = day;
      this.amounts[count] = purchase.amountMinor;
      count++;
      monetary += purchase.amountMinor;
      if (purchase.discounted) discountedPurchases++;
      if (purchase.items && purchase.items.length > 0) {
        for (const name of purchase.items) {
          const item = this.items.indexOf(name);
          this.baskets.addItem(item);
          this.noteItem(item, stamp);
        }
        this.baskets.close();
      }
      if (purchase.categories) {
        // An uncategorised line says nothing about categories; a ticket of only such lines is no basket.
        let added = 0;
        for (const name of purchase.categories) {
          if (name === '') continue;
          this.categoryBaskets.addItem(this.categories.indexOf(name));
          added++;
        }
        if (added > 0) this.categoryBaskets.close();
      }
    }
    sortPairsByDay(this.days, this.amounts, count);
    const visitDays: number[] = [];
    let firstDaySpend = 0;
    for (let i = 0; i < count; i++) {
      const day = this.days[i] ?? 0;
      const previous = visitDays[visitDays.length - 1];
      if (previous !== day) {
        if (previous !== undefined) this.gaps.add(day - previous);
        visitDays.push(day);
      }
      if (visitDays.length === 1) firstDaySpend += this.amounts[i] ?? 0;
    }
    this.customers.push({
      id: customer.id,
      frequency: count,
      monetary,
      discountedPurchases,
      // Plain arrays: for a few numbers per customer they are cheaper to allocate than typed arrays.
      visitDays,
      firstDaySpend,
      items: this.customerItems.length > 0 ? Array.from(this.customerItems.toArray()) : null,
      attitude: customer.attitude ?? null,
      creditRating: customer.creditRating ?? null,
      costs: customer.costsMinor ?? 0,
    });
    this.ingestMs += performance.now() - started;
  }
}

/** Sorts the first `count` (day, amount) pairs by day; insertion sort, as input is usually sorted. */
function sortPairsByDay(days: Int32Array, amounts: Float64Array, count: number): void {
  if (count > 64) {
    const order = Array.from({ length: count }, (_, i) => i).sort((i, j) => (days[i] ?? 0) - (days[j] ?? 0));
    const sortedDays = order.map((i) => days[i] ?? 0);
    const sortedAmounts = order.map((i) => amounts[i] ?? 0);
    days.set(sortedDays);
    amounts.set(sortedAmounts);
    return;
  }
  for (let i = 1; i < count; i++) {
    const day = days[i] ?? 0;
    const amount = amounts[i] ?? 0;
    let j = i - 1;
    while (j >= 0 && (days[j] ?? 0) > day) {
      days[j + 1] = days[j] ?? 0;
      amounts[j + 1] = amounts[j] ?? 0;
      j--;
    }
    days[j + 1] = day;
    amounts[j + 1] = amount;
  }
}
