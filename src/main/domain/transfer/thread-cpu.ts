import { readFileSync } from 'node:fs';

/** Linux's clock ticks per second (USER_HZ), 100 on every architecture Patron ships for. */
const TICKS_PER_SECOND = 100;

/**
 * CPU time (user + system, ms, 10 ms steps) the calling thread has used so far, or null where
 * Linux's /proc is absent. For `bench export`: on a shared machine a part's wall time says more
 * about the neighbours than about the part, and Node 20 has no per-thread cpuUsage.
 */
export function threadCpuMs(): number | null {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    // Fields after the command name (which may hold spaces) start at field 3 (state); utime and
    // stime are fields 14 and 15 of proc(5).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / TICKS_PER_SECOND : null;
  } catch {
    return null;
  }
}
