import { parseArgs, type ParseArgsConfig } from 'node:util';

export interface CliOption {
  readonly type: 'string' | 'boolean';
  readonly description: string;
  readonly short?: string;
}
type OptionSpec = Readonly<Record<string, CliOption>>;

export interface CliCommand<O extends OptionSpec = OptionSpec> {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** The usage line(s) after `patron`, e.g. `stats --db FILE [--json]`. */
  readonly usage: string;
  readonly options: O;
  /** Option names that must be given. */
  readonly required?: readonly (keyof O & string)[];
  /** Whether free positional arguments are accepted (e.g. `import customers FILE`). */
  readonly positionals?: { readonly min: number; readonly max: number; readonly names: string };
  run(values: ParsedValues<O>, positionals: string[], io: CliIo): Promise<number>;
}

export type ParsedValues<O extends OptionSpec> = {
  [K in keyof O]?: O[K] extends { type: 'boolean' } ? boolean : string;
};

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** A command-line mistake: printed with the usage, exit code 2. */
export class UsageError extends Error {}

export function defineCliCommand<O extends OptionSpec>(command: CliCommand<O>): CliCommand<O> {
  return command;
}

export function helpText(command: CliCommand): string {
  const lines = [`Usage: npm run cli -- ${command.usage}`, '', command.summary];
  const entries = Object.entries(command.options);
  if (entries.length > 0) {
    lines.push('', 'Options:');
    for (const [name, spec] of entries) {
      const description = spec.description;
      lines.push(`  --${name}${spec.type === 'string' ? ' VALUE' : ''}`.padEnd(26) + description);
    }
  }
  return lines.join('\n');
}

export function parseCommandArgs<O extends OptionSpec>(
  command: CliCommand<O>,
  argv: string[],
): { values: ParsedValues<O>; positionals: string[] } {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      options: stripDescriptions(command.options),
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const positionals = parsed.positionals;
  const limits = command.positionals ?? { min: 0, max: 0, names: '' };
  if (positionals.length < limits.min) throw new UsageError(`Missing ${limits.names}.`);
  if (positionals.length > limits.max)
    throw new UsageError(`Unexpected argument: ${positionals[limits.max]}`);
  for (const name of command.required ?? []) {
    if (parsed.values[name] === undefined) throw new UsageError(`--${name} is required.`);
  }
  return { values: parsed.values as ParsedValues<O>, positionals };
}

function stripDescriptions(options: OptionSpec): NonNullable<ParseArgsConfig['options']> {
  const out: NonNullable<ParseArgsConfig['options']> = {};
  for (const [name, spec] of Object.entries(options)) {
    out[name] = spec.short ? { type: spec.type, short: spec.short } : { type: spec.type };
  }
  return out;
}

/** Parses a positive integer option, or throws a usage error naming it. */
export function intOption(value: string | undefined, name: string, fallback?: number): number {
  if (value === undefined) {
    if (fallback === undefined) throw new UsageError(`--${name} is required.`);
    return fallback;
  }
  if (!/^-?\d+$/.test(value)) throw new UsageError(`--${name} must be a whole number, got "${value}".`);
  return Number(value);
}

export function oneOf<T extends string>(
  value: string | undefined,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--${name} must be one of ${allowed.join(', ')}; got "${value}".`);
  }
  return value as T;
}
