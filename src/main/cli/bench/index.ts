import { analysisBenchmark } from './analysis';
import type { Benchmark } from './types';
import { cardBenchmark } from './card';

/** Every benchmark; each feature appends its own. */
export const benchmarks: readonly Benchmark[] = [cardBenchmark];
import { searchBenchmark } from './search';

/** Every benchmark; each feature appends its own. */
export const benchmarks: readonly Benchmark[] = [searchBenchmark];
export const benchmarks: readonly Benchmark[] = [analysisBenchmark];
import { loyaltyBenchmark } from './loyalty';

/** Every benchmark; each feature appends its own. */
export const benchmarks: readonly Benchmark[] = [loyaltyBenchmark];
