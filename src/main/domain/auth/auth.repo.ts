import type { ReadableDB, WritableDB } from '../../db/connection';
import { readSetting, writeSetting } from '../shop/shop.repo';
import type { FailureRecord } from './owner-session';

/** Shop-wide: the scrypt hash string of the owner PIN or password (pin.ts format). */
const OWNER_SECRET_KEY = 'auth.ownerSecretHash';
/** This PC only: wrong-PIN bookkeeping, so restarting the app does not reset a lockout. */
const FAILURE_RECORD_KEY = 'auth.ownerLockout';

export function readOwnerSecretHash(db: ReadableDB): string | null {
  const value = readSetting(db, 'shop_settings', OWNER_SECRET_KEY);
  return typeof value === 'string' ? value : null;
}

export function writeOwnerSecretHash(db: WritableDB, hash: string, at: string): void {
  writeSetting(db, 'shop_settings', OWNER_SECRET_KEY, hash, at);
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function readFailureRecord(db: ReadableDB): FailureRecord | null {
  const value = readSetting(db, 'local_settings', FAILURE_RECORD_KEY);
  if (typeof value !== 'object' || value === null) return null;
  const record = value as Record<string, unknown>;
  return {
    failedAttempts: numberOrNull(record.failedAttempts) ?? 0,
    lockoutLevel: numberOrNull(record.lockoutLevel) ?? 0,
    lockedUntilMs: numberOrNull(record.lockedUntilMs),
    lastFailureAtMs: numberOrNull(record.lastFailureAtMs),
  };
}

export function writeFailureRecord(db: WritableDB, record: FailureRecord, at: string): void {
  writeSetting(db, 'local_settings', FAILURE_RECORD_KEY, record, at);
}
