/**
 * Reads the analysis input for a worker: every live customer with their purchases, attitude data,
 * credit rating and costs, in customer-id order. Runs on the worker's own read-only connection.
 * Purchases (the bulk: ~1M rows for a big shop) are streamed with `.iterate()` and merged with the
 * customer list as they arrive, so no per-purchase objects pile up beyond one customer's history.
 */
import type { ReadableDB } from '../../db/connection';
import type { AttitudeInput, CustomerInput, PurchaseInput } from '../../../shared/analysis/types';
import type { CreditRating } from '../../../shared/analysis/labels';
import { localDayOfInstant } from './local-day';

/** Separates names inside a basket column (BASKET_SEPARATOR); a name never contains it. */
const NAME_SEPARATOR = '\u001f';

export interface InputReadOptions {
  readonly timeZone: string;
  /** Local epoch day of the reference date: later purchases are not read at all. */
  readonly lastDay: number;
  /** Called every few thousand customers with (customers done, customers total). */
  readonly onProgress?: (done: number, total: number) => void;
  /** Only customers with `from <= id < to` (either end open when absent). */
  readonly range?: CustomerRange;
}

export interface CustomerRange {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

/**
 * A customer id that splits the shop so that about `share` of the purchases belong to customers
 * before it (null when there is nothing to split): two workers then read the two ranges at once.
 * Purchases, not customers, because the read's work is per purchase and early customers (ids are
 * time-ordered) have had longer to buy: on the 100k-customer seed the first half of the customers
 * holds 69 % of the purchases. The purchase count comes from the kept summaries (~10 ms), and the
 * split from stepping the customer-ordered purchase index (~40 ms for half a million entries); a
 * shop without purchases is split by customers.
 */
export function splitCustomerId(db: ReadableDB, share: number): string | null {
  const purchases =
    (db.prepare(`SELECT SUM(visits) FROM local_customer_summary`).pluck().get() as number | null) ?? 0;
  if (purchases >= 2) {
    const offset = Math.min(purchases - 1, Math.max(1, Math.floor(purchases * share)));
    const id = db
      .prepare(
        `SELECT customer_id FROM purchases INDEXED BY purchases_analysis ORDER BY customer_id LIMIT 1 OFFSET ?`,
      )
      .pluck()
      .get(offset) as string | undefined;
    if (id !== undefined) return id;
  }
  const total = countLiveCustomers(db);
  if (total < 2) return null;
  const offset = Math.min(total - 1, Math.max(1, Math.floor(total * share)));
  return (
    (db
      .prepare(`SELECT id FROM customers WHERE deleted_at IS NULL ORDER BY id LIMIT 1 OFFSET ?`)
      .pluck()
      .get(offset) as string | undefined) ?? null
  );
}

export function countLiveCustomers(db: ReadableDB): number {
  return db.prepare(`SELECT COUNT(*) FROM customers WHERE deleted_at IS NULL`).pluck().get() as number;
}

/** SQL condition and parameters limiting `column` to the range. */
function rangeCondition(column: string, range: CustomerRange | undefined): { sql: string; params: string[] } {
  const parts: string[] = [];
  const params: string[] = [];
  if (range?.from !== undefined) {
    parts.push(`${column} >= ?`);
    params.push(range.from);
  }
  if (range?.to !== undefined) {
    parts.push(`${column} < ?`);
    params.push(range.to);
  }
  return { sql: parts.map((part) => ` AND ${part}`).join(''), params };
}

export interface InputReadCounts {
  customers: number;
  purchases: number;
}

interface CustomerRow {
  id: string;
  credit_rating: CreditRating | null;
}

interface PurchaseRow {
  customer_id: string;
  purchased_at: string;
  total_minor: number;
  discount_minor: number;
  is_return: number;
  /** The basket columns as stored (migration 0006): names joined by U+001F, null when none. */
  basket_products: string | null;
  basket_categories: string | null;
}

/** Separates one customer's purchases inside the packed column. */
const PURCHASE_SEPARATOR = '\u001e';

/**
 * One row per customer: their purchases packed into one string, in the order of the customer-
 * and time-ordered index it scans (an ORDER BY inside group_concat cost a sort per customer,
 * ~30 % of the query; unpackPurchases checks the order instead), each as
 * `unix seconds,total,discount,is_return,basket number` (the number empty without lines; the
 * baskets themselves are read once, from purchase_baskets: see BasketBook). SQLite builds the
 * strings in C off the covering index purchases_analysis (which carries each purchase's basket
 * number, migration 0009), so a million purchases cross into JavaScript as ~100k rows instead of
 * a million, and no purchase's lines are looked up one by one — those two were most of the read.
 * A timestamp SQLite cannot read is passed through as `!text` (commas blanked) for Date.parse to
 * judge, as before.
 */
export function packedPurchasesSql(rangeSql: string): string {
  return `SELECT p.customer_id,
            group_concat(
              ifnull(unixepoch(p.purchased_at), '!' || replace(p.purchased_at, ',', ' ')) || ',' || p.total_minor || ','
                || p.discount_minor || ',' || p.is_return || ',' || ifnull(p.basket_id, ''),
              char(30))
          FROM purchases p
          WHERE p.deleted_at IS NULL AND p.purchased_at < ?${rangeSql}
          GROUP BY p.customer_id
          ORDER BY p.customer_id`;
}

/** Streams `CustomerInput`s in id order; `counts` is filled in as it goes. */
export function* readCustomerInputs(
  db: ReadableDB,
  options: InputReadOptions,
  counts: InputReadCounts = { customers: 0, purchases: 0 },
): Generator<CustomerInput> {
  const localDayOf = localDayOfInstant(options.timeZone);
  // Each thread reads the attitudes and costs of its own range only.
  const attitude = readAttitude(db, options.range);
  const costRange = rangeCondition('customer_id', options.range);
  const costs = new Map(
    (
      db
        .prepare(
          `SELECT customer_id AS id, SUM(amount_minor) AS total FROM customer_costs
           WHERE deleted_at IS NULL${costRange.sql} GROUP BY customer_id`,
        )
        .all(...costRange.params) as { id: string; total: number }[]
    ).map((row) => [row.id, row.total]),
  );
  const customerRange = rangeCondition('id', options.range);
  const customers = db
    .prepare(
      `SELECT id, credit_rating FROM customers WHERE deleted_at IS NULL${customerRange.sql} ORDER BY id`,
    )
    .all(...customerRange.params) as CustomerRow[];
  const purchaseRange = rangeCondition('p.customer_id', options.range);
  // Only customers' own, live purchases up to the end of the reference day (in UTC that is at the
  // latest one day later, whatever the zone); the exact local-day cut happens below.
  const cutoffUtc = new Date((options.lastDay + 2) * 86_400_000).toISOString();
  const packedRows = db
    .prepare(packedPurchasesSql(purchaseRange.sql))
    .raw(true)
    .iterate(cutoffUtc, ...purchaseRange.params) as IterableIterator<[string, string]>;

  const baskets = new BasketBook(
    db.prepare(`SELECT id, products, categories FROM purchase_baskets`).raw(true).all() as [
      number,
      string,
      string,
    ][],
  );
  let pending = nextOf(packedRows);
  const total = customers.length;
  for (let index = 0; index < total; index++) {
    const customer = customers[index]!;
    // Purchases of customers not in the list (soft-deleted ones) sort between live ids: skip them.
    while (pending && pending[0] < customer.id) pending = nextOf(packedRows);
    let purchases: PurchaseInput[] = [];
    if (pending && pending[0] === customer.id) {
      purchases = unpackPurchases(pending[1], localDayOf, options.lastDay, counts, baskets);
      pending = nextOf(packedRows);
    }
    counts.customers++;
    if (options.onProgress && (index % 5000 === 0 || index === total - 1))
      options.onProgress(index + 1, total);
    yield {
      id: customer.id,
      purchases,
      attitude: attitude.get(customer.id) ?? null,
      creditRating: customer.credit_rating,
      costsMinor: costs.get(customer.id) ?? 0,
    };
  }
  // Drain so the statement is reset before the connection is used again.
  while (pending) pending = nextOf(packedRows);
}

function nextOf<T>(iterator: IterableIterator<T>): T | undefined {
  const step = iterator.next();
  return step.done ? undefined : step.value;
}

const ZERO = 48;
const MINUS = 45;

/** The integer written at [from, to) (SQLite's own decimal output: optional '-', digits). */
function integerAt(text: string, from: number, to: number): number {
  let index = from;
  const negative = text.charCodeAt(index) === MINUS;
  if (negative) index++;
  let value = 0;
  for (; index < to; index++) value = value * 10 + (text.charCodeAt(index) - ZERO);
  return negative ? -value : value;
}

/**
 * Reads one customer's packed purchases (see packedPurchasesSql) into purchase inputs; `counts`
 * gains every stored row read, returns included.
 */
export function unpackPurchases(
  packed: string,
  localDayOf: (utcMs: number) => number,
  lastDay: number,
  counts: InputReadCounts,
  baskets: BasketBook,
): PurchaseInput[] {
  const sales = new SaleCollector(lastDay);
  let previous = -Infinity;
  let ordered = true;
  counts.purchases += visitPacked(packed, (utcMs, totalMinor, discountMinor, isReturn, basketId) => {
    if (utcMs < previous) ordered = false;
    previous = utcMs;
    sales.add(localDayOf(utcMs), totalMinor, discountMinor, isReturn, baskets.get(basketId));
  });
  if (ordered) return sales.finish();
  // SQLite packs the purchases in the order it scans them, which is the index's time order; should
  // a plan ever scan in another order, the records are sorted here instead of trusted.
  const records: [number, number, number, boolean, number][] = [];
  visitPacked(packed, (...record) => records.push(record));
  records.sort((x, y) => x[0] - y[0]);
  const sorted = new SaleCollector(lastDay);
  for (const [utcMs, totalMinor, discountMinor, isReturn, basketId] of records) {
    sorted.add(localDayOf(utcMs), totalMinor, discountMinor, isReturn, baskets.get(basketId));
  }
  return sorted.finish();
}

/**
 * Calls `visit` for each packed purchase record, in the order packed (the basket number is -1
 * without lines); returns how many there were.
 */
function visitPacked(
  packed: string,
  visit: (
    utcMs: number,
    totalMinor: number,
    discountMinor: number,
    isReturn: boolean,
    basketId: number,
  ) => void,
): number {
  let records = 0;
  let start = 0;
  while (start <= packed.length) {
    let end = packed.indexOf(PURCHASE_SEPARATOR, start);
    if (end < 0) end = packed.length;
    const timeEnd = packed.indexOf(',', start);
    const totalEnd = packed.indexOf(',', timeEnd + 1);
    const discountEnd = packed.indexOf(',', totalEnd + 1);
    const returnEnd = packed.indexOf(',', discountEnd + 1);
    let utcMs: number;
    if (packed.charCodeAt(start) === 33 /* ! */) {
      const text = packed.slice(start + 1, timeEnd);
      utcMs = Date.parse(text);
      if (Number.isNaN(utcMs)) throw new RangeError(`not a timestamp: ${JSON.stringify(text)}`);
    } else {
      utcMs = integerAt(packed, start, timeEnd) * 1000;
    }
    records++;
    visit(
      utcMs,
      integerAt(packed, timeEnd + 1, totalEnd),
      integerAt(packed, totalEnd + 1, discountEnd),
      packed.charCodeAt(discountEnd + 1) === ZERO + 1,
      returnEnd + 1 < end ? integerAt(packed, returnEnd + 1, end) : -1,
    );
    start = end + 1;
    if (end === packed.length) break;
  }
  return records;
}

/**
 * Sales become purchase inputs on their local day; a return (negative total) reduces the net of the
 * latest sale on or before its day, and a sale refunded in full is dropped (it was no purchase).
 */
export function toPurchaseInputs(
  rows: readonly PurchaseRow[],
  toLocalDay: (iso: string) => number,
  lastDay: number,
): PurchaseInput[] {
  const sales = new SaleCollector(lastDay);
  for (const row of rows) {
    sales.add(
      toLocalDay(row.purchased_at),
      row.total_minor,
      row.discount_minor,
      row.is_return === 1,
      row.basket_products === null ? null : splitBasket(row.basket_products, row.basket_categories ?? ''),
    );
  }
  return sales.finish();
}

interface Sale {
  day: number;
  amountMinor: number;
  discounted: boolean;
  items: readonly string[];
  categories: readonly string[];
}

interface SplitBasket {
  readonly products: readonly string[];
  readonly categories: readonly string[];
}

const NO_NAMES: readonly string[] = Object.freeze([]);

function splitBasket(products: string, categories: string): SplitBasket {
  return {
    products: products === '' ? NO_NAMES : Object.freeze(products.split(NAME_SEPARATOR)),
    categories: categories === '' ? NO_NAMES : Object.freeze(categories.split(NAME_SEPARATOR)),
  };
}

/**
 * The shop's baskets by number (purchase_baskets, migration 0009), each split into product and
 * category names the first time a purchase names it: a shop sells the same few combinations over
 * and over (the 100k-customer seed: 6,797 distinct baskets in a million tickets), so a ticket
 * costs an array look-up, not a split. The arrays are shared between tickets, so they are frozen.
 */
export class BasketBook {
  private readonly texts = new Map<number, readonly [products: string, categories: string]>();
  private readonly split = new Map<number, SplitBasket>();

