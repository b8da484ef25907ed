/**
 * The import worker's side of its helper thread (import-prepare.worker.ts): starts it, hands it
 * the file to parse, then the mapping, and reads the prepared chunks back synchronously — inside
 * the import's one transaction, which cannot await — through receiveMessageOnPort and Atomics.wait.
 */
import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import { PatronError } from '../../../shared/errors';
import { startWorker, workerBeside, type WorkerLocation } from '../../workers/location';
import type { PreparedFeed } from './import';
import { PREPARE_SIGNAL, type PrepareJob, type PrepareMessage } from './import-worker.protocol';
import { decodePreparedChunk, type PreparedChunk } from './purchase-prepare';
import type { RowOptions } from './rows';

/**
 * How long the importer waits for the next chunk before it takes the helper for dead (a thread
 * that died cannot post "failed"). Generous: a chunk normally takes milliseconds, the file's
 * parse a few seconds.
 */
const STALLED_MS = 120_000;

export interface PreparePlan {
  readonly mapping: readonly (string | null)[];
  readonly rowOptions: RowOptions;
  readonly timeZone: string;
  /** Rows of the importer's own parse of the file; the helper's must match. */
  readonly rows: number;
}

/** One helper thread, started with the import worker so it is warm by the time a file arrives. */
export class PrepareHelper {
  private readonly worker: Worker;
  private exited = false;

  constructor(location: WorkerLocation = workerBeside(import.meta.url, 'import-prepare.worker')) {
    this.worker = startWorker(location);
    this.worker.unref();
    this.worker.on('error', () => undefined);
    this.worker.on('exit', () => {
      this.exited = true;
    });
  }

  /** Starts parsing a copy of the bytes in the helper, alongside the caller's own parse. */
  parse(bytes: Uint8Array, fileName: string): void {
    const copy = bytes.slice().buffer;
    this.post({ type: 'parse', bytes: copy, fileName }, [copy]);
  }

  /** Forgets the parsed file (the import stopped before it needed it). */
  drop(): void {
    if (!this.exited) this.post({ type: 'drop' }, []);
  }

  /** Has the helper prepare the parsed file; the feed blocks until each chunk is there. */
  plan(plan: PreparePlan): PortFeed {
    if (this.exited) throw new PatronError('internal', 'The import helper thread has stopped.');
    const channel = new MessageChannel();
    const signals = new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT);
    const { rows, ...job } = plan;
    this.post({ type: 'plan', ...job, port: channel.port2, signals }, [channel.port2]);
    return new PortFeed(channel.port1, new Int32Array(signals), rows, () => this.exited);
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }

  private post(job: PrepareJob, transfer: (ArrayBuffer | MessagePort)[]): void {
    this.worker.postMessage(job, transfer);
  }
}

export class PortFeed implements PreparedFeed {
  private ended = false;
  private received = 0;
  /** The helper's CPU time for the file, once it has ended (Linux only). */
  helperCpuMs: number | null = null;

  constructor(
    private readonly port: MessagePort,
    private readonly signals: Int32Array,
    private readonly expectedRows: number,
    private readonly helperExited: () => boolean,
  ) {}

  next(): PreparedChunk | null {
    if (this.ended) return null;
    let lastNews = performance.now();
    for (;;) {
      const received = receiveMessageOnPort(this.port);
      if (received !== undefined) {
        this.received += 1;
        const message = received.message as PrepareMessage;
        if (message.type === 'chunk') {
          Atomics.add(this.signals, PREPARE_SIGNAL.taken, 1);
          Atomics.notify(this.signals, PREPARE_SIGNAL.taken);
          return decodePreparedChunk(message.json);
        }
        this.close();
        if (message.type === 'end') {
          // Same bytes, same parser: anything else is a bug, and must not pass as an import.
          if (message.rows !== this.expectedRows)
            throw new PatronError(
              'internal',
              `The import helper read ${message.rows} rows, not ${this.expectedRows}.`,
            );
          this.helperCpuMs = message.threadCpu;
          return null;
        }
        throw new PatronError(message.error.code, message.error.message, message.error.details);
      }
      if (this.helperExited() || performance.now() - lastNews > STALLED_MS) {
        this.close();
        throw new PatronError('internal', 'The import helper thread stopped answering.');
      }
      // Sleeps until the helper posts again (or 50 ms pass, to look at the clock and the thread).
      const posted = Atomics.wait(this.signals, PREPARE_SIGNAL.posted, this.received, 50);
      if (posted !== 'timed-out') lastNews = performance.now();
    }
  }

  /** Tells the helper to stop (after a failure or cancel on this side) and closes the channel. */
  close(): void {
    if (this.ended) return;
    this.ended = true;
    Atomics.store(this.signals, PREPARE_SIGNAL.stop, 1);
    Atomics.notify(this.signals, PREPARE_SIGNAL.taken);
    this.port.close();
  }
}
