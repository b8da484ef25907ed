import { exportBenchmark, importBenchmark } from './transfer';
import type { Benchmark } from './types';

/** Every benchmark; each feature appends its own. */
export const benchmarks: readonly Benchmark[] = [importBenchmark, exportBenchmark];
