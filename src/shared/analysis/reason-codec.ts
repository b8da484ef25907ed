/**
 * Compact storage of a customer's reasons. Spelled out (`{"segment":{"key":…,"params":{…}},…}`) a
 * buyer's reasons take about 900 bytes, mostly repeated key and parameter names; that pushed most
 * snapshot rows past what a SQLite leaf cell holds, so each spilled into its own overflow page.
 * Stored here instead: one slot per reason field in `REASON_FIELDS` order, `0` for none, else
 * `[shape, ...parameter values]`, where the shape (a reason key with its parameter names in order)
 * is numbered once per run. Decoding gives back exactly the reasons that were encoded.
 */
import type { Reason } from './labels';
import type { CustomerReasons } from './types';

export const REASON_FIELDS = [
  'segment',
  'abc',
  'tier',
  'stage',
  'attachment',
  'loyalty',
  'churn',
  'clv',
  'cluster',
  'difference',
  'loyaltyScale',
  'creditLoyalty',
] as const satisfies readonly (keyof CustomerReasons)[];

export type ReasonField = (typeof REASON_FIELDS)[number];
export type DecodedReasons = Record<ReasonField, Reason | null>;

/** A reason key with its parameter names, in the order the values follow it. */
export type ReasonShape = readonly [key: string, paramNames: readonly string[]];

const COMMA = 0x2c;
const OPEN = 0x5b;
const CLOSE = 0x5d;
const DIGIT_0 = 0x30;
const MINUS = 0x2d;
const HEX = '0123456789abcdef';
/** ASCII bytes to a string; latin1 is the one decoding that maps each byte to one character. */
const asciiText = new TextDecoder('latin1');

/**
 * Numbers the shapes as it meets them; `shapes` is what the run stores next to the rows.
 *
 * The text is written as ASCII bytes into a reused buffer and turned into a string once per row: a
 * 100k-customer snapshot encodes ~1.1M reasons with ~2.7M parameters, and building the text by
 * string concatenation took ~0.45–0.6 s, plus ~0.3 s more when SQLite's binding flattened the
 * concatenated strings (measured on the 100k seed). Characters past ASCII are written as JSON
 * escapes, so the text parses to the same values.
 */
export class ReasonEncoder {
  readonly shapes: ReasonShape[] = [];
  private readonly byKey = new Map<string, number[]>();
  private bytes = new Uint8Array(1024);
  private length = 0;

  /** The JSON text of the slots. */
  encode(reasons: CustomerReasons): string {
    this.length = 0;
    this.byte(OPEN);
    for (let f = 0; f < REASON_FIELDS.length; f++) {
      if (f > 0) this.byte(COMMA);
      const reason = reasons[REASON_FIELDS[f]!];
      if (!reason) {
        this.byte(DIGIT_0);
        continue;
      }
      this.byte(OPEN);
      this.integer(this.shapeOf(reason));
      const params = reason.params;
      for (const name in params) {
        this.byte(COMMA);
        const value = params[name]!;
        if (typeof value !== 'number') this.text(JSON.stringify(value));
        else if (!Number.isFinite(value)) this.text('null');
        else if (Number.isInteger(value) && Math.abs(value) < 2 ** 31) this.integer(value);
        else this.text(String(value));
      }
      this.byte(CLOSE);
    }
    this.byte(CLOSE);
    return asciiText.decode(this.bytes.subarray(0, this.length));
  }

  private byte(code: number): void {
    if (this.length === this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    this.bytes[this.length++] = code;
  }

  /** A whole number below 2^31 in magnitude, as `String` prints it (-0 as 0). */
  private integer(value: number): void {
    let rest = value;
    if (rest < 0) {
      this.byte(MINUS);
      rest = -rest;
    }
    let divisor = 1;
    while (divisor * 10 <= rest) divisor *= 10;
    for (; divisor >= 1; divisor /= 10) {
      const digit = Math.floor(rest / divisor);
      this.byte(DIGIT_0 + digit);
      rest -= digit * divisor;
    }
  }

  /** JSON text; a character past ASCII becomes its \uXXXX escape (a JSON string is all it can be in). */
  private text(json: string): void {
    for (let i = 0; i < json.length; i++) {
      const code = json.charCodeAt(i);
      if (code < 0x80) {
        this.byte(code);
        continue;
      }
      this.byte(0x5c);
      this.byte(0x75);
      for (let shift = 12; shift >= 0; shift -= 4) this.byte(HEX.charCodeAt((code >> shift) & 15));
    }
  }

  private shapeOf(reason: Reason): number {
    let candidates = this.byKey.get(reason.key);
    if (!candidates) {
      candidates = [];
      this.byKey.set(reason.key, candidates);
    }
    for (const index of candidates) {
      if (sameNames(this.shapes[index]![1], reason.params)) return index;
    }
    const index = this.shapes.length;
    this.shapes.push([reason.key, Object.keys(reason.params)]);
    candidates.push(index);
    return index;
  }
}

/** Whether the params' own names are exactly `names`, in order (without building a key list). */
function sameNames(names: readonly string[], params: Reason['params']): boolean {
  let i = 0;
  for (const name in params) {
    if (names[i] !== name) return false;
    i++;
  }
  return i === names.length;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The reasons of one stored row. `shapes` is the run's (null for runs stored before the compact
 * form, whose rows hold the spelled-out object, which is read as it is).
 */
export function decodeReasons(text: string, shapes: readonly ReasonShape[] | null): DecodedReasons {
  const parsed = JSON.parse(text) as unknown;
  const out = {} as DecodedReasons;
  if (Array.isArray(parsed)) {
    REASON_FIELDS.forEach((field, i) => {
      const slot = parsed[i] as unknown;
      const shape = Array.isArray(slot) && typeof slot[0] === 'number' ? shapes?.[slot[0]] : undefined;
      if (!Array.isArray(slot) || !shape) {
        out[field] = null;
        return;
      }
      const params: Record<string, number | string> = {};
      shape[1].forEach((name, p) => {
        params[name] = slot[p + 1] as number | string;
      });
      out[field] = { key: shape[0], params };
    });
    return out;
  }
  for (const field of REASON_FIELDS) {
    const value = isRecord(parsed) ? parsed[field] : undefined;
    out[field] =
      isRecord(value) && typeof value.key === 'string'
        ? { key: value.key, params: isRecord(value.params) ? (value.params as Reason['params']) : {} }
        : null;
  }
  return out;
}

/** The run's shapes as stored (null when absent or unreadable). */
export function parseReasonShapes(text: string | null | undefined): ReasonShape[] | null {
  if (!text) return null;
  const parsed = JSON.parse(text) as unknown;
  if (!Array.isArray(parsed)) return null;
  return parsed.filter(
    (shape): shape is ReasonShape =>
      Array.isArray(shape) && typeof shape[0] === 'string' && Array.isArray(shape[1]),
  );
}
