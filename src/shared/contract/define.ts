import type { z } from 'zod';

/** Who may run a command. The router checks it in the main process, never the UI. */
export type Role = 'staff' | 'owner';

export interface CommandDef<I extends z.ZodType = z.ZodType, O = unknown> {
  /** Validated by the router before the handler runs. */
  readonly input: I;
  /** Phantom: carries the output type for the compiler; never set at run time. */
  readonly output?: O;
  /** Mutating commands emit `db.changed` and are refused on read-only shops. */
  readonly mutates: boolean;
  readonly role: Role;
}

/**
 * Declares one command. Curried so the output type is written explicitly
 * while the input type is inferred from the zod schema:
 *
 *   'customers.get': command<CustomerDetail>()({ input: z.object({ id }), mutates: false, role: 'staff' })
 */
export function command<O>() {
  return <I extends z.ZodType>(def: { input: I; mutates: boolean; role: Role }): CommandDef<I, O> => def;
}
