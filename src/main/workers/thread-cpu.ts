import { readFileSync } from 'node:fs';

/** What the calling thread has had of the CPU so far (ms). */
export interface ThreadSchedule {
  /** Time running on a core. */
  readonly cpuMs: number;
  /** Time ready to run but waiting for a core (other threads and processes had them). */
  readonly waitMs: number;
}

/**
 * The calling thread's scheduler account from Linux's /proc/thread-self/schedstat, or null where
 * it is absent. For the benchmarks: on a shared machine a thread's wall time says more about the
 * neighbours than about the thread, and Node 20 has no per-thread cpuUsage.
 */
export function threadSchedule(): ThreadSchedule | null {
  try {
    const [runNs, waitNs] = readFileSync('/proc/thread-self/schedstat', 'utf8').trim().split(' ').map(Number);
    if (runNs === undefined || waitNs === undefined || !Number.isFinite(runNs) || !Number.isFinite(waitNs))
      return null;
    return { cpuMs: runNs / 1e6, waitMs: waitNs / 1e6 };
  } catch {
    return null;
  }
}

/** What the calling thread has had of the CPU since `before` (an earlier threadSchedule()), or null where unknown. */
export function threadScheduleSince(before: ThreadSchedule | null): ThreadSchedule | null {
  const now = threadSchedule();
  if (before === null || now === null) return null;
  return { cpuMs: now.cpuMs - before.cpuMs, waitMs: now.waitMs - before.waitMs };
}
