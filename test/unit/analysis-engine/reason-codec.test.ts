import { describe, expect, it } from 'vitest';
import {
  decodeReasons,
  parseReasonShapes,
  REASON_FIELDS,
  ReasonEncoder,
} from '../../../src/shared/analysis/reason-codec';
import type { CustomerReasons } from '../../../src/shared/analysis/types';

const none = Object.fromEntries(REASON_FIELDS.map((field) => [field, null])) as unknown as CustomerReasons;

describe('compact reasons', () => {
  it('decodes to exactly the reasons encoded, with shapes numbered once per key and parameter names', () => {
    const encoder = new ReasonEncoder();
    const buyer: CustomerReasons = {
      ...none,
      segment: { key: 'rfm.scores', params: { r: 1, f: 3, m: 4, recencyDays: 715, frequency: 4 } },
      tier: { key: 'tier.ranked', params: { rank: 2, customers: 10, topPct: 20.5 } },
      stage: { key: 'lifecycle.lost.pAlive', params: { pAlivePct: 0, thresholdPct: 20 } },
      attachment: {
        key: 'attachment.low',
        params: { satisfaction: '–', recommend: 'a "quoted" one', referrals: 0 },
      },
      clv: { key: 'clv.historical', params: {} },
      creditLoyalty: { key: 'matrix.creditLoyalty.star', params: { rating: 'A', fScore: 3 } },
    };
    const other: CustomerReasons = {
      ...none,
      tier: { key: 'tier.ranked', params: { customers: 10, rank: 3, topPct: 30 } },
      stage: { key: 'lifecycle.prospect.noPurchase', params: {} },
      attachment: { key: 'attachment.unknown', params: {} },
      clv: { key: 'clv.historical', params: {} },
    };
    const texts = [encoder.encode(buyer), encoder.encode(other)];
    // Another parameter order is another shape, so values never land under the wrong name.
    expect(encoder.shapes.filter(([key]) => key === 'tier.ranked')).toHaveLength(2);
    const shapes = parseReasonShapes(JSON.stringify(encoder.shapes));
    expect(decodeReasons(texts[0]!, shapes)).toEqual(buyer);
    expect(decodeReasons(texts[1]!, shapes)).toEqual(other);
    expect(texts[0]!.length).toBeLessThan(JSON.stringify(buyer).length / 2);
  });

  it('writes every number and string exactly: signs, decimals, big and odd numbers, text past ASCII', () => {
    const encoder = new ReasonEncoder();
    const numbers = [
      0,
      -0,
      7,
      -42,
      2 ** 31 - 1,
      -(2 ** 31),
      2 ** 31,
      1e21,
      12.3,
      -0.05,
      1 / 3,
      5e-7,
      123456789.25,
    ];
    const strings = ['–', '信用 A', '🍰 "cake"', 'tab\there', 'x'.repeat(3000)];
    const reasons: CustomerReasons = {
      ...none,
      segment: { key: 'rfm.scores', params: Object.fromEntries(numbers.map((n, i) => [`n${i}`, n])) },
      attachment: { key: 'attachment.low', params: Object.fromEntries(strings.map((t, i) => [`s${i}`, t])) },
    };
    const text = encoder.encode(reasons);
    // The text is ASCII (characters past it are escaped) and grows past the first buffer.
    expect(text).toMatch(/^[\x20-\x7e]+$/);
    expect(text.length).toBeGreaterThan(3000);
    const decoded = decodeReasons(text, parseReasonShapes(JSON.stringify(encoder.shapes)));
    // JSON has no -0: it reads back as 0, as it did when the text was built by concatenation.
    expect(decoded.segment?.params).toEqual(
      Object.fromEntries(numbers.map((n, i) => [`n${i}`, Object.is(n, -0) ? 0 : n])),
    );
    expect(decoded.attachment?.params).toEqual(reasons.attachment?.params);
    // Numbers JSON cannot hold are stored as null, as before.
    const odd = encoder.encode({
      ...none,
      tier: { key: 'tier.ranked', params: { rank: Number.NaN, customers: Infinity, topPct: 1 } },
    });
    expect(JSON.parse(odd)[2]).toEqual([encoder.shapes.length - 1, null, null, 1]);
  });

  it('reads the spelled-out reasons of runs stored before, without shapes', () => {
    const old = { ...none, stage: { key: 'lifecycle.prospect.noPurchase', params: {} } };
    expect(decodeReasons(JSON.stringify(old), null)).toEqual(old);
  });
});
