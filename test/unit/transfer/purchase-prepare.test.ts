import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  decodePreparedChunk,
  encodePreparedChunk,
  PurchasePreparer,
  type PreparedChunk,
} from '../../../src/main/domain/transfer/purchase-prepare';
import type { AcceptedRow, PurchaseDraft } from '../../../src/main/domain/transfer/rows';

const draft = (over: Partial<PurchaseDraft>): PurchaseDraft => ({
  order_no: null,
  customer_code: 'M1',
  member_no: null,
  phone: null,
  customer_name: null,
  date: '2025-03-05',
  time: null,
  utc_offset_minutes: null,
  amount_minor: 1200,
  is_return: false,
  discount_minor: 0,
  product: null,
  product_code: null,
  category: null,
  quantity: 1,
  unit_price_minor: null,
  payment_method: null,
  channel: null,
  staff: null,
  notes: null,
  ...over,
});
const row = (line: number, over: Partial<PurchaseDraft>): AcceptedRow<PurchaseDraft> => ({
  line,
  draft: draft(over),
  warnings: [],
});

describe('PurchasePreparer', () => {
  it('makes up the same receipt refs as ever: refs already in shops depend on them', () => {
    // The stored format, spelt out independently: sha1 (base64url, 22 characters) of the fields
    // joined by U+001F, blanks for missing ones.
    const storedRef = (d: PurchaseDraft): string =>
      `auto:${createHash('sha1')
        .update(
          [
            d.customer_code ?? d.member_no ?? d.phone ?? d.customer_name ?? '',
            d.date,
            d.time ?? '',
            d.utc_offset_minutes ?? '',
            d.amount_minor,
            d.discount_minor,
            d.product ?? '',
            d.quantity,
          ].join('\u001f'),
        )
        .digest('base64url')
        .slice(0, 22)}:1`;
    const drafts: Partial<PurchaseDraft>[] = [
      {},
      { customer_code: null, member_no: 'VIP-9', time: '18:05:00', utc_offset_minutes: -300 },
      { customer_code: null, phone: '+8613800138000', product: '拿铁', quantity: 2, discount_minor: 50 },
      { customer_code: null, customer_name: '王小明', amount_minor: -300, is_return: true },
      { customer_code: null },
    ];
    const prepared = new PurchasePreparer('Asia/Shanghai').write(drafts.map((over, i) => row(i + 2, over)));
    expect(prepared.map((p) => p.ref)).toEqual(drafts.map((over) => storedRef(draft(over))));
  });

  it('numbers identical rows, groups receipt lines across chunks and keeps the lines as sold', () => {
    const preparer = new PurchasePreparer('Asia/Shanghai');
    const first = preparer.write([
      row(2, {}),
      row(3, {}),
      row(4, { order_no: 'R1', product: '拿铁', category: '咖啡', amount_minor: 800 }),
    ]);
    const second = preparer.write([
      row(5, { order_no: 'R1', product: '可颂', amount_minor: 500, quantity: 2 }),
    ]);
    const last = preparer.finish();
    expect(first.map((p) => p.ref.replace(/:.{22}:/, ':<digest>:'))).toEqual([
      'auto:<digest>:1',
      'auto:<digest>:2',
    ]);
    expect(first[0]!.ref.slice(0, -1)).toBe(first[1]!.ref.slice(0, -1));
    expect(first[0]).toMatchObject({
      rows: 1,
      member: 'M1',
      purchasedAt: '2025-03-05T04:00:00.000Z',
      lines: [],
    });
    expect(second).toEqual([]);
    expect(last).toHaveLength(1);
    expect(last[0]).toMatchObject({
      ref: 'R1',
      rows: 2,
      totalMinor: 1300,
      basketProducts: '可颂\u001f拿铁',
      basketCategories: '咖啡',
      lines: [
        ['拿铁', '咖啡', 1, 800, 0],
        ['可颂', '', 2, 500, 0],
      ],
    });
  });

  it('flags an order number spelt like an earlier made-up ref of the same file', () => {
    const preparer = new PurchasePreparer('Asia/Shanghai');
    const [auto] = preparer.write([row(2, {})]);
    preparer.write([row(3, { order_no: auto!.ref, customer_code: 'M2' })]);
    preparer.write([row(4, { order_no: auto!.ref.replace(/:1$/, ':2'), customer_code: 'M3' })]);
    const flagged = Object.fromEntries(preparer.finish().map((p) => [p.ref.slice(-1), p.sameAsFileRef]));
    // Occurrence 1 was written; occurrence 2 never was, so that order number is a receipt of its own.
    expect(flagged).toEqual({ '1': true, '2': false });
  });

  it('encodes a chunk for the other thread and decodes exactly the same chunk', () => {
    const preparer = new PurchasePreparer('UTC');
    const purchases = [
      ...preparer.write([row(2, { phone: '+8613800138000', notes: 'a,"b"\n', payment_method: '微信' })]),
      ...preparer.write([row(3, { order_no: 'X', product: 'p', amount_minor: -300, time: '09:30:00' })]),
      ...preparer.finish(),
    ];
    const chunk: PreparedChunk = {
      from: 5000,
      warnings: 2,
      rejected: [{ line: 9, issues: [{ code: 'invalid_date', field: 'date', params: { value: 'x' } }] }],
      purchases,
    };
    expect(decodePreparedChunk(encodePreparedChunk(chunk))).toEqual(chunk);
  });
});
