/**
 * One snapshot row per customer, as the values of an INSERT in SNAPSHOT_COLUMNS order. Built in the
 * worker and written by the workers into the analysis store (snapshot-store.repo.ts): never sent to
 * main, where structured-cloning 100k nested result objects would block its event loop for seconds
 * while it rebuilds them (measured: a 12 s stall on the 100k-customer seed).
 */
import type {
  CustomerAnalysis,
  CustomerReasons,
  ItemSuggestion,
  ShopAnalysis,
} from '../../../shared/analysis/types';
import {
  flatReasonsTransferables,
  ReasonTextWriter,
  type FlatReasons,
} from '../../../shared/analysis/reason-codec';

export const SNAPSHOT_COLUMNS = [
  'run_id',
  'customer_id',
  'recency_days',
  'frequency',
  'monetary_minor',
  'r_score',
  'f_score',
  'm_score',
  'segment',
  'abc_class',
  'value_tier',
  'lifecycle_stage',
  'loyalty_type',
  'difference_block',
  'loyalty_scale',
  'credit_loyalty',
  'p_alive',
  'expected_purchases',
  'expected_spend_minor',
  'predicted_clv_minor',
  'historical_value_minor',
  'at_risk',
  'cluster',
  'reasons',
  'visits',
  'first_purchase',
  'last_purchase',
  'attachment',
  'tier_rank',
  'clv_minor',
  'clv_basis',
  'value_at_stake_minor',
  'win_back_rank',
  'suggestions',
] as const;

export type SqlValue = string | number | null;

const int = (value: number | null): number | null => (value === null ? null : Math.round(value));

/**
 * The suggestions column: the JSON of the list, put together from each suggestion's JSON, which is
 * made once per suggestion object — the pipeline shares one object per rule between the customers
 * it suggests to (63k customers, a few dozen rules on the 100k seed), and printing the same two
 * full-precision numbers 63k times was most of building a row.
 */
const suggestionJson = new WeakMap<ItemSuggestion, string>();
function suggestionsJson(suggestions: readonly ItemSuggestion[]): string | null {
  if (suggestions.length === 0) return null;
  let out = '[';
  for (let i = 0; i < suggestions.length; i++) {
    const suggestion = suggestions[i]!;
    let json = suggestionJson.get(suggestion);
    if (json === undefined) {
      json = JSON.stringify(suggestion);
      suggestionJson.set(suggestion, json);
    }
    out += i === 0 ? json : `,${json}`;
  }
  return `${out}]`;
}

/**
 * One customer's row, every column of SNAPSHOT_COLUMNS but the run id (filled in by main). The
 * reasons column is what `reasonsText` makes of the reasons: their text (ReasonEncoder), or null
 * where they are flattened for the helper to write (see SnapshotRowPacker.pack).
 */
export function snapshotValues(
  c: CustomerAnalysis,
  reasonsText: (reasons: CustomerReasons) => string | null,
): SqlValue[] {
  return [
    c.id,
    c.recencyDays,
    c.frequency,
    int(c.monetaryMinor),
    c.rScore,
    c.fScore,
    c.mScore,
    c.segment,
    c.abcClass,
    c.tier,
    c.stage,
    c.loyalty,
    c.differenceBlock,
    c.loyaltyScale,
    c.creditLoyalty,
    c.pAlive,
    c.expectedPurchases,
    int(c.expectedSpendMinor),
    int(c.predictedClvMinor),
    int(c.historicalValueMinor),
    c.atRisk ? 1 : 0,
    c.cluster,
    reasonsText(c.reasons),
    c.visits,
    c.firstPurchase,
    c.lastPurchase,
    c.attachment,
    c.tierRank,
    int(c.clvMinor),
    c.clvBasis,
    int(c.valueAtStakeMinor),
    c.winBackRank,
    suggestionsJson(c.suggestions),
  ];
}

/** A row's columns as snapshotValues gives them: SNAPSHOT_COLUMNS without the run id (main adds it). */
export const SNAPSHOT_ROW_COLUMNS = SNAPSHOT_COLUMNS.slice(1);
const ROW_WIDTH = SNAPSHOT_ROW_COLUMNS.length;
/** Texts of these columns differ from row to row, so they are sent as they are, not numbered. */
const OWN_TEXT_COLUMNS: ReadonlySet<string> = new Set(['customer_id', 'reasons']);
const isOwnTextColumn = SNAPSHOT_ROW_COLUMNS.map((column) => OWN_TEXT_COLUMNS.has(column));
const REASONS_COLUMN = SNAPSHOT_ROW_COLUMNS.indexOf('reasons');

const NULL_CELL = 0;
const NUMBER_CELL = 1;
const SHARED_TEXT_CELL = 2;
const OWN_TEXT_CELL = 3;

/**
 * A batch of snapshot rows as transferable columns, for the analysing worker to hand to the helper
 * that writes them (see writeSnapshotOnHelper). Structured-cloning the rows as arrays — 34 values
 * each, a million or so strings in all — cost the two threads 0.35–0.9 s together on the 100k
 * seed; here the numbers travel in one typed array, the few distinct label and date texts by
 * number, and only the customer ids and reasons as strings.
 */
