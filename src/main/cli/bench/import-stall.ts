import { copyFileSync, rmSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { PatronCore } from '../../core/core';
import { createDirectClient } from '../../transport/direct';
import { readImportFile } from '../../domain/transfer/import';
import { runImport } from '../../domain/transfer/transfer.service';
import { formatMs, summarize, type Benchmark } from './types';
import { threadSchedule } from '../../workers/thread-cpu';
import { removeShopFiles } from '../../db/analysis-store';

const CUSTOMERS = 100_000;
const PURCHASES = 1_000_000;

function customersCsv(rows: number): string {
  const lines = ['会员号,姓名,手机'];
  for (let i = 0; i < rows; i++) lines.push(`B${i},客户${i},139${String(i).padStart(8, '0')}`);
  return lines.join('\r\n');
}

function purchasesCsv(rows: number, customers: number): string {
  const lines = ['客户编号,日期,金额'];
  for (let i = 0; i < rows; i++)
    lines.push(`B${i % customers},2025-${1 + (i % 12)}-${1 + (i % 28)},${1 + (i % 400)}.${i % 100}`);
  return lines.join('\r\n');
}

function removeShop(file: string): void {
  removeShopFiles(file);
  // The command's pre-import backup lands in the shop's default backup folder beside it.
  rmSync(`${file}-backups`, { recursive: true, force: true });
}

const mainThreadSchedule = threadSchedule;

interface LoopStalls<T> {
  readonly value: T;
  readonly ms: number;
  /**
   * monitorEventLoopDelay's max and p99 (ms). Its max missed the in-process import's one long
   * block (measured: 10 ms for a 46 s stall), so the tick gap below is the number to read.
   */
  readonly histogramMaxMs: number;
  readonly p99Ms: number;
  /** Longest gap between two ticks of a 10 ms timer (ms): the longest stall, measured plainly. */
  readonly gapMs: number;
  /**
   * Of that gap, main's own CPU time and its wait for a CPU (ms); with two cores and other
   * processes busy, a gap is often the scheduler's, not main's work.
   */
  readonly gapCpuMs: number | null;
  readonly gapWaitMs: number | null;
  /** The most CPU main spent between two ticks anywhere in the run (ms): its longest own stall. */
  readonly maxOwnCpuMs: number | null;
}

/**
 * Main's event-loop delay while something runs: the histogram of `monitorEventLoopDelay` plus a
 * 10 ms ticker whose largest gap is the longest stall, split into main's own CPU and its wait.
 */
async function underLoopMonitor<T>(work: () => Promise<T>): Promise<LoopStalls<T>> {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  let last = performance.now();
  let lastSchedule = mainThreadSchedule();
  let gapMs = 0;
  let gapCpuMs: number | null = null;
  let gapWaitMs: number | null = null;
  let maxOwnCpuMs: number | null = null;
  const tick = (): void => {
    const now = performance.now();
    const schedule = mainThreadSchedule();
    const cpuMs = schedule && lastSchedule ? schedule.cpuMs - lastSchedule.cpuMs : null;
    const waitMs = schedule && lastSchedule ? schedule.waitMs - lastSchedule.waitMs : null;
    if (cpuMs !== null) maxOwnCpuMs = Math.max(maxOwnCpuMs ?? 0, cpuMs);
    if (now - last > gapMs) {
      gapMs = now - last;
      gapCpuMs = cpuMs;
      gapWaitMs = waitMs;
    }
    last = now;
    lastSchedule = schedule;
  };
  const ticker = setInterval(tick, 10);
  histogram.enable();
  const started = performance.now();
  try {
    const value = await work();
    const ms = performance.now() - started;
    tick();
    // Let the histogram's own timer fire once more, so a stall that just ended is recorded.
    await new Promise((resolve) => setTimeout(resolve, 20));
    return {
      value,
      ms,
      histogramMaxMs: histogram.max / 1e6,
      p99Ms: histogram.percentile(99) / 1e6,
      gapMs,
      gapCpuMs,
      gapWaitMs,
      maxOwnCpuMs,
    };
  } finally {
    histogram.disable();
    clearInterval(ticker);
  }
}

function stallLine(stalls: LoopStalls<unknown>): string {
  const optional = (ms: number | null): string => (ms === null ? 'n/a' : `${formatMs(ms)} ms`);
  return (
    `monitorEventLoopDelay max ${formatMs(stalls.histogramMaxMs)} ms, p99 ${formatMs(stalls.p99Ms)} ms; ` +
    `longest stall ${formatMs(stalls.gapMs)} ms (main's CPU ${optional(stalls.gapCpuMs)}, waiting for a CPU ${optional(stalls.gapWaitMs)}); ` +
    `most CPU main spent between two ticks ${optional(stalls.maxOwnCpuMs)}`
  );
}

/**
 * `bench import-stall`: how long main's event loop stalls during a 1M-row purchase import, the old
 * way (importTable on main's connection) and through `transfer.import` (parsed and written in the
 * import worker), each on its own copy of the same 100k-customer shop, in the same run.
 */
export const importStallBenchmark: Benchmark = {
  name: 'import-stall',
  summary:
    "Main's event-loop delay during a 1M-row purchase import: in-process vs the import worker (fresh shop files beside --db).",
  async run({ dbFile, io }) {
    const base = `${dbFile}.import-stall.db`;
    const copy = `${dbFile}.import-stall-worker.db`;
    removeShop(base);
    removeShop(copy);
    try {
      const setup = PatronCore.open({ dbFile: base, transport: 'direct' });
      try {
        await createDirectClient(setup, setup.createSession('cli', 'owner')).call('shop.create', {
          name: 'Import stall bench',
          currency: 'CNY',
          locale: 'zh-CN',
          country: 'CN',
          timezone: 'Asia/Shanghai',
        });
        const customers = await readImportFile(Buffer.from(customersCsv(CUSTOMERS)), 'customers.csv');
        runImport(setup.db, {
          kind: 'customers',
          file: customers,
          dryRun: false,
          actorRole: 'owner',
          clock: setup.context.clock,
        });
        setup.db.pragma('wal_checkpoint(TRUNCATE)');
      } finally {
        await setup.close();
      }
      copyFileSync(base, copy);
      const csv = Buffer.from(purchasesCsv(PURCHASES, CUSTOMERS));
      io.out(
        `shop: ${CUSTOMERS} customers; file: ${PURCHASES} purchase rows, ${(csv.length / 1e6).toFixed(1)} MB`,
      );

      // Before: parse and import on main, as the command did.
      const inProcess = PatronCore.open({ dbFile: base, transport: 'direct' });
      try {
        const before = await underLoopMonitor(async () => {
          const parsed = await readImportFile(csv, 'purchases.csv');
          return runImport(inProcess.db, {
            kind: 'purchases',
            file: parsed,
            dryRun: false,
            actorRole: 'owner',
            clock: inProcess.context.clock,
          });
        });
        io.out(
          `in-process: ${(before.ms / 1000).toFixed(2)} s, created ${before.value.created}; ` +
            stallLine(before),
        );
      } finally {
        await inProcess.close();
      }

      // After: the command as the wizard calls it (backup first, then the worker), while a read
      // command runs every 100 ms to show main keeps answering.
      const viaWorker = PatronCore.open({ dbFile: copy, transport: 'direct' });
      try {
        const client = createDirectClient(viaWorker, viaWorker.createSession('cli', 'owner'));
        const base64 = csv.toString('base64');
        const progress: { at: number; stage: string | undefined; done: number }[] = [];
        const off = client.on('job.progress', (event) => {
          if (event.kind === 'import')
            progress.push({ at: performance.now(), stage: event.stage, done: event.done });
        });
        const readMs: number[] = [];
        let reading = true;
        const reads = (async () => {
          while (reading) {
            const started = performance.now();
            await client.call('customers.search', { query: '客户12', limit: 20 });
            readMs.push(performance.now() - started);
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
        })();
        const started = performance.now();
        const after = await underLoopMonitor(() =>
          client.call('transfer.import', {
            kind: 'purchases',
            fileName: 'purchases.csv',
            base64,
            mapping: ['customer_code', 'date', 'amount'],
            dateOrder: 'ymd',
            dryRun: false,
          }),
        );
        reading = false;
        await reads;
        off();
        const reads_ = summarize(readMs);
        const firstRows = progress.find((event) => event.stage === 'rows');
        io.out(
          `worker:     ${(after.ms / 1000).toFixed(2)} s, created ${after.value.created}; ` +
            stallLine(after),
        );
        io.out(
          `  progress events: ${progress.length} (first 'rows' at ${firstRows ? ((firstRows.at - started) / 1000).toFixed(2) : '-'} s, ` +
            `stages ${[...new Set(progress.map((event) => event.stage))].join(' → ')})`,
        );
        io.out(
          `  customers.search during the import: ${reads_.n} calls, p50 ${formatMs(reads_.p50)} ms, p95 ${formatMs(reads_.p95)} ms, max ${formatMs(reads_.max)} ms`,
        );
      } finally {
        await viaWorker.close();
      }
    } finally {
      removeShop(base);
      removeShop(copy);
    }
  },
};
