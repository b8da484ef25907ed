import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** Where a worker script lives: a bundled .js file, or a TypeScript source run through tsx. */
export interface WorkerLocation {
  readonly url: URL;
}

/**
 * A worker entry beside the module at `moduleUrl` (the caller's import.meta.url): from the
 * TypeScript sources (CLI, preview, tests under tsx or vitest) `<name>.ts`; from the electron-vite
 * bundle, where each worker is an entry of its own in out/main, the sibling `<name>.js`. A caller
 * the bundle may move into out/main/chunks must be given its location explicitly instead.
 */
export function workerBeside(moduleUrl: string, name: string): WorkerLocation {
  const source = new URL(`./${name}.ts`, moduleUrl);
  if (existsSync(fileURLToPath(source))) return { url: source };
  return { url: new URL(`./${name}.js`, moduleUrl) };
}

/**
 * The analysis worker's location from the sources. The bundle moves this module into a chunk, so
 * the Electron main names out/main/analysis.worker.js itself (configureAnalysisWorker).
 */
export function defaultAnalysisWorkerLocation(): WorkerLocation {
  return workerBeside(import.meta.url, 'analysis.worker');
}

export interface StartOptions {
  /**
   * V8's young generation for the thread (new space is two thirds of it; Node's default gives
   * 32 MB). A thread that streams through a big file allocates fast and keeps each chunk's objects
   * for a while: in a small new space they outlive a scavenge or two and are copied into the old
   * generation, which the collector then keeps walking.
   */
  readonly youngGenerationMb?: number;
}

/**
 * Starts a worker. A .ts entry needs tsx inside the worker; on Node 20 `execArgv: ['--import',
 * 'tsx']` does not reach a worker's own module loader ("Unknown file extension .ts", checked on
 * 20.20), so a tiny bootstrap registers tsx's ESM hooks in the worker and then imports the entry.
 */
export function startWorker(location: WorkerLocation, options: StartOptions = {}): Worker {
  const workerOptions =
    options.youngGenerationMb === undefined
      ? {}
      : { resourceLimits: { maxYoungGenerationSizeMb: options.youngGenerationMb } };
  if (!location.url.pathname.endsWith('.ts')) return new Worker(location.url, workerOptions);
  const tsxPackage = createRequire(import.meta.url).resolve('tsx/package.json');
  const tsxApi = pathToFileURL(path.join(path.dirname(tsxPackage), 'dist/esm/api/index.mjs')).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(location.url.href)}); })`;
  return new Worker(bootstrap, { eval: true, ...workerOptions });
}
