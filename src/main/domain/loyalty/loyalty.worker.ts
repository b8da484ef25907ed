/**
 * The Loyalty warm-up worker: computes the screen's default-period figures on its own read-only
 * connection, so the seconds this takes on a 100k shop never block main's event loop. Main stores
 * what it posts back (one small write).
 */
import { parentPort } from 'node:worker_threads';
import { openReadable } from '../../db/connection';
import { computeDefaultAggregates } from './loyalty.service';
import type { WarmJob, WarmReply } from './loyalty.warmup';

const port = parentPort;
if (!port) throw new Error('loyalty.worker must run in a worker thread');

port.on('message', (job: WarmJob) => {
  let reply: WarmReply;
  try {
    const db = openReadable(job.dbFile, { analysisStore: true });
    try {
      reply = {
        ok: true,
        entries: computeDefaultAggregates(db, new Date(job.today), job.timeZone, job.kinds),
      };
    } finally {
      db.close();
    }
  } catch (error) {
    reply = { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
