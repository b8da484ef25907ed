/**
 * The analysing worker's end of the channel to its helper (see `read-part` in protocol.ts). The
 * helper answers requests one at a time, in the order it gets them, and several can be under way
 * at once (the model fits, then the side stages), so the replies are told apart by their kind
 * rather than taken as "the next message". The scratch file's acknowledgements, many per request,
 * go to whoever listens for them.
 */
import type { MessagePort } from 'node:worker_threads';
import type { PartMessage } from './protocol';

type Reply = Exclude<
  PartMessage,
  { type: 'split' | 'fit' | 'side' | 'cluster' | 'scratch-open' | 'scratch-rows' | 'scratch-close' }
>;
type ScratchReply = Extract<Reply, { type: `scratch-${string}` }>;
/** One reply kind per request: its result or its error. */
export type ReplyKind = 'part' | 'fit' | 'side' | 'cluster';

function kindOf(reply: Exclude<Reply, ScratchReply>): ReplyKind {
  switch (reply.type) {
    case 'part':
    case 'part-error':
      return 'part';
    case 'fit-result':
    case 'fit-error':
      return 'fit';
    case 'side-result':
    case 'side-error':
      return 'side';
    case 'cluster-result':
    case 'cluster-error':
      return 'cluster';
  }
}

const isScratchReply = (reply: Reply): reply is ScratchReply => reply.type.startsWith('scratch-');

export class HelperLink {
  private readonly waiting = new Map<ReplyKind, (reply: Reply | null) => void>();
  private readonly arrived = new Map<ReplyKind, Reply>();
  private scratchListener: ((reply: ScratchReply | null) => void) | null = null;
  private closed = false;

  constructor(private readonly port: MessagePort) {
    port.on('message', (reply: Reply) => {
      if (isScratchReply(reply)) {
        this.scratchListener?.(reply);
        return;
      }
      const kind = kindOf(reply);
      const waiter = this.waiting.get(kind);
      if (waiter) {
        this.waiting.delete(kind);
        waiter(reply);
      } else {
        this.arrived.set(kind, reply);
      }
    });
    port.once('close', () => {
      this.closed = true;
      for (const waiter of this.waiting.values()) waiter(null);
      this.waiting.clear();
      this.scratchListener?.(null);
    });
  }

  post(message: PartMessage, transfer: ArrayBuffer[] = []): void {
    this.port.postMessage(message, transfer);
  }

  /** The reply of this kind, or null when the helper went away before sending it. */
  reply(kind: ReplyKind): Promise<Reply | null> {
    const early = this.arrived.get(kind);
    if (early) {
      this.arrived.delete(kind);
      return Promise.resolve(early);
    }
    if (this.closed) return Promise.resolve(null);
    return new Promise((resolve) => this.waiting.set(kind, resolve));
  }

  /** Hands each scratch acknowledgement to `listener` (null: the helper went away) until `stop`. */
  onScratch(listener: (reply: ScratchReply | null) => void): () => void {
    this.scratchListener = listener;
    if (this.closed) listener(null);
    return () => {
      if (this.scratchListener === listener) this.scratchListener = null;
    };
  }

  close(): void {
    this.port.close();
  }
}