  constructor(rows: Iterable<readonly [id: number, products: string, categories: string]>) {
    for (const [id, products, categories] of rows) this.texts.set(id, [products, categories]);
  }

  /** The basket with this number; null for -1 (no lines). */
  get(id: number): SplitBasket | null {
    if (id < 0) return null;
    let basket = this.split.get(id);
    if (basket === undefined) {
      const text = this.texts.get(id);
      // The read runs in one transaction and purchases.basket_id references the table.
      if (text === undefined) throw new Error(`a purchase names basket ${id}, which purchase_baskets lacks`);
      basket = splitBasket(text[0], text[1]);
      this.split.set(id, basket);
    }
    return basket;
  }
}

/**
 * Collects one customer's sales and returns. A sale is built once, as the purchase input it
 * becomes: the read makes a million of them, and every extra object per purchase was garbage to
 * collect.
 */
class SaleCollector {
  private readonly sales: Sale[] = [];
  private returns: { day: number; amountMinor: number }[] | null = null;

  constructor(private readonly lastDay: number) {}

  add(
    day: number,
    totalMinor: number,
    discountMinor: number,
    isReturn: boolean,
    basket: SplitBasket | null,
  ): void {
    if (day > this.lastDay) return;
    if (isReturn || totalMinor < 0) {
      (this.returns ??= []).push({ day, amountMinor: totalMinor });
      return;
    }
    this.sales.push({
      day,
      amountMinor: totalMinor,
      discounted: discountMinor > 0,
      items: basket?.products ?? NO_NAMES,
      categories: basket?.categories ?? NO_NAMES,
    });
  }

