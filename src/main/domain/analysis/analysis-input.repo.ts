/**
 * Reads the analysis input for a worker: every live customer with their purchases, attitude data,
 * credit rating and costs, in customer-id order. Runs on the worker's own read-only connection.
 * Purchases (the bulk: ~1M rows for a big shop) are streamed with `.iterate()` and merged with the
 * customer list as they arrive, so no per-purchase objects pile up beyond one customer's history.
 */
import type { ReadableDB } from '../../db/connection';
import type { AttitudeInput, CustomerInput, PurchaseInput } from '../../../shared/analysis/types';
import type { CreditRating } from '../../../shared/analysis/labels';
import { localDayConverter } from './local-day';

/** Separates product names inside group_concat; a name never contains this control character. */
const NAME_SEPARATOR = '\u001f';
/** Separates a ticket's product names from its categories (char(29)), read in the same subquery. */
const CATEGORY_SEPARATOR = '\u001d';

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
 * The live customer id that splits the customers so that `share` of them come before it (null when
 * there are too few to split): two workers then read the two ranges at once.
 */
export function splitCustomerId(db: ReadableDB, share: number): string | null {
  const total = db.prepare(`SELECT COUNT(*) FROM customers WHERE deleted_at IS NULL`).pluck().get() as number;
  if (total < 2) return null;
  const offset = Math.min(total - 1, Math.max(1, Math.floor(total * share)));
  return (
    (db
      .prepare(`SELECT id FROM customers WHERE deleted_at IS NULL ORDER BY id LIMIT 1 OFFSET ?`)
      .pluck()
      .get(offset) as string | undefined) ?? null
  );
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
  /** Product names, then CATEGORY_SEPARATOR and the non-empty categories; null without lines. */
  items: string | null;
}

/** Streams `CustomerInput`s in id order; `counts` is filled in as it goes. */
export function* readCustomerInputs(
  db: ReadableDB,
  options: InputReadOptions,
  counts: InputReadCounts = { customers: 0, purchases: 0 },
): Generator<CustomerInput> {
  const toLocalDay = localDayConverter(options.timeZone);
  const attitude = readAttitude(db);
  const costs = new Map(
    (
      db
        .prepare(
          `SELECT customer_id AS id, SUM(amount_minor) AS total FROM customer_costs
           WHERE deleted_at IS NULL GROUP BY customer_id`,
        )
        .all() as { id: string; total: number }[]
    ).map((row) => [row.id, row.total]),
  );
  const customerRange = rangeCondition('id', options.range);
  const customers = db
    .prepare(`SELECT id, credit_rating FROM customers WHERE deleted_at IS NULL${customerRange.sql} ORDER BY id`)
    .all(...customerRange.params) as CustomerRow[];
  const purchaseRange = rangeCondition('p.customer_id', options.range);
  // Only customers' own, live purchases up to the end of the reference day (in UTC that is at the
  // latest one day later, whatever the zone); the exact local-day cut happens below.
  const cutoffUtc = new Date((options.lastDay + 2) * 86_400_000).toISOString();
  const purchases = db
    .prepare(
      `SELECT p.customer_id, p.purchased_at, p.total_minor, p.discount_minor, p.is_return,
              (SELECT group_concat(l.product_name, char(31)) || char(29) || coalesce(group_concat(NULLIF(l.category, ''), char(31)), '')
               FROM purchase_lines l WHERE l.purchase_id = p.id) AS items
       FROM purchases p
       WHERE p.deleted_at IS NULL AND p.purchased_at < ?${purchaseRange.sql}
       ORDER BY p.customer_id, p.purchased_at`,
    )
    .iterate(cutoffUtc, ...purchaseRange.params) as IterableIterator<PurchaseRow>;

  let pending: PurchaseRow | undefined = nextOf(purchases);
  const total = customers.length;
  for (let index = 0; index < total; index++) {
    const customer = customers[index]!;
    // Purchases of customers not in the list (soft-deleted ones) sort between live ids: skip them.
    while (pending && pending.customer_id < customer.id) pending = nextOf(purchases);
    const own: PurchaseRow[] = [];
    while (pending && pending.customer_id === customer.id) {
      own.push(pending);
      pending = nextOf(purchases);
    }
    counts.customers++;
    counts.purchases += own.length;
    if (options.onProgress && (index % 5000 === 0 || index === total - 1)) options.onProgress(index + 1, total);
    yield {
      id: customer.id,
      purchases: toPurchaseInputs(own, toLocalDay, options.lastDay),
      attitude: attitude.get(customer.id) ?? null,
      creditRating: customer.credit_rating,
      costsMinor: costs.get(customer.id) ?? 0,
    };
  }
  // Drain so the statement is reset before the connection is used again.
  while (pending) pending = nextOf(purchases);
}

