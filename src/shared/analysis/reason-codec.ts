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

/** What each entry of a flattened reasons stream is (see FlatReasons). */
const FIELD_NONE = 0;
const FIELD_SHAPE = 1;
const PARAM_NUMBER = 2;
const PARAM_TEXT = 3;

/**
 * Rows' reasons as numbers, row after row: per row, one FIELD entry per REASON_FIELDS slot (none,
 * or a shape number), each shape followed by its parameters' entries (a number, or the index of a
 * string in `texts`). The typed arrays can be transferred to another thread, which writes the text.
 */
export interface FlatReasons {
  readonly tags: Uint8Array;
  /** Per entry: the shape number, the parameter's value, or the string's index in `texts`. */
  readonly values: Float64Array;
  readonly texts: string[];
}

/** The buffers to pass in `postMessage`'s transfer list. */
export function flatReasonsTransferables(flat: FlatReasons): ArrayBuffer[] {
  return [flat.tags.buffer as ArrayBuffer, flat.values.buffer as ArrayBuffer];
}

/**
 * Flattens rows' reasons into numbers, numbering the shapes as it meets them; `shapes` is what the
 * run stores next to the rows. Walking a reason's parameters is done here; writing the digits is
 * ReasonTextWriter's, so the analysing worker can leave that to the helper that writes the rows.
 */
export class ReasonFlattener {
  readonly shapes: ReasonShape[] = [];
  private readonly byKey = new Map<string, number[]>();
  private tags = new Uint8Array(4096);
  private values = new Float64Array(4096);
  private length = 0;
  private texts: string[] = [];

  /** Appends one row's reasons. */
  add(reasons: CustomerReasons): void {
    for (let f = 0; f < REASON_FIELDS.length; f++) {
      const reason = reasons[REASON_FIELDS[f]!];
      if (!reason) {
        this.entry(FIELD_NONE, 0);
        continue;
      }
      this.entry(FIELD_SHAPE, this.shapeOf(reason));
      const params = reason.params;
      for (const name in params) {
        const value = params[name]!;
        if (typeof value === 'number') this.entry(PARAM_NUMBER, value);
        else this.entry(PARAM_TEXT, this.texts.push(value) - 1);
      }
    }
  }

  /** The rows added since the last call, as copies of their own (to transfer), and starts afresh. */
  take(): FlatReasons {
    return this.flush(true);
  }

  /** The rows added since the last call, as views of the buffers, valid until the next `add`. */
  view(): FlatReasons {
    return this.flush(false);
  }

  private flush(copy: boolean): FlatReasons {
    const end = this.length;
    const flat = {
      tags: copy ? this.tags.slice(0, end) : this.tags.subarray(0, end),
      values: copy ? this.values.slice(0, end) : this.values.subarray(0, end),
      texts: this.texts,
    };
    this.length = 0;
    this.texts = [];
    return flat;
  }

  private entry(tag: number, value: number): void {
    if (this.length === this.tags.length) {
      const tags = new Uint8Array(this.tags.length * 2);
      tags.set(this.tags);
      this.tags = tags;
      const values = new Float64Array(this.values.length * 2);
      values.set(this.values);
      this.values = values;
    }
    this.tags[this.length] = tag;
    this.values[this.length++] = value;
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

/**
 * Writes each row's reasons as stored: the JSON text of the slots, row by row from a FlatReasons.
 *
 * The text is written as ASCII bytes into a reused buffer and turned into a string once per row: a
 * 100k-customer snapshot has ~1.1M reasons with ~2.7M parameters, and building the text by string
 * concatenation took ~0.45–0.6 s, plus ~0.3 s more when SQLite's binding flattened the
 * concatenated strings (measured on the 100k seed). Characters past ASCII are written as JSON
 * escapes, so the text parses to the same values.
 */
export class ReasonTextWriter {
  private bytes = new Uint8Array(1024);
  private length = 0;
  private flat: FlatReasons | null = null;
  private at = 0;

  /** Starts on a batch of rows. */
  begin(flat: FlatReasons): void {
    this.flat = flat;
    this.at = 0;
  }

  /** Whether every row of the batch was written. */
  get done(): boolean {
    return this.flat !== null && this.at === this.flat.tags.length;
  }

  /** The next row's text. */
  next(): string {
    const flat = this.flat;
    if (!flat) throw new Error('no flattened reasons to write');
    const { tags, values, texts } = flat;
    this.length = 0;
    this.byte(OPEN);
    for (let f = 0; f < REASON_FIELDS.length; f++) {
      if (f > 0) this.byte(COMMA);
      const tag = tags[this.at];
      if (tag === FIELD_NONE) {
        this.at++;
        this.byte(DIGIT_0);
        continue;
      }
      if (tag !== FIELD_SHAPE) throw new Error(`flattened reasons out of step at entry ${this.at}`);
      this.byte(OPEN);
      this.integer(values[this.at++]!);
      for (let param = tags[this.at]; param === PARAM_NUMBER || param === PARAM_TEXT; param = tags[this.at]) {
        this.byte(COMMA);
        const value = values[this.at++]!;
        if (param === PARAM_TEXT) this.text(JSON.stringify(texts[value]));
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
}

/**
 * Flattens and writes a row's reasons at once, for a thread that does both. Given a flattener
 * that also flattens rows for another thread, it numbers the shapes with it (between batches).
 */
export class ReasonEncoder {
  private readonly writer = new ReasonTextWriter();

  constructor(private readonly flattener = new ReasonFlattener()) {}

  get shapes(): ReasonShape[] {
    return this.flattener.shapes;
  }

  /** The JSON text of the slots. */
  encode(reasons: CustomerReasons): string {
    this.flattener.add(reasons);
    this.writer.begin(this.flattener.view());
    return this.writer.next();
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
