/**
 * The analysing worker's end of the channel to its helper (see `read-part` in protocol.ts). The
 * helper answers requests one at a time, in the order it gets them, and several can be under way
 * at once (the model fits, then the side stages), so the replies are told apart by their kind
 * rather than taken as "the next message". The snapshot writer's acknowledgements, many per request,
 * go to whoever listens for them.
 */
import type { MessagePort } from 'node:worker_threads';
import type { PartMessage } from './protocol';

type Reply = Exclude<
  PartMessage,
  { type: 'split' | 'fit' | 'side' | 'snapshot-open' | 'snapshot-rows' | 'snapshot-close' }
>;
type SnapshotReply = Extract<Reply, { type: `snapshot-${string}` }>;
/** One reply kind per request: its result or its error. */
export type ReplyKind = 'part' | 'fit' | 'side';

function kindOf(reply: Exclude<Reply, SnapshotReply>): ReplyKind {
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
  }
}

const isSnapshotReply = (reply: Reply): reply is SnapshotReply => reply.type.startsWith('snapshot-');

export class HelperLink {
  private readonly waiting = new Map<ReplyKind, (reply: Reply | null) => void>();
  private readonly arrived = new Map<ReplyKind, Reply>();
  private snapshotListener: ((reply: SnapshotReply | null) => void) | null = null;
  private closed = false;

  constructor(private readonly port: MessagePort) {
    port.on('message', (reply: Reply) => {
      if (isSnapshotReply(reply)) {
        this.snapshotListener?.(reply);
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
      this.snapshotListener?.(null);
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

  /** Hands each snapshot-writing acknowledgement to `listener` (null: the helper went away) until `stop`. */
  onSnapshotWrite(listener: (reply: SnapshotReply | null) => void): () => void {
    this.snapshotListener = listener;
    if (this.closed) listener(null);
    return () => {
      if (this.snapshotListener === listener) this.snapshotListener = null;
    };
  }

  close(): void {
    this.port.close();
  }
}
