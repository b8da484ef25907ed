import type { Benchmark } from './types';
import { loyaltyBenchmark } from './loyalty';

/** Every benchmark; each feature appends its own. */
export const benchmarks: readonly Benchmark[] = [loyaltyBenchmark];
