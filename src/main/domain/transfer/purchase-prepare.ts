/**
 * The pure half of a purchase load: groups validated rows into receipts and works out everything a
 * receipt needs except what only the shop file knows (which customer it belongs to, whether the
 * receipt is there already). No database here, so the import can run this half in a second thread
 * while the writer inserts (see import-prepare.worker.ts); in one thread, importTable chains the two.
 */
import { hash } from 'node:crypto';
import { ShopCalendar, daysFromCivil } from '../demo/shop-calendar';
import { basketColumnsOf } from '../sales/basket';
import type { AcceptedRow, PurchaseDraft, RejectedRow } from './rows';

/** One line of a receipt: product name, category, quantity, amount and discount (minor units). */
export type PreparedLine = readonly [string, string, number, number, number];

/** A receipt ready to be written, as plain JSON (it may cross between threads). */
export interface PreparedPurchase {
  /** The receipt number, or `auto:<row digest>:<occurrence>` for a row without one. */
  readonly ref: string;
  /**
   * An order number spelt like a made-up ref of a row earlier in the same file: that receipt,
   * already written by this import, so this one counts as unchanged (as the unique index would).
   */
  readonly sameAsFileRef: boolean;
  /** File rows this receipt stands for (its lines, or the one row). */
  readonly rows: number;
  /** How the customer is named in the file: member number (or customer code), phone, name. */
  readonly member: string | null;
  readonly phone: string | null;
  readonly customerName: string | null;
  readonly purchasedAt: string;
  readonly totalMinor: number;
  readonly discountMinor: number;
  readonly paymentMethod: string | null;
  readonly channel: string | null;
  readonly staff: string | null;
  readonly notes: string | null;
  readonly basketProducts: string | null;
  readonly basketCategories: string | null;
  readonly lines: readonly PreparedLine[];
}

/** A receipt ref made up for a row without an order number: `auto:<rowDigest>:<occurrence>`. */
const AUTO_REF = /^auto:([A-Za-z0-9_-]{22}):([1-9][0-9]*)$/;

export class PurchasePreparer {
  // Receipts may list their lines anywhere in the file: group by order number first.
  private readonly orders = new Map<string, AcceptedRow<PurchaseDraft>[]>();
  private readonly occurrences = new Map<string, number>();
  private readonly calendar: ShopCalendar;
  // Most files give a date without a time, and a shop's history has a few thousand distinct days.
  private readonly noonByDate = new Map<string, string>();

  constructor(timeZone: string) {
    this.calendar = new ShopCalendar(timeZone);
  }

  /** The receipts this chunk completes: its rows without an order number (the rest wait for finish). */
  write(rows: readonly AcceptedRow<PurchaseDraft>[]): PreparedPurchase[] {
    const ready: PreparedPurchase[] = [];
    for (const row of rows) {
      const orderNo = row.draft.order_no;
      if (orderNo !== null) {
        const lines = this.orders.get(orderNo);
        if (lines === undefined) this.orders.set(orderNo, [row]);
        else lines.push(row);
        continue;
      }
      const digest = rowDigest(row.draft);
      // Identical rows (two coffees on one day) stay separate purchases, numbered by occurrence.
      const occurrence = (this.occurrences.get(digest) ?? 0) + 1;
      this.occurrences.set(digest, occurrence);
      ready.push(this.prepare(`auto:${digest}:${occurrence}`, [row], false));
    }
    return ready;
  }

  /**
   * The receipts with an order number, once the whole file is read. Refs within one file are unique
   * by construction (auto refs are numbered per digest, order numbers grouped) except for an order
   * number spelt like an auto ref, which is flagged here, when every auto ref of the file is counted.
   */
  finish(): PreparedPurchase[] {
    const ready: PreparedPurchase[] = [];
    for (const [orderNo, rows] of this.orders) {
      const auto = AUTO_REF.exec(orderNo);
      const sameAsFileRef = auto !== null && (this.occurrences.get(auto[1]!) ?? 0) >= Number(auto[2]);
      ready.push(this.prepare(orderNo, rows, sameAsFileRef));
    }
    this.orders.clear();
    return ready;
  }

  private prepare(
    ref: string,
    rows: readonly AcceptedRow<PurchaseDraft>[],
    sameAsFileRef: boolean,
  ): PreparedPurchase {
    const first = rows[0]!.draft;
    let totalMinor = 0;
    let discountMinor = 0;
    for (const row of rows) {
      totalMinor += row.draft.amount_minor;
      discountMinor += row.draft.discount_minor;
    }
    // A lone row without a product is a purchase without lines; otherwise every row is a line.
    const lines =
      rows.length === 1 && first.product === null
        ? []
        : rows.map(({ draft }) => ({
            productName: draft.product ?? draft.product_code ?? '',
            category: draft.category ?? '',
            draft,
          }));
    const basket = basketColumnsOf(lines);
    return {
      ref,
      sameAsFileRef,
      rows: rows.length,
      member: first.customer_code ?? first.member_no,
      phone: first.phone,
      customerName: first.customer_name,
      purchasedAt: this.instantOf(first),
      totalMinor,
      discountMinor,
      paymentMethod: first.payment_method,
      channel: first.channel,
      staff: first.staff,
      notes: first.notes,
      basketProducts: basket.products,
      basketCategories: basket.categories,
      lines: lines.map(({ productName, category, draft }) => [
        productName,
        category,
        draft.quantity,
        draft.amount_minor,
        draft.discount_minor,
      ]),
    };
  }

