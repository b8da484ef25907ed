/**
 * The analysis worker: opens its own read-only connection to the shop file, streams the customers
 * and their purchases into the analysis pipeline, and posts the result back. It never writes — main
 * owns the one writer connection and stores the snapshot.
 */
import { parentPort, type MessagePort } from 'node:worker_threads';
import { getHeapStatistics } from 'node:v8';
import { openReadable } from '../db/connection';
import {
  countLiveCustomers,
  readCustomerInputs,
  splitCustomerId,
  type CustomerRange,
  type InputReadCounts,
} from '../domain/analysis/analysis-input.repo';
import { createShopAnalyzer, packedIngestTransferables } from '../analysis';
import type { StageHelper } from '../analysis/pipeline';
import {
  appendModelInputs,
  fitModelInput,
  modelInputTransferables,
  type ModelInput,
  type ModelStageResult,
} from '../analysis/pipeline-models';
import { HelperLink, type ReplyKind } from './helper-link';
import { threadSchedule, threadScheduleSince, type ThreadSchedule } from './thread-cpu';
import { runSideStages, sideTransferables } from '../analysis/pipeline-side';
import {
  lightShop,
  packedSnapshotTransferables,
  snapshotValues,
  SnapshotRowPacker,
  type SqlValue,
  SnapshotRowUnpacker,
} from '../domain/analysis/snapshot-rows';
import {
  deleteStoredRuns,
  snapshotBatches,
  SnapshotWriter,
  writeSnapshot,
} from '../domain/analysis/snapshot-store.repo';
import { ReasonEncoder, ReasonFlattener, type ReasonShape } from '../../shared/analysis/reason-codec';
import type { CustomerAnalysis, CustomerReasons, ShopAnalysis } from '../../shared/analysis/types';
import { epochDayFromDate } from '../analysis/dates';
import type { AnalysisJob, MainToWorker, PartMessage, WorkerStats, WorkerToMain } from './protocol';

/**
 * The share of the purchases the analysing worker reads itself when a helper reads the rest (see
 * splitCustomerId). Both read and ingest their own range and the analysing worker then merges the
 * helper's; the helper's range has about twice the customers for the same purchases (later ids
 * have shorter histories) and it packs its part, so at 0.5 the analysing worker waited 540–660 ms
 * for it on the 100k seed; at 0.56 the two finish closer together.
 */
const OWN_SHARE = 0.56;

/**
 * Read settings for the worker's connection: the read scans the whole customer-ordered purchase
 * index, and a memory map serves its pages from the OS page cache without copying them into
 * SQLite's own cache; a larger cache keeps the upper B-tree pages hot.
 */
function tuneForBulkRead(db: ReturnType<typeof openReadable>): void {
  db.pragma('mmap_size = 4294967296');
  db.pragma('cache_size = -65536');
}

function nextPartMessage(port: MessagePort): Promise<PartMessage> {
  return new Promise((resolve) => port.once('message', resolve));
}

/**
 * Has the helper write the snapshot rows into the analysis store while this thread assembles each
 * customer's result and builds its row: the building (the reasons' text above all) and SQLite's
 * binding took about the same time, one after the other, while the helper sat idle. Rows go over
 * in committed batches; the helper's acknowledgements are passed on to main as they come (its
 * progress bar). Returns the reason shapes the rows refer to.
 */
