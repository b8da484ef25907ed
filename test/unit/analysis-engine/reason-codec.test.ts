import { describe, expect, it } from 'vitest';
import { decodeReasons, parseReasonShapes, REASON_FIELDS, ReasonEncoder } from '../../../src/shared/analysis/reason-codec';
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
      attachment: { key: 'attachment.low', params: { satisfaction: '–', recommend: 'a "quoted" one', referrals: 0 } },
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

  it('reads the spelled-out reasons of runs stored before, without shapes', () => {
    const old = { ...none, stage: { key: 'lifecycle.prospect.noPurchase', params: {} } };
    expect(decodeReasons(JSON.stringify(old), null)).toEqual(old);
  });
});
