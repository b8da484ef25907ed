/**
 * Messages between main and an export worker (export.worker.ts). Each job is one part of an
 * export file (see `exportPart`); its bytes come back as a transferred ArrayBuffer, never copied.
 * Every reply carries the job's sequence number, so a late reply can never be taken for another's.
 */
import type { ErrorValue } from '../../../shared/errors';
import type { ExportPartJob, ExportStageMs } from './export';
import type { ThreadSchedule } from '../../workers/thread-cpu';

export interface ExportPartRequest {
  readonly type: 'part';
  readonly seq: number;
  /** The shop file; the worker opens its own read-only connection to it for the job. */
  readonly dbFile: string;
  readonly job: ExportPartJob;
}

export type ExportWorkerReply =
  /** Posted once the worker has loaded its modules (see ExportWorkerPool.warm). */
  | { readonly type: 'ready' }
  | {
      readonly type: 'part';
      readonly seq: number;
      readonly bytes: ArrayBuffer;
      readonly rows: number;
      readonly stageMs: ExportStageMs;
      readonly schedule: ThreadSchedule | null;
    }
  | { readonly type: 'failed'; readonly seq: number; readonly error: ErrorValue };
