/**
 * The typed message protocol between main and an analysis worker (after Signal Desktop): every
 * message is a discriminated union member carrying the sequence id of the job it belongs to, so a
 * late message of a cancelled job can never be taken for a reply to the next one. Everything here
 * is plain data that survives structured cloning.
 */
import type { AnalysisSettings, TimeUnit } from '../../shared/analysis/settings';
import type { AnalysisStage, ShopAnalysis } from '../../shared/analysis/types';
import type { ReasonShape } from '../../shared/analysis/reason-codec';

export interface AnalysisJob {
  /** The shop file; the worker opens its own read-only connection to it. */
  readonly dbFile: string;
  readonly settings: AnalysisSettings;
  /** Reference date 'YYYY-MM-DD'; purchases on later local days are ignored. */
  readonly asOf: string;
  readonly timeUnit: TimeUnit;
  /** IANA zone of the shop: purchases are counted on their local calendar day. */
  readonly timeZone: string;
}

export type MainToWorker = { readonly type: 'analyze'; readonly seq: number; readonly job: AnalysisJob };

/** What the worker reports while reading: customers streamed so far out of the total. */
export type WorkerStage = 'read' | AnalysisStage;

export interface WorkerStats {
  readonly readMs: number;
  readonly computeMs: number;
  /** Turning the per-customer results into snapshot rows (JSON chunks). */
  readonly serializeMs: number;
  readonly customers: number;
  readonly purchases: number;
  /** Largest V8 heap of the worker seen during the job (bytes). */
  readonly peakHeapBytes: number;
}

export type WorkerToMain =
  | { readonly type: 'ready' }
  | {
      readonly type: 'progress';
      readonly seq: number;
      readonly stage: WorkerStage;
      readonly done: number;
      readonly total: number;
    }
  | {
      readonly type: 'result';
      readonly seq: number;
      /** Shop-level result, Pareto curve thinned and win-back list cut (see `lightShop`). */
      readonly shop: ShopAnalysis;
      /** How many `rows` messages preceded this one. */
      readonly chunkCount: number;
      /** What the rows' compact reasons refer to; stored with the run. */
      readonly reasonShapes: readonly ReasonShape[];
      readonly stats: WorkerStats;
    }
  /**
   * Snapshot rows as JSON text, sent before the result one message per chunk, so main deserializes
   * them one event-loop task at a time (see snapshot-rows.ts for why text, not objects).
   */
  | { readonly type: 'rows'; readonly seq: number; readonly index: number; readonly json: string }
  | { readonly type: 'error'; readonly seq: number; readonly message: string; readonly code?: string };
