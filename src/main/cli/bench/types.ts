import type { CliIo } from '../framework';

/** One benchmark reachable as `npm run cli -- bench <name> --db FILE`. Prints tables; asserts nothing. */
export interface Benchmark {
  readonly name: string;
  readonly summary: string;
  run(options: { dbFile: string; iterations: number; io: CliIo }): Promise<void>;
}

/** Median, p95 and max of a list of durations (ms), for the printed tables. */
export function summarize(samples: readonly number[]): { n: number; p50: number; p95: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const pick = (q: number): number =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
  return { n: sorted.length, p50: pick(0.5), p95: pick(0.95), max: sorted[sorted.length - 1] ?? Number.NaN };
}

/** The whole process's CPU time (all threads, user and system) since `before`, in ms. */
export function cpuMsSince(before: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

export function formatMs(ms: number): string {
  return ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0);
}
