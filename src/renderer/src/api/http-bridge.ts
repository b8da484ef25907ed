import type { PatronBridge } from '../../../shared/bridge';
import type { EventMap, EventName } from '../../../shared/contract';
import { eventNames } from '../../../shared/contract';
import type { Result } from '../../../shared/errors';

function meta(name: string): string | null {
  return document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content ?? null;
}

/**
 * The browser preview's bridge: the same `invoke`/`on` as the Electron
 * preload, over fetch and server-sent events to the loopback server that
 * served this page (its token and session id are in meta tags).
 */
export function createHttpBridge(): PatronBridge | null {
  const token = meta('patron-token');
  if (!token) return null;
  const session = meta('patron-session') ?? '';
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const source = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
  for (const name of eventNames) {
    source.addEventListener(name, (event) => {
      const payload = JSON.parse((event as MessageEvent<string>).data) as unknown;
      listeners.get(name)?.forEach((listener) => listener(payload));
    });
  }
  return {
    async invoke(name, input) {
      try {
        const response = await fetch(`/api/invoke/${name}`, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            'X-Patron-Token': token,
            'X-Patron-Session': session,
          },
          body: JSON.stringify(input ?? {}),
        });
        return (await response.json()) as Awaited<ReturnType<PatronBridge['invoke']>>;
      } catch (error) {
        return {
          ok: false,
          error: { code: 'io_error', message: `Patron's preview server did not answer (${String(error)}).` },
        } as Result<never>;
      }
    },
    on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void) {
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
      }
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
  };
}
