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

/** Numbers the shapes as it meets them; `shapes` is what the run stores next to the rows. */
export class ReasonEncoder {
  readonly shapes: ReasonShape[] = [];
  private readonly byKey = new Map<string, number[]>();

  /** The JSON text of the slots, built as text: a 100k-customer snapshot encodes 1.2M reasons. */
  encode(reasons: CustomerReasons): string {
    let out = '[';
    for (let f = 0; f < REASON_FIELDS.length; f++) {
      if (f > 0) out += ',';
      const reason = reasons[REASON_FIELDS[f]!];
      if (!reason) {
        out += '0';
        continue;
      }
      out += `[${this.shapeOf(reason)}`;
      const params = reason.params;
      for (const name in params) {
        const value = params[name]!;
        out += typeof value === 'number' ? (Number.isFinite(value) ? `,${value}` : ',null') : `,${JSON.stringify(value)}`;
      }
      out += ']';
    }
    return `${out}]`;
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
