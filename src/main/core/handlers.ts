import type { CommandArgs, CommandName, CommandOutput } from '../../shared/contract';
import type { CommandContext } from './context';

export type Handler<K extends CommandName> = (
  args: CommandArgs<K>,
  ctx: CommandContext,
) => CommandOutput<K> | Promise<CommandOutput<K>>;

/** A domain's handlers: exactly the commands it declares, each correctly typed. */
export type HandlerTable<K extends CommandName> = { readonly [P in K]: Handler<P> };
