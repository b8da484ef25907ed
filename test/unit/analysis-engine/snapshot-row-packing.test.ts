import { describe, expect, it } from 'vitest';
import {
  packedSnapshotTransferables,
  SnapshotRowPacker,
  SnapshotRowUnpacker,
} from '../../../src/main/domain/analysis/snapshot-rows';
import { REASON_FIELDS, ReasonEncoder, ReasonFlattener } from '../../../src/shared/analysis/reason-codec';
import type { CustomerReasons } from '../../../src/shared/analysis/types';
import { snapshotRow } from '../../helpers/snapshot-row';

const none = Object.fromEntries(REASON_FIELDS.map((field) => [field, null])) as unknown as CustomerReasons;

/** Reasons of several shapes, numbers and strings that vary with n. */
const reasonsOf = (n: number): CustomerReasons => ({
  ...none,
  segment: { key: 'rfm.scores', params: { r: n % 5, f: 2, m: 3, recencyDays: n * 7, frequency: n } },
  stage:
    n % 2 === 0
      ? { key: 'lifecycle.lost.recency', params: { daysSince: n * 3, limitDays: 365 } }
      : { key: 'lifecycle.prospect.noPurchase', params: {} },
  loyalty: n % 3 === 0 ? { key: 'loyalty.none', params: {} } : null,
  attachment: { key: 'attachment.low', params: { satisfaction: '–', recommend: n / 3, referrals: 0 } },
  clv: { key: 'clv.model', params: { months: 12, purchases: 1e-9 * n, marginPct: 30, discountPct: 1 } },
});

describe('snapshot rows packed for the helper thread', () => {
  it('gives back every batch exactly, shared texts numbered across batches', () => {
    const first = [
      snapshotRow('c1', {
        segment: 'champions',
        p_alive: 0.123456789,
        frequency: 3,
        reasons: '[0,[1,2]]',
        first_purchase: '2026-01-02',
      }),
      snapshotRow('c2', {
        segment: 'champions',
        recency_days: 0,
        monetary_minor: -250,
        suggestions: '[{"item":"拿铁"}]',
      }),
    ];
    const second = [
      snapshotRow('c3', {
        segment: 'hibernating',
        first_purchase: '2026-01-02',
        reasons: '[0,[1,3]]',
        expected_purchases: 1e-12,
      }),
      snapshotRow('c4', {}),
    ];
    const packer = new SnapshotRowPacker();
    const unpacker = new SnapshotRowUnpacker();
    const sent = [first, second].map((rows) => {
      const packed = packer.pack(rows);
      // As postMessage delivers it: a structured clone, the typed arrays' buffers transferred.
      return structuredClone(packed, { transfer: packedSnapshotTransferables(packed) });
    });
    // A text met in the first batch is not sent again with the second.
    expect(sent[0]!.newSharedTexts).toContain('champions');
    expect(sent[1]!.newSharedTexts).toEqual(['hibernating']);
    expect(sent[1]!.ownTexts).toEqual(['c3', '[0,[1,3]]', 'c4']);
    expect(unpacker.unpack(sent[0]!)).toEqual(first);
    expect(unpacker.unpack(sent[1]!)).toEqual(second);
  });

  it('writes flattened reasons into the text one thread would have written, batch after batch', () => {
    const encoder = new ReasonEncoder();
    const flattener = new ReasonFlattener();
    const packer = new SnapshotRowPacker();
    const unpacker = new SnapshotRowUnpacker();
    for (const batch of [
      [1, 2, 3],
      [4, 5, 6, 7],
    ]) {
      const expected = batch.map((n) => snapshotRow(`c${n}`, { reasons: encoder.encode(reasonsOf(n)) }));
      const sent = batch.map((n) => {
        flattener.add(reasonsOf(n));
        return snapshotRow(`c${n}`, {});
      });
      const packed = packer.pack(sent, flattener.take());
      const received = structuredClone(packed, { transfer: packedSnapshotTransferables(packed) });
      expect(unpacker.unpack(received)).toEqual(expected);
    }
    expect(flattener.shapes).toEqual(encoder.shapes);
    // A row that also carries the text, or reasons for more rows than the batch, are refused.
    flattener.add(reasonsOf(1));
    expect(() => packer.pack([snapshotRow('c1', { reasons: '[0]' })], flattener.take())).toThrow(
      /also flattened/,
    );
    flattener.add(reasonsOf(1));
    flattener.add(reasonsOf(2));
    expect(() => unpacker.unpack(packer.pack([snapshotRow('c1', {})], flattener.take()))).toThrow(
      /more rows/,
    );
  });

  it('gives the same rows when batches switch between flattened reasons and their text', () => {
    // The analysing worker writes the text itself for a batch when the helper is behind; both
    // share one shape numbering, so the rows match those of a thread that wrote every text.
    const oneThread = new ReasonEncoder();
    const flattener = new ReasonFlattener();
    const worker = new ReasonEncoder(flattener);
    const packer = new SnapshotRowPacker();
    const unpacker = new SnapshotRowUnpacker();
    const batches = [[1, 2], [3, 4, 5], [6], [7, 8]];
    batches.forEach((batch, b) => {
      const textHere = b % 2 === 1;
      const expected = batch.map((n) => snapshotRow(`c${n}`, { reasons: oneThread.encode(reasonsOf(n)) }));
      const sent = batch.map((n) => {
        if (textHere) return snapshotRow(`c${n}`, { reasons: worker.encode(reasonsOf(n)) });
        flattener.add(reasonsOf(n));
        return snapshotRow(`c${n}`, {});
      });
      const packed = packer.pack(sent, textHere ? null : flattener.take());
      const received = structuredClone(packed, { transfer: packedSnapshotTransferables(packed) });
      expect(unpacker.unpack(received)).toEqual(expected);
    });
    expect(worker.shapes).toEqual(oneThread.shapes);
  });

  it('refuses a row that is not in the snapshot layout', () => {
    expect(() => new SnapshotRowPacker().pack([['c1', 1, 2]])).toThrow(/3 values/);
  });
});
