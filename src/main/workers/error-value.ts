import { PatronError, type ErrorValue } from '../../shared/errors';

/** A value a worker threw, as the error value it posts to main: a PatronError as it is, anything else 'internal'. */
export function errorValueOf(error: unknown): ErrorValue {
  if (error instanceof PatronError) return error.toValue();
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}
