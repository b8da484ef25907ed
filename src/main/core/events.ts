import type { EventMap, EventName } from '../../shared/contract';

type Listener<E extends EventName> = (payload: EventMap[E]) => void;
type AnyListener = (event: EventName, payload: EventMap[EventName]) => void;

/** In-process pub/sub; each transport forwards what it needs to its clients. */
export class EventBus {
  private readonly listeners = new Map<EventName, Set<Listener<EventName>>>();
  private readonly allListeners = new Set<AnyListener>();

  on<E extends EventName>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener as Listener<EventName>);
    return () => set.delete(listener as Listener<EventName>);
  }

  /** Every event, for transports that forward everything. */
  onAny(listener: AnyListener): () => void {
    this.allListeners.add(listener);
    return () => this.allListeners.delete(listener);
  }

  emit<E extends EventName>(event: E, payload: EventMap[E]): void {
    for (const listener of this.listeners.get(event) ?? []) listener(payload);
    for (const listener of this.allListeners) listener(event, payload);
  }
}
