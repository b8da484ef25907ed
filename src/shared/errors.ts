/**
 * Error codes that cross the command boundary. Only plain data crosses IPC
 * (Electron keeps nothing but `message` of a thrown Error), so every failure
 * is returned as a value with one of these codes; the renderer translates
 * the code (`errors.<code>`) and may show `message` as detail.
 */
export const errorCodes = [
  'invalid_input',
  'unknown_command',
  'forbidden',
  'unauthorized',
  'owner_locked',
  'not_found',
  'conflict',
  'not_initialized',
  'already_initialized',
  'schema_too_new',
  'invalid_transition',
  'busy',
  'cancelled',
  'corrupt',
  'io_error',
  'internal',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export interface ErrorValue {
  readonly code: ErrorCode;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export type Result<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ErrorValue };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode, message: string, details?: Record<string, unknown>): Result<never> {
  return { ok: false, error: details ? { code, message, details } : { code, message } };
}

/**
 * Thrown inside services where unwinding is the natural control flow (e.g.
 * from deep inside a transaction, which must roll back); the router turns it
 * into an error value before it leaves the core.
 */
export class PatronError extends Error {
  override readonly name = 'PatronError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }

  toValue(): ErrorValue {
    return this.details
      ? { code: this.code, message: this.message, details: this.details }
      : { code: this.code, message: this.message };
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (errorCodes as readonly string[]).includes(value);
}
