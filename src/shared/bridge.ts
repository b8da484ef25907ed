import type { CommandInput, CommandName, CommandOutput, EventMap, EventName } from './contract';
import type { Result } from './errors';

/**
 * What the renderer sees as `window.patron` (Electron preload) or builds over
 * fetch + server-sent events (browser preview). Listeners receive the payload
 * only, never a transport event object.
 */
export interface PatronBridge {
  invoke<K extends CommandName>(name: K, input: CommandInput<K>): Promise<Result<CommandOutput<K>>>;
  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void;
}
