/**
 * The analysis worker: opens its own read-only connection to the shop file, streams the customers
 * and their purchases into the analysis pipeline, and posts the result back. It never writes — main
 * owns the one writer connection and stores the snapshot.
 */
import { parentPort } from 'node:worker_threads';
import { getHeapStatistics } from 'node:v8';
import { openReadable } from '../db/connection';
import { readCustomerInputs, type InputReadCounts } from '../domain/analysis/analysis-input.repo';
import { createShopAnalyzer } from '../analysis';
import { lightShop, snapshotChunks } from '../domain/analysis/snapshot-rows';
import { epochDayFromDate } from '../analysis/dates';
import type { AnalysisJob, MainToWorker, WorkerToMain } from './protocol';

const port = parentPort;
if (!port) throw new Error('analysis.worker must run in a worker thread');

function post(message: WorkerToMain): void {
  port!.postMessage(message);
}

let peakHeapBytes = 0;
function sampleHeap(): void {
  peakHeapBytes = Math.max(peakHeapBytes, getHeapStatistics().used_heap_size);
}

function analyze(seq: number, job: AnalysisJob): void {
  peakHeapBytes = 0;
  sampleHeap();
  const db = openReadable(job.dbFile);
  try {
    const counts: InputReadCounts = { customers: 0, purchases: 0 };
    const readStarted = performance.now();
    let analyzing = false;
    const analyzer = createShopAnalyzer(job.settings, job.asOf, job.timeUnit, {
      onStage: (stage) => {
        if (!analyzing) return;
        sampleHeap();
        post({ type: 'progress', seq, stage, done: 0, total: 0 });
      },
    });
    // Reading and ingesting interleave (the analyzer takes one customer at a time), so the read
    // time includes the ingest stage.
    // A single read transaction gives the whole read one consistent view of the file even while
    // main commits sales meanwhile.
    db.exec('BEGIN');
    try {
      for (const customer of readCustomerInputs(
        db,
        {
          timeZone: job.timeZone,
          lastDay: epochDayFromDate(job.asOf),
          onProgress: (done, total) => {
            sampleHeap();
            post({ type: 'progress', seq, stage: 'read', done, total });
          },
        },
        counts,
      )) {
        analyzer.add(customer);
      }
    } finally {
      db.exec('COMMIT');
    }
    const readMs = performance.now() - readStarted;
    sampleHeap();
    analyzing = true;
    const computeStarted = performance.now();
    const result = analyzer.finish();
    const computeMs = performance.now() - computeStarted;
    sampleHeap();
    const serializeStarted = performance.now();
    const { chunks, reasonShapes } = snapshotChunks('', result.customers);
    const serializeMs = performance.now() - serializeStarted;
    sampleHeap();
    chunks.forEach((json, index) => post({ type: 'rows', seq, index, json }));
    post({
      type: 'result',
      seq,
      shop: lightShop(result.shop),
      chunkCount: chunks.length,
      reasonShapes,
      stats: { readMs, computeMs, serializeMs, customers: counts.customers, purchases: counts.purchases, peakHeapBytes },
    });
  } finally {
    db.close();
  }
}

port.on('message', (message: MainToWorker) => {
  if (message.type !== 'analyze') return;
  try {
    analyze(message.seq, message.job);
  } catch (error) {
    post({
      type: 'error',
      seq: message.seq,
      message: error instanceof Error ? error.message : String(error),
      ...(error instanceof Error && 'code' in error && typeof error.code === 'string' ? { code: error.code } : {}),
    });
  }
});
post({ type: 'ready' });
