import { z } from 'zod';
import { command } from './define';
import { analysisSettingsSchema, timeUnits, type AnalysisSettings, type TimeUnit } from '../analysis/settings';
import type { DataSufficiency, ModelFitSummary, StageTiming } from '../analysis/types';

/** Why a run was started; shown in the status and kept in the run's timings record. */
export const analysisTriggers = ['manual', 'import', 'schedule', 'cli'] as const;
export type AnalysisTrigger = (typeof analysisTriggers)[number];

export type AnalysisRunStatus = 'running' | 'done' | 'failed' | 'cancelled';

/** The stages a run reports, in order: reading in the worker, the maths, then the snapshot write. */
export type AnalysisProgressStage = 'start' | 'read' | 'compute' | 'write';

export interface AnalysisRunTimings {
  readonly stages: readonly StageTiming[];
  readonly totalMs: number;
  readonly readMs: number;
  readonly computeMs: number;
  /** Worker time turning results into snapshot rows. */
  readonly serializeMs: number;
  /**
   * From the start of the last stage the analysing worker reported to the last snapshot row
   * committed in the analysis store, as main saw it (the workers write the rows; main makes the
   * run visible after).
   */
  readonly writeMs: number;
  readonly peakWorkerHeapBytes: number;
  readonly trigger: AnalysisTrigger;
}

/** One finished (or failed) run as the status screen shows it. */
export interface AnalysisRunSummary {
  readonly id: string;
  readonly status: AnalysisRunStatus;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly asOf: string;
  readonly timeUnit: TimeUnit;
  readonly models: ModelFitSummary | null;
  readonly sufficiency: DataSufficiency | null;
  readonly customers: number | null;
  readonly buyers: number | null;
  readonly repeatCustomers: number | null;
  readonly timings: AnalysisRunTimings | null;
  /** Why a run failed, in plain words (no customer data). */
  readonly error: string | null;
}

export interface AnalysisRunning {
  readonly runId: string;
  readonly startedAt: string;
  readonly trigger: AnalysisTrigger;
  readonly stage: AnalysisProgressStage;
  /** 0–100, an estimate weighted by how long each stage usually takes. */
  readonly percent: number;
}

export interface AnalysisStatus {
  readonly running: AnalysisRunning | null;
  /** The newest run that finished successfully, whose snapshot the screens show. */
  readonly latest: AnalysisRunSummary | null;
  /** The newest run of any outcome other than running, e.g. to show a failure or a cancel. */
  readonly lastAttempt: AnalysisRunSummary | null;
}

export const analysisRunInputSchema = z.object({
  /** Reference date; default today in the shop's time zone. Later purchases are ignored. */
  asOf: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  timeUnit: z.enum(timeUnits).default('day'),
});

export const analysisCommands = {
  /**
   * Start a recompute now (the "recompute now" button). Returns at once with the run id; progress
   * comes as `analysis.progress` events and the end as `analysis.done`. When a run is already going,
   * returns that run instead of starting a second one.
   */
  'analysis.run': command<{ runId: string; alreadyRunning: boolean }>()({
    input: analysisRunInputSchema,
    mutates: true,
    role: 'staff',
  }),
  /** Cancel the running analysis, if any. The previous snapshot stays in place. */
  'analysis.cancel': command<{ cancelled: boolean }>()({ input: z.object({}), mutates: true, role: 'staff' }),
  /** The running run with its progress, and the newest finished run with its verdict and model fits. */
  'analysis.status': command<AnalysisStatus>()({ input: z.object({}), mutates: false, role: 'staff' }),
  /** Every analysis threshold (defaults filled in). Staff may read them. */
  'analysis.settings.get': command<AnalysisSettings>()({ input: z.object({}), mutates: false, role: 'staff' }),
  /** Replace the analysis thresholds; missing fields take their defaults. Owner only. */
  'analysis.settings.update': command<AnalysisSettings>()({
    input: analysisSettingsSchema,
    mutates: true,
    role: 'owner',
  }),
  /** Back to the defaults of DOMAIN.md. Owner only. */
  'analysis.settings.reset': command<AnalysisSettings>()({ input: z.object({}), mutates: true, role: 'owner' }),
};
