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

  /** The counts by gap, for another histogram to `addCounts` (a copy: the buffer may be transferred). */
  toCounts(): Float64Array {
    return this.counts.slice();
  }

  addCounts(counts: Float64Array): void {
    for (let gap = 0; gap < counts.length; gap++) {
      const count = counts[gap] ?? 0;
      if (count === 0) continue;
      if (gap >= this.counts.length) {
        const grown = new Float64Array(Math.max(gap + 1, this.counts.length * 2));
        grown.set(this.counts);
        this.counts = grown;
      }
      this.counts[gap] = (this.counts[gap] ?? 0) + count;
      this.total += count;
    }
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

  /** Copies of the two arrays, for `appendPacked` in another thread (the copies can be transferred). */
  pack(): PackedBaskets {
    return { items: this.items.slice(), offsets: this.offsets.slice() };
  }

  /** Appends another store's baskets, its item numbers translated through `itemMap`. */
  appendPacked(baskets: PackedBaskets, itemMap: Int32Array): void {
    const { items, offsets } = baskets;
    for (let basket = 0; basket + 1 < offsets.length; basket++) {
      for (let i = offsets[basket] ?? 0; i < (offsets[basket + 1] ?? 0); i++)
        this.addItem(itemMap[items[i] ?? 0] ?? 0);
      this.close();
    }
  }
}

export interface PackedBaskets {
  readonly items: Int32Array;
  readonly offsets: Int32Array;
}

/** Numbers kept per customer in `PackedIngest.perCustomer`, in this order. */
const PER_CUSTOMER = 5;

/**
 * A `ShopIngest`'s content as plain data with flat typed arrays, so a helper thread that ingested
 * one range of customers can hand it over whole (the buffers transferred, not copied) and the
 * analysing thread merges it as if it had ingested those customers itself.
 */
export interface PackedIngest {
  readonly ids: string[];
  readonly attitudes: (AttitudeInput | null)[];
  readonly creditRatings: (CreditRating | null)[];
  /** frequency, monetary, discountedPurchases, firstDaySpend, costs for each customer. */
  readonly perCustomer: Float64Array;
  readonly visitCounts: Int32Array;
  readonly visitDays: Int32Array;
  /** Distinct items per customer; 0 means none (`items: null`). */
  readonly itemCounts: Int32Array;
  readonly customerItems: Int32Array;
  readonly itemNames: string[];
  readonly baskets: PackedBaskets;
  readonly categoryNames: string[];
  readonly categoryBaskets: PackedBaskets;
  readonly gapCounts: Float64Array;
}

/** The buffers to pass in `postMessage`'s transfer list. */
export function packedIngestTransferables(packed: PackedIngest): ArrayBuffer[] {
  return [
    packed.perCustomer,
    packed.visitCounts,
    packed.visitDays,
    packed.itemCounts,
    packed.customerItems,
    packed.baskets.items,
    packed.baskets.offsets,
    packed.categoryBaskets.items,
    packed.categoryBaskets.offsets,
    packed.gapCounts,
  ].map((array) => array.buffer as ArrayBuffer);
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
  /**
   * Each customer's distinct items in the window, flat: how many (0 when the purchases carry
   * none), then all the items in customer order. Only the suggestions read them, as flat arrays;
   * an array per customer was 100k long-lived arrays for the garbage collector.
   */
  private readonly itemCounts = new IntBuffer();
  private readonly itemList = new IntBuffer();

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
      this.itemList.push(item);
    }
  }

  add(customer: CustomerInput): void {
    const started = performance.now();
    const stamp = this.customers.length + 1;
    const itemsBefore = this.itemList.length;
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
      attitude: customer.attitude ?? null,
      creditRating: customer.creditRating ?? null,
      costs: customer.costsMinor ?? 0,
    });
    this.itemCounts.push(this.itemList.length - itemsBefore);
    this.ingestMs += performance.now() - started;
  }

  /** Every customer's distinct items, flat (see `itemCounts`), as copies that can be transferred. */
  customerItems(): { counts: Int32Array; items: Int32Array } {
    return { counts: this.itemCounts.toArray().slice(), items: this.itemList.toArray().slice() };
  }

  /** Everything ingested so far, for `merge` in another thread. */
  pack(): PackedIngest {
    const customers = this.customers;
    const perCustomer = new Float64Array(customers.length * PER_CUSTOMER);
    const visitCounts = new Int32Array(customers.length);
    let visitTotal = 0;
    for (const customer of customers) visitTotal += customer.visitDays.length;
    const visitDays = new Int32Array(visitTotal);
    let visitAt = 0;
    customers.forEach((customer, c) => {
      const at = c * PER_CUSTOMER;
      perCustomer[at] = customer.frequency;
      perCustomer[at + 1] = customer.monetary;
      perCustomer[at + 2] = customer.discountedPurchases;
      perCustomer[at + 3] = customer.firstDaySpend;
      perCustomer[at + 4] = customer.costs;
      visitCounts[c] = customer.visitDays.length;
      for (const day of customer.visitDays) visitDays[visitAt++] = day;
    });
    const { counts: itemCounts, items: customerItems } = this.customerItems();
    return {
      ids: customers.map((c) => c.id),
      attitudes: customers.map((c) => c.attitude),
      creditRatings: customers.map((c) => c.creditRating),
      perCustomer,
      visitCounts,
      visitDays,
      itemCounts,
      customerItems,
      itemNames: this.items.names.slice(),
      baskets: this.baskets.pack(),
      categoryNames: this.categories.names.slice(),
      categoryBaskets: this.categoryBaskets.pack(),
      gapCounts: this.gaps.toCounts(),
    };
  }

  /**
   * Takes in the customers another ingest packed, after those added here: the result is the same
   * as adding them here one by one (item numbers are given in the order the other ingest first
   * met them, which is the order this one would have met them in).
   */
  merge(part: PackedIngest): void {
    const started = performance.now();
    const itemMap = Int32Array.from(part.itemNames, (name) => this.items.indexOf(name));
    const categoryMap = Int32Array.from(part.categoryNames, (name) => this.categories.indexOf(name));
    this.baskets.appendPacked(part.baskets, itemMap);
    this.categoryBaskets.appendPacked(part.categoryBaskets, categoryMap);
    this.gaps.addCounts(part.gapCounts);
    for (let i = 0; i < part.customerItems.length; i++)
      this.itemList.push(itemMap[part.customerItems[i] ?? 0] ?? 0);
    let visitAt = 0;
    for (let c = 0; c < part.ids.length; c++) {
      const at = c * PER_CUSTOMER;
      const visitCount = part.visitCounts[c] ?? 0;
      const visitDays = new Array<number>(visitCount);
      for (let v = 0; v < visitCount; v++) visitDays[v] = part.visitDays[visitAt++] ?? 0;
      this.itemCounts.push(part.itemCounts[c] ?? 0);
      this.customers.push({
        id: part.ids[c] ?? '',
        frequency: part.perCustomer[at] ?? 0,
        monetary: part.perCustomer[at + 1] ?? 0,
        discountedPurchases: part.perCustomer[at + 2] ?? 0,
        visitDays,
        firstDaySpend: part.perCustomer[at + 3] ?? 0,
        attitude: part.attitudes[c] ?? null,
        creditRating: part.creditRatings[c] ?? null,
        costs: part.perCustomer[at + 4] ?? 0,
      });
    }
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
