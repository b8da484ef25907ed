import type { PatronBridge } from '../../shared/bridge';
import type { CommandInput, CommandName, CommandOutput, EventMap, EventName } from '../../shared/contract';
import { PatronError, type Result } from '../../shared/errors';
import type { PatronCore } from '../core/core';
import type { Session } from '../core/session';

/** In-process calls into the core, for the CLI and integration tests. */
export interface DirectClient extends PatronBridge {
  readonly session: Session;
  /** Like invoke, but throws the error value as a PatronError — handy in scripts and tests. */
  call<K extends CommandName>(name: K, input: CommandInput<K>): Promise<CommandOutput<K>>;
}

export function createDirectClient(core: PatronCore, session: Session): DirectClient {
  const invoke = <K extends CommandName>(
    name: K,
    input: CommandInput<K>,
  ): Promise<Result<CommandOutput<K>>> =>
    core.invoke(session, name, input) as Promise<Result<CommandOutput<K>>>;
  return {
    session,
    invoke,
    on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void) {
      return core.events.on(event, listener);
    },
    async call<K extends CommandName>(name: K, input: CommandInput<K>): Promise<CommandOutput<K>> {
      const result = await invoke(name, input);
      if (!result.ok) {
        throw new PatronError(
          result.error.code,
          result.error.message,
          result.error.details as Record<string, unknown> | undefined,
        );
      }
      return result.value;
    },
  };
}