export interface PackedSnapshotRows {
  readonly count: number;
  /** count × ROW_WIDTH cells, row by row: a number, or a shared text's number (see `kinds`). */
  readonly cells: Float64Array;
  readonly kinds: Uint8Array;
  /** Shared texts first met in this batch; they continue the numbering of the earlier batches. */
  readonly newSharedTexts: string[];
  /** The own-text cells' values, in cell order. */
  readonly ownTexts: string[];
  /**
   * The rows' reasons, flattened, when the analysing worker leaves writing their text to the
   * receiving thread (the digits were ~0.3 s of its ~1.5 s building 100k rows); null when the
   * rows carry the text.
   */
  readonly reasons: FlatReasons | null;
}

/** The buffers to pass in `postMessage`'s transfer list. */
export function packedSnapshotTransferables(packed: PackedSnapshotRows): ArrayBuffer[] {
  return [
    packed.cells.buffer as ArrayBuffer,
    packed.kinds.buffer as ArrayBuffer,
    ...(packed.reasons ? flatReasonsTransferables(packed.reasons) : []),
  ];
}

/** Packs the batches of one run in order; shared texts are numbered across the whole run. */
export class SnapshotRowPacker {
  private readonly shared = new Map<string, number>();

  /** `reasons`: the rows' reasons, flattened in row order, whose reasons cells are then null. */
  pack(rows: readonly SqlValue[][], reasons: FlatReasons | null = null): PackedSnapshotRows {
    const cells = new Float64Array(rows.length * ROW_WIDTH);
    const kinds = new Uint8Array(rows.length * ROW_WIDTH);
    const newSharedTexts: string[] = [];
    const ownTexts: string[] = [];
    let cell = 0;
    for (const row of rows) {
      if (row.length !== ROW_WIDTH)
        throw new Error(`a snapshot row has ${row.length} values, not ${ROW_WIDTH}`);
      if (reasons && row[REASONS_COLUMN] !== null)
        throw new Error('a snapshot row has the text of reasons that are also flattened');
      for (let column = 0; column < ROW_WIDTH; column++, cell++) {
        const value = row[column]!;
        if (value === null) {
          kinds[cell] = NULL_CELL;
          continue;
        }
        if (typeof value === 'number') {
          kinds[cell] = NUMBER_CELL;
          cells[cell] = value;
        } else if (isOwnTextColumn[column]) {
          kinds[cell] = OWN_TEXT_CELL;
          ownTexts.push(value);
        } else {
          let index = this.shared.get(value);
          if (index === undefined) {
            index = this.shared.size;
            this.shared.set(value, index);
            newSharedTexts.push(value);
          }
          kinds[cell] = SHARED_TEXT_CELL;
          cells[cell] = index;
        }
      }
    }
    return { count: rows.length, cells, kinds, newSharedTexts, ownTexts, reasons };
  }
}

/** The receiving end of a SnapshotRowPacker: gives back the rows, batch by batch, in order. */
export class SnapshotRowUnpacker {
  private readonly shared: string[] = [];
  private readonly reasonsText = new ReasonTextWriter();

  unpack(packed: PackedSnapshotRows): SqlValue[][] {
    for (const text of packed.newSharedTexts) this.shared.push(text);
    if (packed.reasons) this.reasonsText.begin(packed.reasons);
    const rows = new Array<SqlValue[]>(packed.count);
    const { cells, kinds, ownTexts } = packed;
    let cell = 0;
    let own = 0;
    for (let r = 0; r < packed.count; r++) {
      const row = new Array<SqlValue>(ROW_WIDTH);
      for (let column = 0; column < ROW_WIDTH; column++, cell++) {
        const kind = kinds[cell];
        row[column] =
          kind === NUMBER_CELL
            ? cells[cell]!
            : kind === SHARED_TEXT_CELL
              ? this.shared[cells[cell]!]!
              : kind === OWN_TEXT_CELL
                ? ownTexts[own++]!
                : null;
      }
      if (packed.reasons) row[REASONS_COLUMN] = this.reasonsText.next();
      rows[r] = row;
    }
    if (packed.reasons && !this.reasonsText.done)
      throw new Error('the flattened reasons hold more rows than the batch');
    return rows;
  }
}

const PARETO_POINTS = 201;

/** What main needs of the shop result: the Pareto curve thinned and the win-back list cut. */
export function lightShop(shop: ShopAnalysis): ShopAnalysis {
  const curve = shop.pareto.curve;
  const thinned =
    curve.length <= PARETO_POINTS
      ? curve
      : Array.from(
          { length: PARETO_POINTS },
          (_v, i) => curve[Math.round((i * (curve.length - 1)) / (PARETO_POINTS - 1))]!,
        );
  return { ...shop, pareto: { ...shop.pareto, curve: thinned }, winBack: shop.winBack.slice(0, 1000) };
}
