import { loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { PatronCore } from '../../core/core';
import { analysisService } from '../../domain/analysis/analysis.service';
import { formatMs, type Benchmark } from './types';

/**
 * The whole analysis on a shop file as the app runs it: worker read + maths, then the chunked
 * snapshot write in main. Meanwhile the main thread's event-loop delay is sampled, which is what a
 * user clicking around during a recompute would feel. Note: it writes a run into the file.
 */
export const analysisBenchmark: Benchmark = {
  name: 'analysis',
  summary: 'Full analysis run (worker + snapshot write): time per stage, BG/NBD fit, peak worker heap, main event-loop delay',
  async run({ dbFile, iterations, io }) {
    // The default of 200 suits micro-benchmarks; a full run is one unless asked for a few.
    const runs = iterations >= 200 ? 1 : Math.max(1, iterations);
    const core = PatronCore.open({ dbFile, transport: 'direct' });
    try {
      const service = analysisService(core.context);
      for (let i = 0; i < runs; i++) {
        const loadBefore = loadavg()[0] ?? 0;
        const delay = monitorEventLoopDelay({ resolution: 10 });
        delay.enable();
        const { done } = service.start('cli');
        const outcome = await done;
        delay.disable();
        if (outcome.status !== 'done' || !outcome.shop || !outcome.stats || !outcome.timings) {
          io.err(`run ${outcome.status}: ${outcome.error ?? ''}`);
          return;
        }
        const shop = outcome.shop;
        const t = outcome.timings;
        io.out(`run ${i + 1}/${runs}: ${outcome.stats.customers} customers, ${outcome.stats.purchases} purchases (load average ${loadBefore.toFixed(1)} → ${(loadavg()[0] ?? 0).toFixed(1)} on this machine)`);
        io.out(`  total               ${formatMs(t.totalMs)} ms`);
        io.out(`  worker read+ingest  ${formatMs(t.readMs)} ms`);
        io.out(`  worker compute      ${formatMs(t.computeMs)} ms (stages below; ingest overlaps the read)`);
        for (const stage of shop.timings) io.out(`    ${stage.stage.padEnd(22)}${formatMs(stage.ms)} ms`);
        io.out(`  worker serialize    ${formatMs(t.serializeMs)} ms (snapshot rows as JSON chunks)`);
        io.out(`  main snapshot write ${formatMs(t.writeMs)} ms (${shop.customers} rows, ${shop.rules.length} rules), then COMMIT ${formatMs(outcome.commitMs ?? Number.NaN)} ms`);
        io.out(`  BG/NBD fit          ${formatMs(shop.timings.find((s) => s.stage === 'bgnbd')?.ms ?? Number.NaN)} ms (${shop.buyers} buyers)`);
        io.out(`  peak worker heap    ${(t.peakWorkerHeapBytes / 1024 / 1024).toFixed(0)} MB`);
        io.out(
          `  main event-loop delay p50 ${formatMs(delay.percentile(50) / 1e6)} ms, p99 ${formatMs(delay.percentile(99) / 1e6)} ms, max ${formatMs(delay.max / 1e6)} ms`,
        );
      }
    } finally {
      await core.close();
    }
  },
};
