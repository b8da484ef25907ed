import { readFileSync } from 'node:fs';

/**
 * This thread's time on a CPU and waiting for one (ns), from Linux's schedstat; null elsewhere.
 * On a shared two-core machine the wait says how much of a wall-clock time was the scheduler's.
 */
export function threadSchedule(): { cpu: number; wait: number } | null {
  try {
    const [cpu = 0, wait = 0] = readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ').map(Number);
    return { cpu, wait };
  } catch {
    return null;
  }
}