async function writeSnapshotOnHelper(
  helper: HelperLink,
  job: AnalysisJob,
  total: number,
  customerAt: (index: number) => CustomerAnalysis,
  committed: (rows: number, total: number) => void,
): Promise<{ reasonShapes: ReasonShape[]; helperSchedule: ThreadSchedule | null }> {
  // The helper writes the reasons' text, and this thread only flattens them (see
  // PackedSnapshotRows), unless the helper is behind: then this thread writes the text of the next
  // batch itself. With the text always left to it, the helper wrote slower than the rows came
  // and this thread waited 0.35-0.56 s at the end for it (traced on the 100k seed).
  const reasons = new ReasonFlattener();
  const encoder = new ReasonEncoder(reasons);
  const flatten = (r: CustomerReasons): null => {
    reasons.add(r);
    return null;
  };
  const text = (r: CustomerReasons): string => encoder.encode(r);
  let textHere = false;
  let sentBatches = 0;
  let writtenBatches = 0;
  const packer = new SnapshotRowPacker();
  let helperSchedule: ThreadSchedule | null = null;
  let failure: Error | null = null;
  let stopListening = (): void => undefined;
  const written = new Promise<void>((resolve, reject) => {
    stopListening = helper.onSnapshotWrite((reply) => {
      if (reply?.type === 'snapshot-written') {
        writtenBatches++;
        committed(reply.rows, total);
      } else if (reply?.type === 'snapshot-done') {
        helperSchedule = reply.schedule;
        resolve();
      } else {
        failure = new Error(
          reply?.type === 'snapshot-error'
            ? `the helper worker failed to write the snapshot: ${reply.message}`
            : 'the helper worker stopped before the snapshot was written',
        );
        reject(failure);
      }
    });
  });
  // Awaited below; this only keeps a failure during the loop from counting as unhandled.
  written.catch(() => undefined);
  try {
    helper.post({ type: 'snapshot-open', dbFile: job.dbFile, runId: job.runId });
    const rowAt = (i: number): SqlValue[] => snapshotValues(customerAt(i), textHere ? text : flatten);
    for (const values of snapshotBatches(total, rowAt)) {
      if (failure !== null) break;
      const rows = packer.pack(values, textHere ? null : reasons.take());
      helper.post({ type: 'snapshot-rows', rows }, packedSnapshotTransferables(rows));
      sentBatches++;
      // Lets the helper's acknowledgements through to main between batches.
      await new Promise((resolve) => setImmediate(resolve));
      // Behind: one batch being written and at least one more waiting.
      textHere = sentBatches - writtenBatches >= 2;
    }
    helper.post({ type: 'snapshot-close' });
    await written;
  } finally {
    stopListening();
  }
  return { reasonShapes: reasons.shapes, helperSchedule };
}

/** The helper's reply to a request, or an error naming what it could not do. */
async function replyOf<T extends PartMessage['type']>(
  helper: HelperLink,
  kind: ReplyKind,
  expected: T,
): Promise<Extract<PartMessage, { type: T }>> {
  const reply = await helper.reply(kind);
  if (reply === null) throw new Error(`the helper worker stopped before its ${kind} reply`);
  if ('message' in reply && reply.type.endsWith('-error')) {
    throw new Error(`the helper worker failed: ${reply.message}`);
  }
  if (reply.type !== expected) throw new Error(`the helper worker sent ${reply.type}, not ${expected}`);
  return reply as Extract<PartMessage, { type: T }>;
}

/**
 * Has the helper fit the models as soon as it has read its own range: `own` is the model input of
 * this thread's range, to which the helper adds its own. Until the fit waited for the merge of the
 * helper's part and for the stages' set-up here, the helper sat idle for 0.3-0.5 s meanwhile.
 */
function fitOnHelper(helper: HelperLink, own: ModelInput): Promise<ModelStageResult> {
  helper.post({ type: 'fit', input: own }, modelInputTransferables(own));
  const models = replyOf(helper, 'fit', 'fit-result').then((reply) => reply.models);
  // Awaited by the pipeline; this only keeps a failure meanwhile from counting as unhandled.
  models.catch(() => undefined);
  return models;
}

/** The side stages, on the helper, which took the part's channel over. */
function stagesOnHelper(helper: HelperLink): StageHelper {
  return {
    side: async (input) => {
      helper.post({ type: 'side', input }, sideTransferables(input));
      return (await replyOf(helper, 'side', 'side-result')).result;
    },
  };
}

const port = parentPort;
if (!port) throw new Error('analysis.worker must run in a worker thread');

function post(message: WorkerToMain): void {
  port!.postMessage(message);
}

let peakHeapBytes = 0;
function sampleHeap(): void {
  peakHeapBytes = Math.max(peakHeapBytes, getHeapStatistics().used_heap_size);
}

