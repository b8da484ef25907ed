import { existsSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { loadavg } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { PatronCore } from '../../core/core';
import { removeDatabaseFile } from '../../db/files';
import { nowIso } from '../../db/ids';
import { createBackup } from '../../domain/backup/backup.service';
import { restoreUnderRunningCore } from '../../domain/backup/restore.service';
import { copyInWorker, quickCheckInWorker, vacuumIntoInWorker } from '../../domain/backup/verify-worker';
import { deleteSetting, writeSetting } from '../../domain/shop/shop.repo';
import { cpuMsSince, formatMs, summarize, type Benchmark } from './types';

const IDLE_MS = 10_000;
const TILL_EVERY_MS = 250;
const TILL_KEY = 'bench.till';

interface PhaseRow {
  readonly name: string;
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly load: number;
  readonly loopP50: number;
  readonly loopP99: number;
  readonly loopMax: number;
  readonly commits: readonly number[];
}

/**
 * One row per phase: wall time, the process's CPU (main and workers together), main's event-loop
 * delay, and the commit times of a small write main makes every 250 ms (a sale at the till) while
 * the phase runs. Phases follow each other without gaps, so a backup's steps add up to its total.
 */
class PhaseMeter {
  readonly rows: PhaseRow[] = [];
  private readonly loop = monitorEventLoopDelay({ resolution: 10 });
  private name: string | null = null;
  private started = 0;
  private cpuFrom = process.cpuUsage();
  private load = 0;
  private commits: number[] = [];

  begin(name: string): void {
    this.end();
    this.name = name;
    this.loop.reset();
    this.loop.enable();
    this.started = performance.now();
    this.cpuFrom = process.cpuUsage();
    this.load = loadavg()[0] ?? Number.NaN;
    this.commits = [];
  }

  recordCommit(ms: number): void {
    if (this.name !== null) this.commits.push(ms);
  }

  end(): void {
    if (this.name === null) return;
    this.loop.disable();
    this.rows.push({
      name: this.name,
      wallMs: performance.now() - this.started,
      cpuMs: cpuMsSince(this.cpuFrom),
      load: this.load,
      loopP50: this.loop.percentile(50) / 1e6,
      loopP99: this.loop.percentile(99) / 1e6,
      loopMax: this.loop.max / 1e6,
      commits: this.commits,
    });
    this.name = null;
  }
}

const seconds = (ms: number): string => (ms / 1000).toFixed(1);
const idle = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `bench backup`: the daily backup of --db (online copy + integrity check), quick_check against
 * integrity_check and VACUUM INTO against the backup API on that copy, then a restore of --db from
 * it under the running core — each with main's event-loop delay beside an idle baseline measured
 * in the same run. The restore replaces --db by its own fresh backup: run it on a copy.
 */
export const backupBenchmark: Benchmark = {
  name: 'backup',
  summary:
    'Backup copy/check, quick_check vs integrity_check, VACUUM INTO vs backup(), restore; main event-loop delay vs idle (REPLACES --db by its own backup: use a copy)',
  async run({ dbFile, io }) {
    const core = PatronCore.open({ dbFile, transport: 'direct' });
    const meter = new PhaseMeter();
    let tick = 0;
    let tillBusy = false;
    // Through the write gate like a command, so a sale during the restore's swap waits for it (and
    // the wait is counted) instead of writing into a closed connection.
    const till = setInterval(() => {
      if (tillBusy) return;
      tillBusy = true;
      const started = performance.now();
      void core.context.writeGate
        .shared(() =>
          core.db.transaction(() =>
            writeSetting(core.db, 'local_settings', TILL_KEY, tick++, nowIso(core.context.clock)),
          )(),
        )
        .then(() => meter.recordCommit(performance.now() - started))
        .finally(() => (tillBusy = false));
    }, TILL_EVERY_MS);
    const scratch: string[] = [];
    try {
      io.out(`shop file ${dbFile}: ${(statSync(dbFile).size / 1e9).toFixed(2)} GB`);
      meter.begin('idle (before)');
      await idle(IDLE_MS);

      const backupStarted = performance.now();
      const backupFile = await createBackup(core.db, dbFile, 'manual', core.context.clock, (step) =>
        meter.begin(`backup: ${step}`),
      );
      meter.end();
      const backupMs = performance.now() - backupStarted;
      scratch.push(backupFile);
      const backupBytes = statSync(backupFile).size;

      meter.begin('idle (after the backup)');
      await idle(IDLE_MS);

      meter.begin('quick_check of the backup');
      const quick = await quickCheckInWorker(backupFile);
      if (quick !== null) io.err(`quick_check found a problem: ${quick}`);

      // The same copy in one step (what the backup did before): the step size is chosen by the
      // till's commit times in these two rows, measured minutes apart on the same file.
      const oneStepFile = `${backupFile}.one-step`;
      scratch.push(oneStepFile);
      meter.begin('copy in one step (alternative)');
      const oneStep = await copyInWorker(dbFile, oneStepFile, 0x7fffffff);
      meter.end();
      if (oneStep !== null) io.err(`the one-step copy failed: ${oneStep}`);
      await rm(oneStepFile, { force: true });

      const vacuumFile = `${backupFile}.vacuum-into`;
      scratch.push(vacuumFile);
      meter.begin('VACUUM INTO (alternative copy)');
      const vacuum = await vacuumIntoInWorker(dbFile, vacuumFile);
      meter.end();
      if (vacuum !== null) io.err(`VACUUM INTO failed: ${vacuum}`);
      const vacuumBytes = existsSync(vacuumFile) ? statSync(vacuumFile).size : 0;
      await rm(vacuumFile, { force: true });
      const restoreStarted = performance.now();
      const outcome = await restoreUnderRunningCore(
        core.context,
        path.basename(backupFile),
        'owner',
        (step) => meter.begin(`restore: ${step}`),
      );
      meter.end();
      const restoreMs = performance.now() - restoreStarted;
      if (outcome.keptAside !== null) scratch.push(path.join(path.dirname(dbFile), outcome.keptAside));

      meter.begin('idle (after the restore)');
      await idle(IDLE_MS);
      meter.end();

      io.out(
        `backup ${(backupBytes / 1e9).toFixed(2)} GB in ${seconds(backupMs)} s; VACUUM INTO ${(vacuumBytes / 1e9).toFixed(2)} GB; ` +
          `restore in ${seconds(restoreMs)} s (load average now ${(loadavg()[0] ?? 0).toFixed(1)})`,
      );
      io.out(
        'phase                            wall s  CPU s  load  loop p50  p99 ms  max ms   till commits: n  p50 ms  p95 ms  max ms',
      );
      for (const row of meter.rows) {
        const commits = summarize(row.commits);
        io.out(
          `${row.name.padEnd(32)} ${seconds(row.wallMs).padStart(6)} ${seconds(row.cpuMs).padStart(6)} ${row.load.toFixed(1).padStart(5)} ` +
            `${formatMs(row.loopP50).padStart(9)} ${formatMs(row.loopP99).padStart(7)} ${formatMs(row.loopMax).padStart(7)} ` +
            `${String(commits.n).padStart(17)} ${[commits.p50, commits.p95, commits.max].map((ms) => (commits.n === 0 ? '-' : formatMs(ms)).padStart(7)).join(' ')}`,
        );
      }
      io.out(
        'CPU s is the whole process (main and its worker threads); till = a one-row write main commits every 250 ms ' +
          'through the write gate (counted in the phase it ends in; during the swap it waits for the gate).',
      );
    } finally {
      clearInterval(till);
      meter.end();
      try {
        if (core.context.damaged === null) deleteSetting(core.db, 'local_settings', TILL_KEY);
      } finally {
        await core.close();
      }
      for (const file of scratch) removeDatabaseFile(file);
    }
  },
};
