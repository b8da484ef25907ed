import { z } from 'zod';
import { contract, isCommandName, type CommandName } from '../../shared/contract';
import { fail, ok, PatronError, type Result } from '../../shared/errors';
import type { CommandContext, CoreContext } from './context';
import type { HandlerTable } from './handlers';
import type { Session } from './session';
import { logger } from './logger';

/** How long owner mode survives without activity. */
export const OWNER_IDLE_MS = 5 * 60_000;

/**
 * The single entry of every transport: checks the command exists, checks the
 * role declared in the contract against the session (in the main process,
 * never trusting the UI), validates the input with the contract's schema,
 * runs the handler and turns every failure into an error value.
 */
export async function dispatch(
  core: CoreContext,
  handlers: HandlerTable<CommandName>,
  session: Session,
  name: unknown,
  rawInput: unknown,
): Promise<Result<unknown>> {
  if (!isCommandName(name)) {
    return fail(
      'unknown_command',
      `There is no command called ${JSON.stringify(String(name)).slice(0, 80)}.`,
    );
  }
  const def = contract[name];
  if (def.role === 'owner' && session.role() !== 'owner') {
    return fail('forbidden', `Only the owner may do this (${name}). Unlock owner mode with the owner PIN.`, {
      command: name,
      requiredRole: 'owner',
    });
  }
  const parsed = (def.input as z.ZodType).safeParse(rawInput ?? {});
  if (!parsed.success) {
    return fail('invalid_input', z.prettifyError(parsed.error), {
      issues: parsed.error.issues.map((issue) => ({
        path: issue.path.map(String),
        message: issue.message,
        code: issue.code,
      })),
    });
  }
  // Only owner commands count as owner activity: a screen's background refetch must not keep
  // owner mode open forever (user input is reported separately, by `auth.activity`).
  if (def.role === 'owner') session.touch(OWNER_IDLE_MS);
  const changed = new Set<string>();
  const ctx: CommandContext = {
    ...core,
    // A restore swaps the writer under the running core; a spread would freeze the old one.
    get db() {
      return core.db;
    },
    get damaged() {
      return core.damaged;
    },
    singleton: core.singleton,
    session,
    markChanged: (...tables) => tables.forEach((t) => changed.add(t)),
  };
  try {
    const handler = handlers[name] as (args: unknown, ctx: CommandContext) => unknown;
    const value = def.mutates
      ? await core.writeGate.shared(() => {
          // A write that waited for the start-up check must not land once it found damage.
          if (core.damaged !== null)
            throw new PatronError('corrupt', 'The shop file is damaged. Restore it from a backup.');
          return handler(parsed.data, ctx);
        })
      : await handler(parsed.data, ctx);
    if (def.mutates) {
      core.events.emit('db.changed', { tables: changed.size > 0 ? [...changed] : [name.split('.')[0]!] });
    }
    return ok(value);
  } catch (error) {
    return errorToResult(name, error);
  }
}

function errorToResult(name: CommandName, error: unknown): Result<never> {
  if (error instanceof PatronError) return { ok: false, error: error.toValue() };
  if (error instanceof Error && 'code' in error && typeof error.code === 'string') {
    const sqliteCode = error.code;
    if (sqliteCode.startsWith('SQLITE_CONSTRAINT')) {
      return fail('conflict', 'This would break a rule of the shop file (a duplicate or a missing link).', {
        sqlite: sqliteCode,
      });
    }
    if (sqliteCode === 'SQLITE_BUSY') return fail('busy', 'The shop file is busy; try again in a moment.');
    if (sqliteCode === 'SQLITE_CORRUPT' || sqliteCode === 'SQLITE_NOTADB') {
      return fail('corrupt', 'The shop file is damaged. Restore it from a backup.', { sqlite: sqliteCode });
    }
  }
  // Never log the input or the message: either may quote names and phone
  // numbers. The error's type and stack frames are enough to find the bug.
  logger.error(`command ${name} failed`, redactedStack(error));
  return fail('internal', 'Something went wrong inside Patron. The problem was logged.', { command: name });
}

/** The stack frames of an error without its message (which may quote customer data). */
export function redactedStack(error: unknown): string {
  if (!(error instanceof Error)) return `non-Error thrown (${typeof error})`;
  const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  return [
    `${error.name}${'code' in error && typeof error.code === 'string' ? ` (${error.code})` : ''}`,
    ...frames,
  ].join('\n');
}