async function analyze(seq: number, job: AnalysisJob, helperPort: MessagePort | undefined): Promise<void> {
  const helper = helperPort ? new HelperLink(helperPort) : undefined;
  const scheduleBefore = threadSchedule();
  peakHeapBytes = 0;
  sampleHeap();
  const db = openReadable(job.dbFile);
  tuneForBulkRead(db);
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
    // With a helper, each worker reads its range in its own read transaction; both begin within
    // milliseconds of each other, and a customer's purchases always come from one of them.
    db.exec('BEGIN');
    let range: CustomerRange | undefined;
    // With a helper, this worker's progress through its own range stands for the whole read (the
    // split gives both about the same work), shown against the shop's customer count.
    let shopCustomers: number | null = null;
    try {
      if (helper) {
        const from = splitCustomerId(db, OWN_SHARE);
        helper.post({ type: 'split', from });
        if (from !== null) {
          range = { to: from };
          shopCustomers = countLiveCustomers(db);
        }
      }
      for (const customer of readCustomerInputs(
        db,
        {
          timeZone: job.timeZone,
          lastDay: epochDayFromDate(job.asOf),
          onProgress: (done, total) => {
            sampleHeap();
            post(
              shopCustomers === null
                ? { type: 'progress', seq, stage: 'read', done, total }
                : {
                    type: 'progress',
                    seq,
                    stage: 'read',
                    done: Math.round((done / total) * shopCustomers),
                    total: shopCustomers,
                  },
            );
          },
          ...(range ? { range } : {}),
        },
        counts,
      )) {
        analyzer.add(customer);
      }
    } finally {
      db.exec('COMMIT');
    }
    let helperStats: WorkerStats['helper'];
    let models: Promise<ModelStageResult> | null = null;
    if (helper) {
      models = fitOnHelper(helper, analyzer.modelInput());
      const waitStarted = performance.now();
      const part = await replyOf(helper, 'part', 'part');
      const waitMs = performance.now() - waitStarted;
      analyzer.merge(part.packed);
      counts.customers += part.customers;
      counts.purchases += part.purchases;
      helperStats = { readMs: part.readMs, waitMs, customers: part.customers, schedule: null };
      sampleHeap();
      post({ type: 'progress', seq, stage: 'read', done: counts.customers, total: counts.customers });
    }
    const readMs = performance.now() - readStarted;
    sampleHeap();
    analyzing = true;
    const computeStarted = performance.now();
    const committed = (rows: number, total: number): void => post({ type: 'rows', seq, rows, total });
    let shop: ShopAnalysis;
    let rowCount: number;
    let reasonShapes: ReasonShape[];
    let helperSchedule: ThreadSchedule | null = null;
    let computeMs: number;
    let serializeStarted: number;
    if (helper && models) {
      // The helper, done reading, fits the models and runs the side stages meanwhile; then it
      // writes the rows while this thread builds each customer's result and row, one at a time.
      const assembled = await analyzer.finishWithHelper(stagesOnHelper(helper), models);
      computeMs = performance.now() - computeStarted;
      sampleHeap();
      serializeStarted = performance.now();
      shop = assembled.shop();
      rowCount = assembled.customerCount;
      ({ reasonShapes, helperSchedule } = await writeSnapshotOnHelper(
        helper,
        job,
        rowCount,
        assembled.customerAt,
        committed,
      ));
    } else {
      const result = analyzer.finish();
      computeMs = performance.now() - computeStarted;
      sampleHeap();
      serializeStarted = performance.now();
      shop = result.shop;
      rowCount = result.customers.length;
      reasonShapes = writeSnapshot(job.dbFile, job.runId, result.customers, committed);
    }
    const serializeMs = performance.now() - serializeStarted;
    sampleHeap();
    post({
      type: 'result',
      seq,
      shop: lightShop(shop),
      rowCount,
      reasonShapes,
      stats: {
        readMs,
        computeMs,
        serializeMs,
        customers: counts.customers,
        purchases: counts.purchases,
        peakHeapBytes,
        ...(helperStats ? { helper: { ...helperStats, schedule: helperSchedule } } : {}),
        schedule: threadScheduleSince(scheduleBefore),
      },
    });
  } finally {
    db.close();
    helper?.close();
  }
}

/**
 * The helper's job: read the customers from the split id on, ingest them and hand them to the
 * analysing worker; then do what it sends, in order: fit the models (on both ranges' input), mine
 * the rules and suggestions, cluster the buyers, write the snapshot rows into the analysis store.
 */
