import { describe, expect, it } from 'vitest';
import { decodeBase64Yielding } from '../../../src/main/domain/transfer/import-worker';

function bytesOf(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (state * 1_103_515_245 + 12_345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

describe('decodeBase64Yielding', () => {
  it('decodes exactly what Buffer.from does, for every padding and across slice boundaries', async () => {
    // 1 MiB of base64 per slice: sizes around 786,432 bytes end right at, before and after one.
    for (const length of [0, 1, 2, 3, 4, 5, 786_431, 786_432, 786_433, 2_000_001]) {
      const original = bytesOf(length, length + 1);
      for (const text of [original.toString('base64'), original.toString('base64url')]) {
        const decoded = Buffer.from(await decodeBase64Yielding(text));
        expect(decoded.equals(original)).toBe(true);
      }
    }
  });

  it('falls back to one decode for text with line breaks, and still gets every byte', async () => {
    const original = bytesOf(1_500_000, 7);
    const wrapped = (original.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
    const decoded = Buffer.from(await decodeBase64Yielding(wrapped));
    expect(decoded.equals(original)).toBe(true);
  });

  it('returns a buffer of its own that can be transferred', async () => {
    const buffer = await decodeBase64Yielding(Buffer.from('a,b\n1,2\n').toString('base64'));
    expect(buffer.byteLength).toBe(8);
    expect(Buffer.from(buffer).toString()).toBe('a,b\n1,2\n');
  });
});
