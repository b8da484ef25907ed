import {
  useMutation,
  useQuery,
  type QueryClient,
  type UseMutationOptions,
  type UseQueryOptions,
} from '@tanstack/react-query';
import type { CommandInput, CommandName, CommandOutput } from '../../../shared/contract';
import type { ErrorCode, ErrorValue } from '../../../shared/errors';
import { getBridge } from './bridge';

/** A command's error value, thrown so TanStack Query sees a failure. */
export class CommandError extends Error {
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>> | undefined;
  constructor(error: ErrorValue) {
    super(error.message);
    this.code = error.code;
    this.details = error.details;
  }
}

export async function invoke<K extends CommandName>(
  name: K,
  input: CommandInput<K>,
): Promise<CommandOutput<K>> {
  const bridge = getBridge();
  if (!bridge) throw new CommandError({ code: 'io_error', message: 'Patron is not connected to its core.' });
  const result = await bridge.invoke(name, input);
  if (!result.ok) throw new CommandError(result.error);
  return result.value;
}

/** Query keys start with the command name, so a domain's queries can be invalidated together. */
export function commandKey<K extends CommandName>(name: K, input?: CommandInput<K>): readonly unknown[] {
  return input === undefined ? [name] : [name, input];
}

export function useCommand<K extends CommandName>(
  name: K,
  input: CommandInput<K>,
  options: Omit<UseQueryOptions<CommandOutput<K>, CommandError>, 'queryKey' | 'queryFn'> = {},
) {
  return useQuery<CommandOutput<K>, CommandError>({
    queryKey: commandKey(name, input),
    queryFn: () => invoke(name, input),
    ...options,
  });
}

export function useCommandMutation<K extends CommandName>(
  name: K,
  options: Omit<UseMutationOptions<CommandOutput<K>, CommandError, CommandInput<K>>, 'mutationFn'> = {},
) {
  return useMutation<CommandOutput<K>, CommandError, CommandInput<K>>({
    mutationFn: (input) => invoke(name, input),
    ...options,
  });
}

/**
 * Pushes from the core keep every screen current: any `db.changed` marks all
 * cached command results stale (cheap — only mounted queries refetch, and
 * long lists fetch one page at a time).
 */
export function connectInvalidation(queryClient: QueryClient): () => void {
  const bridge = getBridge();
  if (!bridge) return () => undefined;
  return bridge.on('db.changed', () => {
    void queryClient.invalidateQueries();
  });
}
