/**
 * The typed message protocol between main and an analysis worker (after Signal Desktop): every
 * message is a discriminated union member carrying the sequence id of the job it belongs to, so a
 * late message of a cancelled job can never be taken for a reply to the next one. Everything here
 * is plain data that survives structured cloning.
 */
import type { AnalysisSettings, TimeUnit } from '../../shared/analysis/settings';
import type { AnalysisStage, ShopAnalysis } from '../../shared/analysis/types';
import type { ReasonShape } from '../../shared/analysis/reason-codec';
import type { MessagePort } from 'node:worker_threads';
import type { PackedIngest } from '../analysis/pipeline-ingest';
import type { SideInput, SideResult } from '../analysis/pipeline-side';
import type { ModelInput, ModelStageResult } from '../analysis/pipeline-models';
import type { PackedSnapshotRows } from '../domain/analysis/snapshot-rows';
import type { ThreadSchedule } from './thread-cpu';

export interface AnalysisJob {
  /** The shop file; the worker opens its own read-only connection to it. */
  readonly dbFile: string;
  readonly settings: AnalysisSettings;
  /** Reference date 'YYYY-MM-DD'; purchases on later local days are ignored. */
  readonly asOf: string;
  readonly timeUnit: TimeUnit;
  /** IANA zone of the shop: purchases are counted on their local calendar day. */
  readonly timeZone: string;
  /**
   * The run the rows belong to: the worker writes them into the shop's analysis store (see
   * snapshot-store.repo.ts), the one file it writes.
   */
  readonly runId: string;
}

export type MainToWorker =
  | {
      readonly type: 'analyze';
      readonly seq: number;
      readonly job: AnalysisJob;
      /**
       * A channel to a helper worker running `read-part` for the same job: this worker then reads
       * only the first part of the customers and takes the rest, already read, from the helper.
       */
      readonly helper?: MessagePort;
    }
  | {
      readonly type: 'read-part';
      readonly seq: number;
      readonly job: AnalysisJob;
      readonly port: MessagePort;
    }
  /**
   * Delete the rows and completion lines of these runs from the shop's analysis store, then copy
   * its WAL into the file: main makes runs visible and drops them, and never writes the store.
   */
  | {
      readonly type: 'prune-snapshot';
      readonly seq: number;
      readonly dbFile: string;
      readonly runIds: readonly string[];
    };

/** Between the analysing worker and its helper, over the job's own MessageChannel. */
export type PartMessage =
  /** Analysing worker → helper: read the customers from this id on (null: nothing to read). */
  | { readonly type: 'split'; readonly from: string | null }
  /** Helper → analysing worker: the customers it read and ingested, and the raw counts. */
  | {
      readonly type: 'part';
      readonly packed: PackedIngest;
      readonly customers: number;
      readonly purchases: number;
      readonly readMs: number;
    }
  | { readonly type: 'part-error'; readonly message: string }
  /**
   * Analysing worker → helper: 'fit' once it has read its own range, with the model input of that
   * range (the helper adds its own range's and fits); 'side' once it has merged the part, with the
   * side stages' input (rules, suggestions). Each is answered in turn while the analysing worker
   * computes the rest.
   */
  | { readonly type: 'fit'; readonly input: ModelInput }
  | { readonly type: 'fit-result'; readonly models: ModelStageResult }
  | { readonly type: 'fit-error'; readonly message: string }
  | { readonly type: 'side'; readonly input: SideInput }
  | { readonly type: 'side-result'; readonly result: SideResult }
  | { readonly type: 'side-error'; readonly message: string }
  /**
   * Analysing worker → helper, once the result is there: write the job's snapshot rows into the
   * analysis store (see snapshot-store.repo.ts). The rows follow in batches, each committed as it
   * comes, then 'snapshot-close'.
   */
  | { readonly type: 'snapshot-open'; readonly dbFile: string; readonly runId: string }
  | { readonly type: 'snapshot-rows'; readonly rows: PackedSnapshotRows }
  | { readonly type: 'snapshot-close' }
  /** Helper → analysing worker: the first `rows` rows are committed to the store. */
  | { readonly type: 'snapshot-written'; readonly rows: number }
  /** Helper → analysing worker: the run's rows and completion line are in; the helper's CPU share. */
  | { readonly type: 'snapshot-done'; readonly rows: number; readonly schedule: ThreadSchedule | null }
  | { readonly type: 'snapshot-error'; readonly message: string };

/** What the worker reports while reading: customers streamed so far out of the total. */
export type WorkerStage = 'read' | AnalysisStage;

export interface WorkerStats {
  readonly readMs: number;
  readonly computeMs: number;
  /** Turning the per-customer results into snapshot rows in the analysis store. */
  readonly serializeMs: number;
  readonly customers: number;
  readonly purchases: number;
  /** Largest V8 heap of the worker seen during the job (bytes). */
  readonly peakHeapBytes: number;
  /** With a helper: its read of the second part, and how long this worker then waited for it. */
  readonly helper?: {
    readonly readMs: number;
    readonly waitMs: number;
    readonly customers: number;
    /** The helper's share of the CPU over its part of the job, where Linux tells (schedstat). */
    readonly schedule: ThreadSchedule | null;
  };
  /**
   * This thread's share of the CPU over the job, where Linux tells: on a shared 2-core machine the
   * wall times say as much about the neighbours as about the analysis.
   */
  readonly schedule: ThreadSchedule | null;
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
      /** How many snapshot rows the run has in the store. */
      readonly rowCount: number;
      /** What the rows' compact reasons refer to; stored with the run. */
      readonly reasonShapes: readonly ReasonShape[];
      readonly stats: WorkerStats;
    }
  /** The first `rows` snapshot rows of `total` are committed to the store; all come before the result. */
  | { readonly type: 'rows'; readonly seq: number; readonly rows: number; readonly total: number }
  | { readonly type: 'error'; readonly seq: number; readonly message: string; readonly code?: string }
  /** A helper finished its `read-part` (and the side stages, if it was given them) and is free again. */
  | { readonly type: 'part-done'; readonly seq: number }
  | { readonly type: 'pruned'; readonly seq: number; readonly rows: number; readonly error?: string };
