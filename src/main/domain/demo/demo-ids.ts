import type { Random } from './random';

const HEX_BYTE: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const TWO_POW_24 = 0x1000000;

function hexByte(value: number): string {
  return HEX_BYTE[value & 0xff]!;
}

/**
 * UUIDv7-shaped ids (RFC 9562 layout: 48-bit Unix milliseconds, version 7,
 * variant 10, 74 random bits) whose time is the synthetic record time and
 * whose random bits come from the seeded PRNG. `newId()` would read the clock
 * and the OS entropy, so two seeds of the same shop would never match.
 */
export class DemoIds {
  constructor(private readonly random: Random) {}

  at(unixMs: number): string {
    const ms = Math.floor(unixMs);
    const high = Math.floor(ms / TWO_POW_24);
    const low = ms - high * TWO_POW_24;
    const r1 = this.random.uint32();
    const r2 = this.random.uint32();
    const r3 = this.random.uint32();
    const randA = r1 & 0xfff;
    const variantAndRandB = 0x8000 | ((r1 >>> 12) & 0x3fff);
    return (
      hexByte(high >>> 16) +
      hexByte(high >>> 8) +
      hexByte(high) +
      hexByte(low >>> 16) +
      '-' +
      hexByte(low >>> 8) +
      hexByte(low) +
      '-7' +
      (randA >>> 8).toString(16) +
      hexByte(randA) +
      '-' +
      hexByte(variantAndRandB >>> 8) +
      hexByte(variantAndRandB) +
      '-' +
      hexByte(r2 >>> 24) +
      hexByte(r2 >>> 16) +
      hexByte(r2 >>> 8) +
      hexByte(r2) +
      hexByte(r3 >>> 8) +
      hexByte(r3)
    );
  }
}