function nextOf(iterator: IterableIterator<PurchaseRow>): PurchaseRow | undefined {
  const step = iterator.next();
  return step.done ? undefined : step.value;
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
  const sales: {
    day: number;
    amountMinor: number;
    discounted: boolean;
    items: string[];
    categories: string[];
    refunded: boolean;
  }[] = [];
  const returns: { day: number; amountMinor: number }[] = [];
  for (const row of rows) {
    const day = toLocalDay(row.purchased_at);
    if (day > lastDay) continue;
    if (row.is_return === 1 || row.total_minor < 0) {
      returns.push({ day, amountMinor: row.total_minor });
      continue;
    }
    const [items, categories] = row.items ? row.items.split(CATEGORY_SEPARATOR) : [];
    sales.push({
      day,
      amountMinor: row.total_minor,
      discounted: row.discount_minor > 0,
      items: items ? items.split(NAME_SEPARATOR) : [],
      categories: categories ? categories.split(NAME_SEPARATOR) : [],
      refunded: false,
    });
  }
  if (returns.length > 0) {
    sales.sort((x, y) => x.day - y.day);
    for (const refund of returns) {
      let target = -1;
      for (let i = sales.length - 1; i >= 0; i--) {
        if (sales[i]!.day <= refund.day && sales[i]!.amountMinor > 0) {
          target = i;
          break;
        }
      }
      if (target >= 0) {
        sales[target]!.amountMinor += Math.min(0, refund.amountMinor);
        sales[target]!.refunded = sales[target]!.amountMinor <= 0;
      }
    }
  }
  // A free sale (total 0) is still a visit; only a sale a return cancelled in full is dropped.
  return sales
    .filter((sale) => !sale.refunded)
    .map(({ day, amountMinor, discounted, items, categories }) => ({ day, amountMinor, discounted, items, categories }));
}

function readAttitude(db: ReadableDB): Map<string, AttitudeInput> {
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
       FROM interactions WHERE deleted_at IS NULL AND (satisfaction IS NOT NULL OR recommend IS NOT NULL)
       GROUP BY customer_id`,
    )
    .all() as { id: string; satisfaction: number | null; recommend: number | null }[];
  for (const row of scores) {
    const value = entry(row.id);
    value.satisfactionMean = row.satisfaction;
    value.recommendMean = row.recommend;
  }
  const referrals = db
    .prepare(
      `SELECT referred_by AS id, COUNT(*) AS n FROM customers
       WHERE referred_by IS NOT NULL AND deleted_at IS NULL GROUP BY referred_by`,
    )
    .all() as { id: string; n: number }[];
  for (const row of referrals) entry(row.id).referrals = row.n;
  const complaints = db
    .prepare(
      `SELECT customer_id AS id, COUNT(*) AS n,
              SUM(CASE WHEN status IN ('resolved', 'followed_up') THEN 0 ELSE 1 END) AS open
       FROM complaints WHERE deleted_at IS NULL GROUP BY customer_id`,
    )
    .all() as { id: string; n: number; open: number }[];
  for (const row of complaints) {
    const value = entry(row.id);
    value.complaints = row.n;
    value.openComplaints = row.open;
  }
  return attitude;
}
