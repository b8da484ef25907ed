import type { Benchmark } from './types';
import { searchBenchmark } from './search';

/** Every benchmark; each feature appends its own. */
export const benchmarks: readonly Benchmark[] = [searchBenchmark];
