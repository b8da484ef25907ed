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

/** The whole machine's CPU time since boot, summed over its cores (ms), from Linux's /proc/stat. */
export interface MachineCpu {
  readonly busyMs: number;
  readonly idleMs: number;
}

/** Null where /proc/stat is absent (not Linux). Ticks are taken as 10 ms, the kernel's USER_HZ. */
export function machineCpu(): MachineCpu | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    // cpu  user nice system idle iowait irq softirq steal guest guest_nice
    const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number);
    if (ticks.length < 8 || ticks.some((t) => !Number.isFinite(t))) return null;
    const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
    const busy = ticks.reduce((sum, t) => sum + t, 0) - idle;
    return { busyMs: busy * 10, idleMs: idle * 10 };
  } catch {
    return null;
  }
}