  finish(): PurchaseInput[] {
    const { sales, returns } = this;
    if (returns === null) return sales;
    sales.sort((x, y) => x.day - y.day);
    const refunded = new Set<Sale>();
    for (const refund of returns) {
      for (let i = sales.length - 1; i >= 0; i--) {
        const sale = sales[i]!;
        if (sale.day <= refund.day && sale.amountMinor > 0) {
          sale.amountMinor += Math.min(0, refund.amountMinor);
          if (sale.amountMinor <= 0) refunded.add(sale);
          break;
        }
      }
    }
    // A free sale (total 0) is still a visit; only a sale a return cancelled in full is dropped.
    return refunded.size === 0 ? sales : sales.filter((sale) => !refunded.has(sale));
  }
}

function readAttitude(db: ReadableDB, range: CustomerRange | undefined): Map<string, AttitudeInput> {
  const inRange = (column: string): string => rangeCondition(column, range).sql;
  const rangeParams = rangeCondition('customer_id', range).params;
  const attitude = new Map<string, AttitudeInput>();
  const entry = (id: string): AttitudeInput => {
    let value = attitude.get(id);
    if (!value) {
      value = { satisfactionMean: null, recommendMean: null, referrals: 0, openComplaints: 0, complaints: 0 };
      attitude.set(id, value);
    }
    return value;
  };
  const scores = db
    .prepare(
      `SELECT customer_id AS id, AVG(satisfaction) AS satisfaction, AVG(recommend) AS recommend
       FROM interactions WHERE deleted_at IS NULL AND (satisfaction IS NOT NULL OR recommend IS NOT NULL)${inRange('customer_id')}
       GROUP BY customer_id`,
    )
    .all(...rangeParams) as { id: string; satisfaction: number | null; recommend: number | null }[];
  for (const row of scores) {
    const value = entry(row.id);
    value.satisfactionMean = row.satisfaction;
    value.recommendMean = row.recommend;
  }
  const referrals = db
    .prepare(
      `SELECT referred_by AS id, COUNT(*) AS n FROM customers
       WHERE referred_by IS NOT NULL AND deleted_at IS NULL${inRange('referred_by')} GROUP BY referred_by`,
    )
    .all(...rangeParams) as { id: string; n: number }[];
  for (const row of referrals) entry(row.id).referrals = row.n;
  const complaints = db
    .prepare(
      `SELECT customer_id AS id, COUNT(*) AS n,
              SUM(CASE WHEN status IN ('resolved', 'followed_up') THEN 0 ELSE 1 END) AS open
       FROM complaints WHERE deleted_at IS NULL${inRange('customer_id')} GROUP BY customer_id`,
    )
    .all(...rangeParams) as { id: string; n: number; open: number }[];
  for (const row of complaints) {
    const value = entry(row.id);
    value.complaints = row.n;
    value.openComplaints = row.open;
  }
  return attitude;
}
