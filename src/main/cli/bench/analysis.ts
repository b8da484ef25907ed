import { machineCpu, type ThreadSchedule } from '../../workers/thread-cpu';
import { loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { PatronCore } from '../../core/core';
import { analysisService } from '../../domain/analysis/analysis.service';
import { cpuMsSince, formatMs, type Benchmark } from './types';

/**
 * The whole analysis on a shop file as the app runs it: worker read + maths, then the chunked
 * snapshot write in main. Meanwhile the main thread's event-loop delay is sampled, which is what a
 * user clicking around during a recompute would feel. Note: it writes a run into the file.
 */
export const analysisBenchmark: Benchmark = {
  name: 'analysis',
  summary:
    'Full analysis run (worker + snapshot write): time per stage, BG/NBD fit, peak worker heap, main event-loop delay',
  async run({ dbFile, iterations, io }) {
    // The default of 200 suits micro-benchmarks; a full run is one unless asked for a few.
    const runs = iterations >= 200 ? 1 : Math.max(1, iterations);
    const core = PatronCore.open({ dbFile, transport: 'direct' });
    try {
      const service = analysisService(core.context);
      // The app starts the threads at launch (startAnalysisSchedule), before any run.
      const warmStarted = performance.now();
      await service.warmWorkers();
      io.out(
        `worker threads started and loaded in ${formatMs(performance.now() - warmStarted)} ms (before timing; the app does this at launch — from the TypeScript sources this is mostly tsx compiling the worker)`,
      );
      for (let i = 0; i < runs; i++) {
        const loadBefore = loadavg()[0] ?? 0;
        const delay = monitorEventLoopDelay({ resolution: 10 });
        const stalls = new StallLog();
        const offProgress = core.context.events.on('analysis.progress', (p) => (stalls.stage = p.stage));
        delay.enable();
        stalls.start();
        const machineBefore = machineCpu();
        const processBefore = process.cpuUsage();
        const { done } = service.start('cli');
        const outcome = await done;
        const processCpuMs = cpuMsSince(processBefore);
        const machineAfter = machineCpu();
        stalls.stop();
        delay.disable();
        offProgress();
        if (
          outcome.status !== 'done' ||
          !outcome.shop ||
          !outcome.stats ||
          !outcome.timings ||
          !outcome.write
        ) {
          io.err(`run ${outcome.status}: ${outcome.error ?? ''}`);
          return;
        }
        const shop = outcome.shop;
        const t = outcome.timings;
        const w = outcome.write;
        const helper = outcome.stats.helper;
        io.out(
          `run ${i + 1}/${runs}: ${outcome.stats.customers} customers, ${outcome.stats.purchases} purchases (load average ${loadBefore.toFixed(1)} → ${(loadavg()[0] ?? 0).toFixed(1)} on this machine)`,
        );
        io.out(
          `  total               ${formatMs(outcome.visibleMs ?? Number.NaN)} ms (start → run visible as done)`,
        );
        io.out(`  worker read+ingest  ${formatMs(t.readMs)} ms (ingest overlaps the read)`);
        if (helper) {
          io.out(
            `    helper read       ${formatMs(helper.readMs)} ms (${helper.customers} customers, in parallel), waited for ${formatMs(helper.waitMs)} ms`,
          );
        }
        io.out(`  worker compute      ${formatMs(t.computeMs)} ms (stages below)`);
        for (const stage of shop.timings) io.out(`    ${stage.stage.padEnd(22)}${formatMs(stage.ms)} ms`);
        io.out(
          `  worker serialize    ${formatMs(t.serializeMs)} ms (snapshot rows into the analysis store${helper ? '; each customer’s result is assembled as its row is built, the helper writes the rows' : ''})`,
        );
        io.out(
          `  rows committed      ${w.rows} rows over ${formatMs(w.writeMs)} ms, from the start of the last stage the analysing worker reported (the workers write the rows; main only hears of them)`,
        );
        io.out(
          `  final commit        ${formatMs(w.commitMs)} ms (${shop.rules.length} rules, run flipped to done)`,
        );
        io.out(
          `  prune older runs    ${formatMs(w.pruneMs)} ms (after the run is visible: a worker deletes the older run's rows from the store and checkpoints it)`,
        );
        io.out(
          `  BG/NBD fit          ${formatMs(shop.timings.find((s) => s.stage === 'bgnbd')?.ms ?? Number.NaN)} ms (${shop.buyers} buyers)`,
        );
        io.out(`  peak worker heap    ${(t.peakWorkerHeapBytes / 1024 / 1024).toFixed(0)} MB`);
        const cpu = (schedule: ThreadSchedule | null | undefined): string =>
          schedule
            ? `on a core ${formatMs(schedule.cpuMs)} ms, ready but waiting for one ${formatMs(schedule.waitMs)} ms`
            : 'not reported here';
        io.out(`  analysing worker    ${cpu(outcome.stats.schedule)}`);
        if (helper) io.out(`  helper              ${cpu(helper.schedule)}`);
        // Includes the prune after the run is visible; the machine's figures show what neighbours took.
        io.out(
          `  this process        ${formatMs(processCpuMs)} ms of CPU, all threads (V8's GC helpers too), start to pruned` +
            (machineBefore && machineAfter
              ? `; the machine meanwhile: ${formatMs(machineAfter.busyMs - machineBefore.busyMs)} ms busy, ${formatMs(machineAfter.idleMs - machineBefore.idleMs)} ms idle, over all cores`
              : ''),
        );
        io.out(
          `  main event-loop delay p50 ${formatMs(delay.percentile(50) / 1e6)} ms, p99 ${formatMs(delay.percentile(99) / 1e6)} ms, max ${formatMs(delay.max / 1e6)} ms`,
        );
        io.out(
          `  longest main stalls ${
            stalls
              .top(5)
              .map((s) => `${formatMs(s.ms)} ms (${s.stage})`)
              .join(', ') || 'none over 20 ms'
          }`,
        );
      }
    } finally {
      await core.close();
    }
  },
};

/**
 * Which stage each long main-thread stall fell in: a 5 ms timer notes every gap over 20 ms with
 * the progress stage current when it ended, so a max in the histogram has a name.
 */
class StallLog {
  stage = 'start';
  private readonly stalls: { ms: number; stage: string }[] = [];
  private timer: NodeJS.Timeout | null = null;

  start(): void {
    let last = performance.now();
    this.timer = setInterval(() => {
      const now = performance.now();
      const gap = now - last - 5;
      if (gap > 20) this.stalls.push({ ms: gap, stage: this.stage });
      last = now;
    }, 5);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  top(n: number): { ms: number; stage: string }[] {
    return [...this.stalls].sort((a, b) => b.ms - a.ms).slice(0, n);
  }
}
