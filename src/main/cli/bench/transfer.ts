import { loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { PatronCore } from '../../core/core';
import { readImportFile, resolveMapping, type ImportStageMs } from '../../domain/transfer/import';
import { ImportWorkerHost } from '../../domain/transfer/import-worker';
import type { ImportSummary } from '../../../shared/contract/transfer';
import { threadSchedule, threadScheduleSince } from '../../workers/thread-cpu';
import { runExport, runImport } from '../../domain/transfer/transfer.service';
import { exportWorkers } from '../../domain/transfer/transfer.commands';
import { countRows } from '../../domain/shop/shop.repo';
import { removeShopFiles } from '../../db/analysis-store';
import { cpuMsSince, summarize, type Benchmark } from './types';

function customersCsv(rows: number): string {
  const lines = ['会员号,姓名,手机,生日,标签'];
  for (let i = 0; i < rows; i++) {
    const phone = `139${String(i).padStart(8, '0')}`;
    lines.push(
      `B${i},客户${i},${phone},19${50 + (i % 50)}-0${1 + (i % 9)}-1${i % 10},${i % 7 === 0 ? 'VIP' : ''}`,
    );
  }
  return lines.join('\r\n');
}

function purchasesCsv(rows: number, customers: number): string {
  const lines = ['客户编号,日期,金额'];
  for (let i = 0; i < rows; i++) {
    lines.push(`B${i % customers},2025-${1 + (i % 12)}-${1 + (i % 28)},${1 + (i % 400)}.${i % 100}`);
  }
  return lines.join('\r\n');
}

function freshFile(base: string, suffix: string): string {
  const file = `${base}.${suffix}.db`;
  removeShopFiles(file);
  return file;
}

type ImportPath = 'in-process' | 'worker';

/**
 * `bench import`: 100k customers then 1M purchases (target: 1M purchase rows under 15 s), along
 * both paths: in-process (the CLI: parse and import in one thread) and the import worker (the
 * app: the worker parses and inserts while, for purchases, its helper thread validates and
 * prepares). The worker is started and warmed by a preview first, as the wizard's preview does.
 */
export const importBenchmark: Benchmark = {
  name: 'import',
  summary:
    'Import 100k customers, then 1M purchases, into fresh shop files beside --db, in-process and through the import worker (--iterations N runs, at most 3; medians).',
  async run({ dbFile, iterations, io }) {
    const runs = Math.min(3, Math.max(1, iterations));
    const texts = [
      ['customers', 100_000, Buffer.from(customersCsv(100_000))],
      ['purchases', 1_000_000, Buffer.from(purchasesCsv(1_000_000, 100_000))],
    ] as const;
    const samples = new Map<string, { wall: number[]; cpu: number[]; stages: ImportStageMs[] }>();
    const host = new ImportWorkerHost();
    try {
      const warmStarted = performance.now();
      await host.preview(Buffer.from('客户编号,日期,金额\nB1,2025-01-01,1\n').buffer, 'warm.csv', 5);
      io.out(
        `import worker started and warmed by a preview: ${s(performance.now() - warmStarted)} s (not counted)`,
      );
      for (let run = 0; run < runs; run++) {
        for (const path of ['in-process', 'worker'] as const) {
          const file = freshFile(dbFile, 'import-bench');
          const core = PatronCore.open({ dbFile: file, transport: 'direct' });
          try {
            for (const [kind, rows, bytes] of texts) {
              const started = performance.now();
              const cpu = process.cpuUsage();
              const { summary, stageMs, settled } = await importAlong(path, core, host, file, kind, bytes);
              const wallMs = performance.now() - started;
              // The worker copies its WAL into the file after answering; main's writes wait for it.
              const checkpointMs = await settled;
              const cpuMs = cpuMsSince(cpu);
              const key = `${kind} ${path}`;
              const entry = samples.get(key) ?? { wall: [], cpu: [], stages: [] };
              entry.wall.push(wallMs);
              entry.cpu.push(cpuMs);
              entry.stages.push(stageMs);
              samples.set(key, entry);
              io.out(
                `import ${kind.padEnd(9)} ${String(rows).padStart(9)} rows, ${path.padEnd(10)} run ${run + 1}: ` +
                  `${s(wallMs)} s wall / ${s(entry.cpu.at(-1)!)} s CPU, all threads ` +
                  `(${stageLine(stageMs)}; created ${summary.created}, rejected ${summary.rejected})` +
                  (path === 'worker' ? `; then the WAL copy, writes still held: ${s(checkpointMs)} s` : ''),
              );
            }
          } finally {
            await core.close();
          }
        }
      }
    } finally {
      await host.close();
    }
    for (const [key, entry] of samples) {
      const median = (values: number[]): number => summarize(values).p50;
      const stage = (name: keyof ImportStageMs): number =>
        median(entry.stages.map((stages) => stages[name] ?? 0));
      io.out(
        `import ${key.padEnd(20)} median of ${runs}: ${s(median(entry.wall))} s wall / ${s(median(entry.cpu))} s CPU ` +
          `(${stageLine({ read: stage('read'), validate: stage('validate'), write: stage('write'), indexes: stage('indexes'), summaries: stage('summaries'), commit: stage('commit'), threadCpu: stage('threadCpu'), threadWait: stage('threadWait'), ...(entry.stages.some((stages) => stages.helperCpu !== undefined) ? { helperCpu: stage('helperCpu') } : {}) })})`,
      );
    }
    io.out(
      'Stages are the importing thread\'s: with the helper, "validate" is the time it waited for prepared receipts.',
    );
  },
};

async function importAlong(
  path: ImportPath,
  core: PatronCore,
  host: ImportWorkerHost,
  dbFile: string,
  kind: 'customers' | 'purchases',
  bytes: Buffer,
): Promise<{ summary: ImportSummary; stageMs: ImportStageMs; settled: Promise<number> }> {
  if (path === 'in-process') {
    const before = threadSchedule();
    const readStarted = performance.now();
    const parsed = await readImportFile(bytes, `${kind}.csv`);
    const stageMs: ImportStageMs = {
      read: performance.now() - readStarted,
      validate: 0,
      write: 0,
      summaries: 0,
      commit: 0,
    };
    const summary = runImport(core.db, {
      kind,
      file: parsed,
      dryRun: false,
      actorRole: 'owner',
      clock: core.context.clock,
      stageMs,
    });
    const spent = threadScheduleSince(before);
    if (spent) {
      stageMs.threadCpu = spent.cpuMs;
      stageMs.threadWait = spent.waitMs;
    }
    // In-process the commit copies the WAL itself (counted in "commit").
    return { summary, stageMs, settled: Promise.resolve(0) };
  }
  const headers = bytes.subarray(0, bytes.indexOf(0x0d)).toString('utf8').split(',');
  const mapping = resolveMapping(kind, headers);
  if (!mapping.ok) throw new Error('the benchmark file did not map');
  // The worker takes the bytes over (transferred): give it a copy, the next run needs them again.
  const copy = new Uint8Array(bytes).slice().buffer;
  return host.import({
    bytes: copy,
    fileName: `${kind}.csv`,
    dbFile,
    kind,
    mapping: mapping.mapping,
    dateOrder: 'ymd',
    dryRun: false,
    actorRole: 'owner',
    now: core.context.clock().toISOString(),
    rememberMapping: false,
  });
}

const s = (ms: number): string => (ms / 1000).toFixed(2);

function stageLine(stages: ImportStageMs): string {
  return (
    `read ${s(stages.read ?? 0)} s, validate ${s(stages.validate)} s, write ${s(stages.write)} s, ` +
    `indexes ${s(stages.indexes ?? 0)} s, summaries ${s(stages.summaries)} s, commit ${s(stages.commit)} s` +
    (stages.threadCpu === undefined
      ? ''
      : `; importing thread ${s(stages.threadCpu)} s on a CPU, ${s(stages.threadWait ?? 0)} s waiting for one`) +
    (stages.helperCpu === undefined ? '' : `; helper thread ${s(stages.helperCpu)} s on a CPU`)
  );
}

/**
 * `bench export`: CSV and XLSX of every customer in --db (seed 100k first; target: CSV under 2 s),
 * on the path the app takes: the export worker threads, warmed first as the app does at launch.
 */
export const exportBenchmark: Benchmark = {
  name: 'export',
  summary:
    'Export every customer of --db to CSV and XLSX through the export worker threads as the app does, 3 runs each (seed it with 100k customers first).',
  async run({ dbFile, iterations, io }) {
    const core = PatronCore.open({ dbFile, transport: 'direct' });
    try {
      io.out(`customers in ${dbFile}: ${countRows(core.db, 'customers')}`);
      const pool = exportWorkers(core.context);
      const warmStarted = performance.now();
      await pool.warm();
      io.out(
        `export worker threads: ${pool.threadCount}, started and loaded in ${(performance.now() - warmStarted).toFixed(0)} ms ` +
          `(before timing; the app does this at launch — from the TypeScript sources this is mostly tsx compiling the worker)`,
      );
      io.out(
        "path: runExport with the app's worker pool (transfer.export): a big CSV is cut into one slice per thread, " +
          'written at the same time and joined in order on main; XLSX is written whole in one thread',
      );
      // Per part: "lookups" until its first row (labels, tags, consents, referrers), "rows" the
      // rest (reading and writing interleave), and the CPU time of the thread that wrote it. CPU
      // per run is the whole process (main, the threads, V8's helpers).
      // Each threaded CSV run is followed by the same export written in main in one piece (the
      // path before the threads), so the two compare under the same load.
      const runs = Math.min(3, Math.max(1, iterations));
      const modes = [
        { name: 'csv', format: 'csv', threads: true },
        { name: 'csv in main', format: 'csv', threads: false },
        { name: 'xlsx', format: 'xlsx', threads: true },
      ] as const;
      const samples = new Map<
        string,
        { wall: number[]; cpu: number[]; stall: number[]; busiest: number[] }
      >();
      const measure = async (mode: (typeof modes)[number], run: number): Promise<void> => {
        const load = loadavg()[0] ?? 0;
        const delay = monitorEventLoopDelay({ resolution: 10 });
        delay.enable();
        const started = performance.now();
        const cpuFrom = process.cpuUsage();
        const result = await runExport(core.db, {
          format: mode.format,
          filter: {},
          actorRole: 'owner',
          clock: core.context.clock,
          ...(mode.threads ? { parallel: pool.parallelism(dbFile) } : {}),
        });
        const wallMs = performance.now() - started;
        const cpuMs = cpuMsSince(cpuFrom);
        delay.disable();
        const entry = samples.get(mode.name) ?? { wall: [], cpu: [], stall: [], busiest: [] };
        // The busiest thread's own CPU time: what the wall time would be with a core per thread.
        entry.busiest.push(Math.max(...result.parts.map((part) => part.schedule?.cpuMs ?? Number.NaN)));
        entry.wall.push(wallMs);
        entry.cpu.push(cpuMs);
        entry.stall.push(delay.max / 1e6);
        samples.set(mode.name, entry);
        const parts = result.parts
          .map(
            (part, index) =>
              `part ${index + 1}: ${part.rows} rows, lookups ${s(part.stageMs.lookups)} s + rows ${s(part.stageMs.rows)} s, ` +
              (part.schedule === null
                ? 'thread CPU unknown'
                : `thread CPU ${s(part.schedule.cpuMs)} s, waited for a core ${s(part.schedule.waitMs)} s`),
          )
          .join('; ');
        // Written in main, the export never lets the event loop turn, so there is no delay sample:
        // main is blocked for the whole wall time.
        const stall = mode.threads
          ? `main's longest event-loop stall ${(delay.max / 1e6).toFixed(0)} ms`
          : 'main blocked throughout';
        io.out(
          `export ${mode.name.padEnd(11)} run ${run + 1}: ${result.rows} rows, ${(result.bytes.length / 1e6).toFixed(1)} MB, ` +
            `${s(wallMs)} s wall / ${s(entry.cpu.at(-1)!)} s CPU, ${stall}, load ${load.toFixed(1)} (${parts})`,
        );
      };
      for (let run = 0; run < runs; run++) {
        await measure(modes[0], run);
        await measure(modes[1], run);
      }
      for (let run = 0; run < runs; run++) await measure(modes[2], run);
      const median = (values: number[]): number => summarize(values).p50;
      for (const mode of modes) {
        const entry = samples.get(mode.name)!;
        io.out(
          `export ${mode.name.padEnd(11)} median of ${runs}: ${s(median(entry.wall))} s wall / ${s(median(entry.cpu))} s CPU, ` +
            `busiest thread ${s(median(entry.busiest))} s CPU` +
            (mode.threads
              ? `, longest main stall ${median(entry.stall).toFixed(0)} ms (median)`
              : ', main blocked throughout'),
        );
      }
      const threaded = samples.get('csv')!.wall;
      const inMain = samples.get('csv in main')!.wall;
      io.out(
        `csv threads / in main, same-run wall ratio (median of pairs): ${median(threaded.map((ms, i) => ms / inMain[i]!)).toFixed(2)}`,
      );
    } finally {
      await core.close();
    }
  },
};
