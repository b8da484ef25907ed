import { existsSync } from 'node:fs';
import path from 'node:path';
import { benchmarks } from '../bench';
import { defineCliCommand, EXIT_OK, intOption, UsageError } from '../framework';

export const benchCommand = defineCliCommand({
  name: 'bench',
  summary: 'Run a benchmark on a shop file and print p50/p95/max tables (never part of npm test).',
  usage: 'bench <name> --db FILE [--iterations N]     (bench --list shows the names)',
  options: {
    db: { type: 'string', description: 'the shop file (e.g. a 100k-customer seed)' },
    iterations: { type: 'string', description: 'repetitions per measurement (default 200)' },
    list: { type: 'boolean', description: 'list the benchmarks' },
  },
  positionals: { min: 0, max: 1, names: 'benchmark name' },
  async run(values, positionals, io) {
    if (values.list || positionals.length === 0) {
      for (const b of benchmarks) io.out(`${b.name.padEnd(14)}${b.summary}`);
      if (benchmarks.length === 0) io.out('(no benchmarks registered)');
      return EXIT_OK;
    }
    const benchmark = benchmarks.find((b) => b.name === positionals[0]);
    if (!benchmark)
      throw new UsageError(
        `Unknown benchmark "${positionals[0]}". Known: ${benchmarks.map((b) => b.name).join(', ') || 'none'}.`,
      );
    if (!values.db) throw new UsageError('--db is required.');
    const dbFile = path.resolve(values.db);
    if (!existsSync(dbFile)) throw new UsageError(`No shop file at ${dbFile}.`);
    await benchmark.run({ dbFile, iterations: intOption(values.iterations, 'iterations', 200), io });
    return EXIT_OK;
  },
});
