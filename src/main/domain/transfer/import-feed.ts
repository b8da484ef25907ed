/**
 * The import worker's side of its helper thread (import-prepare.worker.ts): starts it, hands it
 * the file, then the mapping, and reads the header and the prepared chunks back synchronously —
 * inside the import's one transaction, which cannot await — through receiveMessageOnPort and
 * Atomics.wait.
 */
import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import { PatronError } from '../../../shared/errors';
import { startWorker, workerBeside, type WorkerLocation } from '../../workers/location';
import type { PreparedFeed } from './import';
import type { FileShape } from './import-file';
import { PREPARE_SIGNAL, type PrepareJob, type PrepareMessage } from './import-worker.protocol';
import { decodePreparedChunk, type PreparedChunk } from './purchase-prepare';
import type { RowOptions } from './rows';

/**
 * How long the importer waits for the next message before it takes the helper for dead (a thread
 * that died cannot post "failed"). Generous: a chunk normally takes milliseconds.
 */
const STALLED_MS = 120_000;

/**
 * The helper's young generation (see StartOptions): 192 MB gives a 128 MB new space. Parsing,
 * validating and preparing a 1M-row purchase file took 7.1–7.7 s of CPU, GC threads included,
 * against 8.6–9.7 s with Node's default (same-minute runs, one thread); through the worker the
 * importer then waited 1.4–2.0 s for chunks instead of 2.3–2.7 s.
 */
const HELPER_YOUNG_GENERATION_MB = 192;

export interface PreparePlan {
  readonly mapping: readonly (string | null)[];
  readonly rowOptions: RowOptions;
  readonly timeZone: string;
}

/** One helper thread, started with the import worker so it is warm by the time a file arrives. */
export class PrepareHelper {
  private readonly worker: Worker;
  private exited = false;

  constructor(location: WorkerLocation = workerBeside(import.meta.url, 'import-prepare.worker')) {
    this.worker = startWorker(location, { youngGenerationMb: HELPER_YOUNG_GENERATION_MB });
    this.worker.unref();
    this.worker.on('error', () => undefined);
    this.worker.on('exit', () => {
      this.exited = true;
    });
  }

  /** Hands the file over (transferred: the caller no longer reads the bytes). */
  file(bytes: ArrayBuffer, fileName: string): void {
    this.post({ type: 'parse', bytes, fileName }, [bytes]);
  }

  /** Forgets the file (the import stopped before it needed it). */
  drop(): void {
    if (!this.exited) this.post({ type: 'drop' }, []);
  }

  /** Has the helper parse and prepare the file; the feed blocks until each message is there. */
  plan(plan: PreparePlan): PortFeed {
    if (this.exited) throw new PatronError('internal', 'The import helper thread has stopped.');
    const channel = new MessageChannel();
    const signals = new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT);
    this.post({ type: 'plan', ...plan, port: channel.port2, signals }, [channel.port2]);
    return new PortFeed(channel.port1, new Int32Array(signals), () => this.exited);
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
  private header: { headers: readonly string[]; rowsEstimate: number } | null = null;
  private shape: FileShape | null = null;
  /** The helper's CPU time for the file, once it has ended (Linux only). */
  helperCpuMs: number | null = null;

  constructor(
    private readonly port: MessagePort,
    private readonly signals: Int32Array,
    private readonly helperExited: () => boolean,
  ) {}

  get headers(): readonly string[] {
    return this.begin().headers;
  }

  get rowsEstimate(): number {
    return this.begin().rowsEstimate;
  }

  next(): PreparedChunk | null {
    if (this.ended) return null;
    this.begin();
    const message = this.receive();
    if (message.type === 'chunk') {
      Atomics.add(this.signals, PREPARE_SIGNAL.taken, 1);
      Atomics.notify(this.signals, PREPARE_SIGNAL.taken);
      return decodePreparedChunk(message.json);
    }
    this.close();
    if (message.type === 'end') {
      this.shape = message.file;
      this.helperCpuMs = message.threadCpu;
      return null;
    }
    if (message.type === 'failed')
      throw new PatronError(message.error.code, message.error.message, message.error.details);
    throw new PatronError('internal', `The import helper sent '${message.type}' out of turn.`);
  }

  file(): FileShape {
    if (this.shape === null) throw new Error('the file is known only once the last chunk was taken');
    return this.shape;
  }

  /** Tells the helper to stop (after a failure or cancel on this side) and closes the channel. */
  close(): void {
    if (this.ended) return;
    this.ended = true;
    Atomics.store(this.signals, PREPARE_SIGNAL.stop, 1);
    Atomics.notify(this.signals, PREPARE_SIGNAL.taken);
    this.port.close();
  }

  /** Waits for the helper's first message, the header (or its failure to read one). */
  private begin(): { headers: readonly string[]; rowsEstimate: number } {
    if (this.header !== null) return this.header;
    if (this.ended) throw new PatronError('internal', 'The import helper was stopped before the header.');
    const message = this.receive();
    if (message.type === 'start') {
      this.header = { headers: message.headers, rowsEstimate: message.rowsEstimate };
      return this.header;
    }
    this.close();
    if (message.type === 'failed')
      throw new PatronError(message.error.code, message.error.message, message.error.details);
    throw new PatronError('internal', `The import helper sent '${message.type}' before the header.`);
  }

  private receive(): PrepareMessage {
    let lastNews = performance.now();
    for (;;) {
      const received = receiveMessageOnPort(this.port);
      if (received !== undefined) {
        this.received += 1;
        return received.message as PrepareMessage;
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
}
