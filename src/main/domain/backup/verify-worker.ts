/**
 * `PRAGMA integrity_check` of a 100k-customer shop reads every page and takes seconds; on the main
 * thread that would freeze the till. It runs in a short-lived worker thread instead. The worker is a
 * few lines of plain CommonJS evaluated in place, so it needs no bundle entry of its own (the
 * Electron build) and no TypeScript loader (tests, CLI); the driver is passed as a resolved path.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
let db = null;
let problem = null;
try {
  db = new Database(workerData.file, { readonly: true, fileMustExist: true });
  const verdict = db.pragma('integrity_check').map((row) => row.integrity_check);
  problem = verdict.length === 1 && verdict[0] === 'ok' ? null : verdict.slice(0, 5).join('; ');
} catch (error) {
  problem = error && error.message ? error.message : String(error);
} finally {
  if (db) db.close();
}
parentPort.postMessage({ problem });
`;

const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');

/** Opens `file` read-only in a worker thread and runs `integrity_check`: the problem, or null when sound. */
export function verifyInWorker(file: string): Promise<string | null> {
  return new Promise((resolve) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver: driverPath } });
    let settled = false;
    const settle = (problem: string | null): void => {
      if (settled) return;
      settled = true;
      resolve(problem);
    };
    worker.once('message', (message: { problem: string | null }) => settle(message.problem));
    worker.once('error', (error) => settle(`the check could not run: ${error.message}`));
    worker.once('exit', (code) => settle(`the check stopped early (exit ${code})`));
  });
}
