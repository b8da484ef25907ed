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
 * The analysis worker's location. The composition root may pass one explicitly (the Electron main
 * can point at out/main/analysis.worker.js); otherwise it is found next to this module: from the
 * TypeScript sources (CLI, preview, tests under tsx or vitest) the .ts file, from the electron-vite
 * bundle the sibling analysis.worker.js.
 */
export function defaultAnalysisWorkerLocation(): WorkerLocation {
  const source = new URL('./analysis.worker.ts', import.meta.url);
  if (existsSync(fileURLToPath(source))) return { url: source };
  return { url: new URL('./analysis.worker.js', import.meta.url) };
}

/**
 * Starts a worker. A .ts entry needs tsx inside the worker; on Node 20 `execArgv: ['--import',
 * 'tsx']` does not reach a worker's own module loader ("Unknown file extension .ts", checked on
 * 20.20), so a tiny bootstrap registers tsx's ESM hooks in the worker and then imports the entry.
 */
export function startWorker(location: WorkerLocation): Worker {
  if (!location.url.pathname.endsWith('.ts')) return new Worker(location.url);
  const tsxPackage = createRequire(import.meta.url).resolve('tsx/package.json');
  const tsxApi = pathToFileURL(path.join(path.dirname(tsxPackage), 'dist/esm/api/index.mjs')).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(location.url.href)}); })`;
  return new Worker(bootstrap, { eval: true });
}