  private instantOf(draft: PurchaseDraft): string {
    if (draft.time !== null || draft.utc_offset_minutes !== null)
      return purchaseInstant(this.calendar, draft);
    let instant = this.noonByDate.get(draft.date);
    if (instant === undefined) {
      instant = purchaseInstant(this.calendar, draft);
      this.noonByDate.set(draft.date, instant);
    }
    return instant;
  }
}

function rowDigest(draft: PurchaseDraft): string {
  // The fields joined by U+001F, spelt as a template: the same text as Array.join gave, which
  // every ref already stored was made from, at a fifth of the cost (~0.25 s on 1M rows).
  const who = draft.customer_code ?? draft.member_no ?? draft.phone ?? draft.customer_name ?? '';
  const key = `${who}\u001f${draft.date}\u001f${draft.time ?? ''}\u001f${draft.utc_offset_minutes ?? ''}\u001f${draft.amount_minor}\u001f${draft.discount_minor}\u001f${draft.product ?? ''}\u001f${draft.quantity}`;
  // One-shot hash: a Hash object per row cost three times as much (same bytes out).
  return hash('sha1', key, 'base64url').slice(0, 22);
}

function dayNumber(isoDate: string): number {
  return daysFromCivil(
    Number(isoDate.slice(0, 4)),
    Number(isoDate.slice(5, 7)),
    Number(isoDate.slice(8, 10)),
  );
}

const NOON_SECONDS = 12 * 3600;

/** A date without a time is stored at local noon, so every reading of it lands on the same day. */
export function localNoonIso(calendar: ShopCalendar, isoDate: string): string {
  return calendar.iso(calendar.unixSeconds(dayNumber(isoDate), NOON_SECONDS) * 1000);
}

function purchaseInstant(calendar: ShopCalendar, draft: PurchaseDraft): string {
  const day = dayNumber(draft.date);
  let seconds = NOON_SECONDS;
  if (draft.time !== null) {
    seconds =
      Number(draft.time.slice(0, 2)) * 3600 +
      Number(draft.time.slice(3, 5)) * 60 +
      Number(draft.time.slice(6, 8));
  }
  const unix =
    draft.utc_offset_minutes === null
      ? calendar.unixSeconds(day, seconds)
      : day * 86_400 + seconds - draft.utc_offset_minutes * 60;
  return calendar.iso(unix * 1000);
}

/** What the preparing thread sends per chunk of file rows. */
export interface PreparedChunk {
  /** First file row of the chunk (index into the table's rows); the file's row count for finish(). */
  readonly from: number;
  readonly purchases: readonly PreparedPurchase[];
  readonly rejected: readonly RejectedRow[];
  /** Accepted rows that carry a warning. */
  readonly warnings: number;
}

/**
 * A chunk as JSON of positional arrays: the same receipts as objects made 363 bytes of JSON each
 * on the benchmark file (every key spelt out per receipt) and cost the preparing thread ~2 s.
 * The fields that are always there come first and the ones a file often leaves blank last, with
 * trailing blanks left out: a receipt of the benchmark file (member, date, amount) is ~75 bytes
 * instead of ~120, which both threads pay for, one in stringify and one in parse.
 */
export function encodePreparedChunk(chunk: PreparedChunk): string {
  return JSON.stringify([
    chunk.from,
    chunk.warnings,
    chunk.rejected,
    chunk.purchases.map((p) => {
      const encoded: EncodedPurchase = [
        p.ref,
        p.sameAsFileRef ? 1 : 0,
        p.rows,
        p.purchasedAt,
        p.totalMinor,
        p.discountMinor,
        p.lines,
        p.member,
        p.phone,
        p.customerName,
        p.paymentMethod,
        p.channel,
        p.staff,
        p.notes,
        p.basketProducts,
        p.basketCategories,
      ];
      let length = encoded.length;
      while (length > REQUIRED_FIELDS && encoded[length - 1] === null) length--;
      encoded.length = length;
      return encoded;
    }),
  ]);
}

/** Fields of an encoded receipt before the optional ones (which may be cut off when blank). */
const REQUIRED_FIELDS = 7;

type EncodedPurchase = [
  ref: string,
  sameAsFileRef: 0 | 1,
  rows: number,
  purchasedAt: string,
  totalMinor: number,
  discountMinor: number,
  lines: readonly PreparedLine[],
  member?: string | null,
  phone?: string | null,
  customerName?: string | null,
  paymentMethod?: string | null,
  channel?: string | null,
  staff?: string | null,
  notes?: string | null,
  basketProducts?: string | null,
  basketCategories?: string | null,
];

export function decodePreparedChunk(json: string): PreparedChunk {
  const [from, warnings, rejected, purchases] = JSON.parse(json) as [
    number,
    number,
    RejectedRow[],
    EncodedPurchase[],
  ];
  return {
    from,
    warnings,
    rejected,
    purchases: purchases.map((p) => ({
      ref: p[0],
      sameAsFileRef: p[1] === 1,
      rows: p[2],
      member: p[7] ?? null,
      phone: p[8] ?? null,
      customerName: p[9] ?? null,
      purchasedAt: p[3],
      totalMinor: p[4],
      discountMinor: p[5],
      paymentMethod: p[10] ?? null,
      channel: p[11] ?? null,
      staff: p[12] ?? null,
      notes: p[13] ?? null,
      basketProducts: p[14] ?? null,
      basketCategories: p[15] ?? null,
      lines: p[6],
    })),
  };
}
