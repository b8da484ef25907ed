import type { Role } from './define';

/** Push events, main → renderer, identical on every transport. */
export interface EventMap {
  /** Some tables changed; the renderer invalidates the queries that read them. */
  'db.changed': { readonly tables: readonly string[] };
  'analysis.progress': {
    readonly runId: string;
    readonly stage: string;
    readonly done: number;
    readonly total: number;
  };
  'analysis.done': {
    readonly runId: string;
    readonly status: 'done' | 'failed' | 'cancelled';
    readonly error?: string;
  };
  /** The demo shop generator and other long jobs report through this. */
  'job.progress': {
    readonly jobId: string;
    readonly kind: string;
    readonly done: number;
    readonly total: number;
    /** Where the job is, for jobs with several steps (an import: backup, read, rows, finish, commit). */
    readonly stage?: string;
  };
  'session.changed': { readonly role: Role };
}

export type EventName = keyof EventMap;

export const eventNames: readonly EventName[] = [
  'db.changed',
  'analysis.progress',
  'analysis.done',
  'job.progress',
  'session.changed',
];
