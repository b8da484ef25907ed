import { describe, expect, it } from 'vitest';
import { validate, version } from 'uuid';
import { IdMint, newId } from '../../../src/main/db/ids';

/** The 48-bit millisecond time at the front of a UUIDv7. */
const timeOf = (id: string): number => parseInt(id.slice(0, 8) + id.slice(9, 13), 16);

describe('IdMint', () => {
  it('mints valid, unique UUIDv7 ids in the order it mints them, stamped with the time', () => {
    const mint = new IdMint();
    const before = Date.now();
    // More than one pool of random bytes, and several milliseconds.
    const ids = Array.from({ length: 50_000 }, () => mint.next());
    const after = Date.now();
    for (const id of [ids[0]!, ids[4095]!, ids[4096]!, ids.at(-1)!]) {
      expect(validate(id)).toBe(true);
      expect(version(id)).toBe(7);
      // RFC 9562 variant: 10xx in the first hex digit of the fourth group.
      expect('89ab').toContain(id[19]);
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    expect(timeOf(ids[0]!)).toBeGreaterThanOrEqual(before);
    expect(timeOf(ids.at(-1)!)).toBeLessThanOrEqual(after);
  });

  it('spells ids the way uuid does: the same layout as newId', () => {
    const pattern = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(newId()).toMatch(pattern);
    expect(new IdMint().next()).toMatch(pattern);
  });
});