async function readPart(seq: number, job: AnalysisJob, partner: MessagePort): Promise<void> {
  let scheduleBefore: ThreadSchedule | null = null;
  let ownModelInput: ModelInput | null = null;
  try {
    const split = await nextPartMessage(partner);
    if (split.type !== 'split') throw new Error('expected the split from the analysing worker');
    scheduleBefore = threadSchedule();
    const started = performance.now();
    // The helper ingests its range too (per-customer visit days, baskets with numbered items),
    // which is smaller to hand over than the purchases and leaves the analysing worker only a merge.
    const analyzer = createShopAnalyzer(job.settings, job.asOf, job.timeUnit);
    const counts: InputReadCounts = { customers: 0, purchases: 0 };
    if (split.from !== null) {
      const db = openReadable(job.dbFile);
      tuneForBulkRead(db);
      try {
        db.exec('BEGIN');
        try {
          for (const customer of readCustomerInputs(
            db,
            { timeZone: job.timeZone, lastDay: epochDayFromDate(job.asOf), range: { from: split.from } },
            counts,
          )) {
            analyzer.add(customer);
          }
        } finally {
          db.exec('COMMIT');
        }
      } finally {
        db.close();
      }
    }
    const packed = analyzer.pack();
    // The fit's input is this range's after the analysing worker's range (see fitOnHelper).
    ownModelInput = analyzer.modelInput();
    const part: PartMessage = {
      type: 'part',
      packed,
      customers: counts.customers,
      purchases: counts.purchases,
      readMs: performance.now() - started,
    };
    partner.postMessage(part, packedIngestTransferables(packed));
  } catch (error) {
    const message = messageOf(error);
    const failed: PartMessage = { type: 'part-error', message };
    partner.postMessage(failed);
    post({ type: 'error', seq, message });
    partner.close();
    return;
  }
  // Then whatever the analysing worker hands over (the side stages, then the snapshot rows to
  // write), one message at a time, until the rows are written or the channel closes.
  await new Promise<void>((resolve) => {
    let writer: SnapshotWriter | null = null;
    const unpacker = new SnapshotRowUnpacker();
    let writeFailed = false;
    const reply = (message: PartMessage, transfer: ArrayBuffer[] = []): void =>
      partner.postMessage(message, transfer);
    const finish = (): void => {
      writer?.close();
      writer = null;
      partner.off('message', onMessage);
      partner.off('close', finish);
      resolve();
    };
    const onMessage = (message: PartMessage): void => {
      if (message.type === 'fit') {
        try {
          if (!ownModelInput) throw new Error('the helper has no model input of its own range');
          reply({
            type: 'fit-result',
            models: fitModelInput(appendModelInputs(message.input, ownModelInput)),
          });
        } catch (error) {
          reply({ type: 'fit-error', message: messageOf(error) });
        }
        return;
      }
      if (message.type === 'side') {
        try {
          const result = runSideStages(message.input);
          reply({ type: 'side-result', result }, sideTransferables(result));
        } catch (error) {
          reply({ type: 'side-error', message: messageOf(error) });
        }
        return;
      }
      if (writeFailed) return;
      try {
        if (message.type === 'snapshot-open') {
          writer = new SnapshotWriter(message.dbFile, message.runId);
        } else if (message.type === 'snapshot-rows' && writer) {
          writer.write(unpacker.unpack(message.rows));
          reply({ type: 'snapshot-written', rows: writer.rows });
        } else if (message.type === 'snapshot-close' && writer) {
          const rows = writer.rows;
          writer.complete();
          writer.close();
          writer = null;
          reply({ type: 'snapshot-done', rows, schedule: threadScheduleSince(scheduleBefore) });
          finish();
        }
      } catch (error) {
        writeFailed = true;
        writer?.close();
        writer = null;
        reply({ type: 'snapshot-error', message: messageOf(error) });
      }
    };
    partner.on('message', onMessage);
    partner.once('close', finish);
  });
  post({ type: 'part-done', seq });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

port.on('message', (message: MainToWorker) => {
  if (message.type === 'prune-snapshot') {
    try {
      post({ type: 'pruned', seq: message.seq, rows: deleteStoredRuns(message.dbFile, message.runIds) });
    } catch (error) {
      post({ type: 'pruned', seq: message.seq, rows: 0, error: messageOf(error) });
    }
    return;
  }
  if (message.type === 'read-part') {
    void readPart(message.seq, message.job, message.port);
    return;
  }
  if (message.type !== 'analyze') return;
  analyze(message.seq, message.job, message.helper).catch((error: unknown) => {
    post({
      type: 'error',
      seq: message.seq,
      message: error instanceof Error ? error.message : String(error),
      ...(error instanceof Error && 'code' in error && typeof error.code === 'string'
        ? { code: error.code }
        : {}),
    });
  });
});
post({ type: 'ready' });
