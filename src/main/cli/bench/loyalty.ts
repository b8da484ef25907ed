import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { PatronCore } from '../../core/core';
import { startLoyaltyWarmUp } from '../../domain/loyalty/loyalty.commands';
import { currentAggregateKeys } from '../../domain/loyalty/loyalty.service';
import { readProfile } from '../../domain/shop/shop.service';
import { createDirectClient, type DirectClient } from '../../transport/direct';
import { formatMs, summarize, type Benchmark } from './types';

type Measured = 'loyalty.dashboard' | 'loyalty.activity' | 'loyalty.customers 5-5' | 'screen (dash+activity)';

async function timed(call: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await call();
  return performance.now() - t0;
}

/** Everything the Loyalty screen asks for on open (default period), then one drill-down page. */
async function openScreen(client: DirectClient): Promise<Map<Measured, number>> {
  const dashboard = await timed(() => client.call('loyalty.dashboard', {}));
  const activity = await timed(() => client.call('loyalty.activity', {}));
  const customers = await timed(() =>
    client.call('loyalty.customers', { filter: { rfm: { r: 5, f: 5 } }, offset: 0, limit: 50 }),
  );
  return new Map<Measured, number>([
    ['loyalty.dashboard', dashboard],
    ['loyalty.activity', activity],
    ['loyalty.customers 5-5', customers],
    ['screen (dash+activity)', dashboard + activity],
  ]);
}

/**
 * The Loyalty screen's load time at the command level (router, validation, handlers), each round
 * on a fresh core on the same file, as after an app restart:
 * - cold, computed: the stored aggregates are deleted first, so every figure is computed from the
 *   tables (the first open after an analysis run when nothing warmed it, or after a sale);
 * - cold, stored: a fresh core finds the aggregates the previous round stored (after a restart, or
 *   after the warm-up that follows an analysis run);
 * - warm: the same core asked again;
 * - warm-up: what follows an analysis run — the worker recomputes and main stores the figures;
 *   its duration and main's event-loop delay meanwhile.
 * Opening a core migrates the file and the commands store aggregates in it (as the app does).
 */
export const loyaltyBenchmark: Benchmark = {
  name: 'loyalty',
  summary:
    'the Loyalty screen (dashboard + activity + one drill-down page): cold computed, cold stored, warm; fresh core per round',
  run: async ({ dbFile, iterations, io }) => {
    const coldRounds = Math.max(5, Math.min(iterations, 7));
    const warmRounds = Math.max(5, Math.min(iterations, 30));
    const samples = new Map<string, number[]>();
    const record = (mode: string, times: Map<Measured, number>): void => {
      for (const [label, ms] of times) {
        const key = `${label}|${mode}`;
        samples.set(key, [...(samples.get(key) ?? []), ms]);
      }
    };
    const withCore = async <T>(use: (core: PatronCore, client: DirectClient) => Promise<T>): Promise<T> => {
      const core = PatronCore.open({ dbFile, transport: 'direct' });
      try {
        return await use(core, createDirectClient(core, core.createSession('cli', 'staff')));
      } finally {
        await core.close();
      }
    };

    await withCore(async (core, client) => {
      const dashboard = await client.call('loyalty.dashboard', {});
      const activity = await client.call('loyalty.activity', {});
      const purchases = core.db.prepare(`SELECT COUNT(*) FROM purchases`).pluck().get() as number;
      io.out(
        `run: ${dashboard.run ? dashboard.run.id : 'none'}; RFM buyers ${dashboard.rfmGrid.reduce((s, c) => s + c.customers, 0)}; ` +
          `purchases ${purchases}; period ${dashboard.period.from}..${dashboard.period.to}; buyers in period ${activity.headline.buyers}`,
      );
    });

    for (let i = 0; i < coldRounds; i++) {
      await withCore(async (core, client) => {
        core.db.exec(`DELETE FROM loyalty_aggregates`);
        record('cold computed', await openScreen(client));
        for (let w = 0; w < Math.ceil(warmRounds / coldRounds); w++) record('warm', await openScreen(client));
      });
      await withCore(async (_core, client) => record('cold stored', await openScreen(client)));
    }

    const warmUps: number[] = [];
    const loopMax: number[] = [];
    const loopP99: number[] = [];
    for (let i = 0; i < Math.min(coldRounds, 5); i++) {
      await withCore(async (core) => {
        core.db.exec(`DELETE FROM loyalty_aggregates`);
        // The warm-up follows a run in a core whose connection is already in use: read the rows it
        // checks once, so a fresh connection's first-query cost is not counted as warm-up delay.
        currentAggregateKeys(core.db, core.context.clock(), readProfile(core.db)?.timezone ?? 'UTC');
        const warmUp = startLoyaltyWarmUp(core.context);
        const loop = monitorEventLoopDelay({ resolution: 5 });
        loop.enable();
        const t0 = performance.now();
        warmUp.request(0);
        await warmUp.settle();
        warmUps.push(performance.now() - t0);
        loop.disable();
        loopMax.push(loop.max / 1e6);
        loopP99.push(loop.percentile(99) / 1e6);
      });
      await withCore(async (_core, client) => record('after warm-up', await openScreen(client)));
    }

    // The same core idle for as long as a warm-up takes: the machine's own scheduling noise.
    const idleMax: number[] = [];
    await withCore(async () => {
      const loop = monitorEventLoopDelay({ resolution: 5 });
      loop.enable();
      await new Promise((resolve) => setTimeout(resolve, summarize(warmUps).p50));
      loop.disable();
      idleMax.push(loop.max / 1e6, loop.percentile(99) / 1e6);
    });

    io.out(`medians over fresh cores (cold computed/stored: ${coldRounds} rounds each)`);
    io.out('command                 mode            n   p50 ms  p95 ms  max ms');
    for (const label of [
      'loyalty.dashboard',
      'loyalty.activity',
      'screen (dash+activity)',
      'loyalty.customers 5-5',
    ] as const) {
      for (const mode of ['cold computed', 'cold stored', 'after warm-up', 'warm']) {
        const s = summarize(samples.get(`${label}|${mode}`) ?? []);
        io.out(
          `${label.padEnd(23)} ${mode.padEnd(14)} ${String(s.n).padStart(3)} ${formatMs(s.p50).padStart(8)} ${formatMs(s.p95).padStart(7)} ${formatMs(s.max).padStart(7)}`,
        );
      }
    }
    const w = summarize(warmUps);
    io.out(
      `warm-up (worker, ${w.n} runs): p50 ${formatMs(w.p50)} ms, max ${formatMs(w.max)} ms; ` +
        `main event-loop delay meanwhile: p99 median ${formatMs(summarize(loopP99).p50)} ms, max ${formatMs(Math.max(...loopMax))} ms`,
    );
    io.out(
      `main event-loop delay of an idle core over the same time (baseline): p99 ${formatMs(idleMax[1] ?? NaN)} ms, max ${formatMs(idleMax[0] ?? NaN)} ms`,
    );
  },
};
