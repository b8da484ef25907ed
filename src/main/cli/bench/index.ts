import type { Benchmark } from './types';
import { analysisBenchmark } from './analysis';
import { backupBenchmark } from './backup';
import { cardBenchmark } from './card';
import { loyaltyBenchmark } from './loyalty';
import { searchBenchmark } from './search';
import { exportBenchmark, importBenchmark } from './transfer';
import { importStallBenchmark } from './import-stall';

/** Every benchmark; each feature appends its own (one per line, so merges stay trivial). */
export const benchmarks: readonly Benchmark[] = [
  searchBenchmark,
  cardBenchmark,
  analysisBenchmark,
  loyaltyBenchmark,
  importBenchmark,
  exportBenchmark,
  backupBenchmark,
  importStallBenchmark,
];
