import type { z } from 'zod';
import type { CommandDef } from './define';
import { shopCommands } from './shop';
import { authCommands } from './auth';
import { auditCommands } from './audit';
import { privacyCommands } from './privacy';
import { salesCommands } from './sales';
import { careCommands } from './care';
import { cardCommands } from './card';
import { customerCommands } from './customers';
import { analysisCommands } from './analysis';
import { loyaltyCommands } from './loyalty';
import { transferCommands } from './transfer';
import { backupCommands } from './backup';

export * from './define';
export * from './events';

/**
 * The one command contract. Each domain declares its commands in its own file
 * and is spread in here once; the router, the handler table and the renderer's
 * `invoke` are all typed from this object, so a missing handler or a wrong
 * argument is a compile error.
 */
export const contract = {
  ...shopCommands,
  ...authCommands,
  ...auditCommands,
  ...privacyCommands,
  ...salesCommands,
  ...careCommands,
  ...cardCommands,
  ...customerCommands,
  ...analysisCommands,
  ...loyaltyCommands,
  ...transferCommands,
  ...backupCommands,
} as const;

export type Contract = typeof contract;
export type CommandName = keyof Contract;
/** What callers pass (defaults may be omitted). */
export type CommandInput<K extends CommandName> = z.input<Contract[K]['input']>;
/** What handlers receive, after validation and defaults. */
export type CommandArgs<K extends CommandName> = z.output<Contract[K]['input']>;
export type CommandOutput<K extends CommandName> =
  Contract[K] extends CommandDef<z.ZodType, infer O> ? O : never;

export const commandNames = Object.keys(contract) as CommandName[];

export function isCommandName(value: unknown): value is CommandName {
  return typeof value === 'string' && Object.hasOwn(contract, value);
}
