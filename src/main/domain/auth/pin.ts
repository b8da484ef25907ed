/**
 * The owner's secret: rules for choosing it and scrypt hashing for storing it.
 *
 * Rules (decided for a shop counter, where the threat is a staff member or visitor guessing):
 * - a numeric PIN of 6–12 digits, or a password of 8–128 characters that is not only digits;
 * - PINs made of one repeated digit or a straight run (123456, 987654) are refused.
 * Six digits rather than four because the lockout in owner-session.ts limits guesses per lockout
 * window, but restarting the app is cheap: 10^4 PINs fall in hours of restarts, 10^6 take weeks.
 * Six is also what Chinese bank cards and payment apps use, so owners are used to it.
 *
 * Input is NFKC-normalised before both validation and hashing, so full-width digits typed with a
 * Chinese IME (１２３４５６) equal ASCII ones; surrounding spaces are dropped from PINs only.
 *
 * Hashing: scrypt from node:crypto, 16-byte random salt, N=2^15, r=8, p=3 — one of OWASP's
 * equivalent scrypt settings (32 MiB per hash, ~0.27 s on the 2-core build machine). The
 * parameters are stored inside the hash string, so they can be raised later: `needsRehash` says
 * when to re-hash after a successful unlock.
 */
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface ScryptParameters {
  /** log2 of the CPU/memory cost N. */
  readonly logN: number;
  /** Block size. */
  readonly r: number;
  /** Parallelisation. */
  readonly p: number;
  readonly keyLength: number;
  readonly saltLength: number;
}

export const DEFAULT_SCRYPT_PARAMETERS: ScryptParameters = Object.freeze({
  logN: 15,
  r: 8,
  p: 3,
  keyLength: 32,
  saltLength: 16,
});

/** Bounds for parameters read back from storage: a tampered hash must not make verification take hours. */
const PARAMETER_BOUNDS = {
  logN: { min: 10, max: 20 },
  r: { min: 1, max: 32 },
  p: { min: 1, max: 16 },
  keyLength: { min: 16, max: 64 },
  saltLength: { min: 16, max: 64 },
} as const;

export const PIN_MIN_DIGITS = 6;
export const PIN_MAX_DIGITS = 12;
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

const HASH_PREFIX = 'scrypt';

export type OwnerSecretKind = 'pin' | 'password';

export type OwnerSecretProblem =
  | 'empty'
  | 'pin-too-short'
  | 'pin-too-long'
  | 'pin-trivial'
  | 'password-too-short'
  | 'password-too-long'
  | 'control-characters';

export type OwnerSecretValidation =
  | { readonly ok: true; readonly kind: OwnerSecretKind }
  | { readonly ok: false; readonly problem: OwnerSecretProblem };

const ALL_DIGITS = /^[0-9]+$/;
// Control characters (C0, DEL, C1): invisible and impossible to type again reliably.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

/** NFKC, and for PINs without surrounding whitespace (an IME or a numpad can add a space). */
export function normalizeOwnerSecret(input: string): string {
  const normalized = input.normalize('NFKC');
  const trimmed = normalized.trim();
  return ALL_DIGITS.test(trimmed) ? trimmed : normalized;
}

function isTrivialPin(pin: string): boolean {
  if (/^(\d)\1*$/.test(pin)) return true;
  const digits = [...pin].map(Number);
  const steps = new Set(digits.slice(1).map((digit, index) => digit - (digits[index] ?? 0)));
  return steps.size === 1 && (steps.has(1) || steps.has(-1));
}

/** Checks a new owner secret against the rules above (call before `hashOwnerSecret`). */
export function validateOwnerSecret(input: string): OwnerSecretValidation {
  const secret = normalizeOwnerSecret(input);
  if (secret.trim().length === 0) return { ok: false, problem: 'empty' };
  if (CONTROL_CHARACTERS.test(secret)) return { ok: false, problem: 'control-characters' };
  if (ALL_DIGITS.test(secret)) {
    if (secret.length < PIN_MIN_DIGITS) return { ok: false, problem: 'pin-too-short' };
    if (secret.length > PIN_MAX_DIGITS) return { ok: false, problem: 'pin-too-long' };
    if (isTrivialPin(secret)) return { ok: false, problem: 'pin-trivial' };
    return { ok: true, kind: 'pin' };
  }
  // Length in code points, so a Chinese pass phrase counts characters, not UTF-16 units.
  const length = [...secret].length;
  if (length < PASSWORD_MIN_LENGTH) return { ok: false, problem: 'password-too-short' };
  if (length > PASSWORD_MAX_LENGTH) return { ok: false, problem: 'password-too-long' };
  return { ok: true, kind: 'password' };
}

function deriveKey(secret: string, salt: Buffer, parameters: ScryptParameters): Promise<Buffer> {
  const N = 2 ** parameters.logN;
  const options: ScryptOptions = {
    N,
    r: parameters.r,
    p: parameters.p,
    // Node's default limit (32 MiB) rejects N=2^15, r=8 outright; allow twice the working set.
    maxmem: 256 * N * parameters.r,
  };
  return new Promise((resolve, reject) => {
    scryptCallback(secret, salt, parameters.keyLength, options, (error, key) => {
      if (error) reject(error);
      else resolve(key);
    });
  });
}

function assertWithinBounds(parameters: ScryptParameters): void {
  for (const name of Object.keys(PARAMETER_BOUNDS) as (keyof typeof PARAMETER_BOUNDS)[]) {
    const value = parameters[name];
    const { min, max } = PARAMETER_BOUNDS[name];
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new Error(`scrypt ${name}=${value} is outside ${min}..${max}`);
    }
  }
}

export interface StoredOwnerSecretHash {
  readonly parameters: ScryptParameters;
  readonly salt: Buffer;
  readonly hash: Buffer;
}

/** Format: `scrypt$ln=15,r=8,p=3$<salt base64>$<hash base64>` (PHC-style, base64 without padding). */
export function formatStoredHash(stored: StoredOwnerSecretHash): string {
  const { logN, r, p } = stored.parameters;
  return [
    HASH_PREFIX,
    `ln=${logN},r=${r},p=${p}`,
    stored.salt.toString('base64url'),
    stored.hash.toString('base64url'),
  ].join('$');
}

/** Parses a stored hash; `null` when it is not one this module wrote or its parameters are out of bounds. */
export function parseStoredHash(value: string): StoredOwnerSecretHash | null {
  const parts = value.split('$');
  if (parts.length !== 4 || parts[0] !== HASH_PREFIX) return null;
  const match = /^ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})$/.exec(parts[1] ?? '');
  const saltText = parts[2] ?? '';
  const hashText = parts[3] ?? '';
  if (match === null || !/^[A-Za-z0-9_-]+$/.test(saltText) || !/^[A-Za-z0-9_-]+$/.test(hashText)) return null;
  const salt = Buffer.from(saltText, 'base64url');
  const hash = Buffer.from(hashText, 'base64url');
  const parameters: ScryptParameters = {
    logN: Number(match[1]),
    r: Number(match[2]),
    p: Number(match[3]),
    keyLength: hash.length,
    saltLength: salt.length,
  };
  try {
    assertWithinBounds(parameters);
  } catch {
    return null;
  }
  return { parameters, salt, hash };
}

/**
 * Hashes a secret that passed `validateOwnerSecret`. Async so ~0.3 s of scrypt does not block the
 * main process. Tests may pass cheaper parameters.
 */
export async function hashOwnerSecret(
  secret: string,
  parameters: ScryptParameters = DEFAULT_SCRYPT_PARAMETERS,
): Promise<string> {
  assertWithinBounds(parameters);
  const validation = validateOwnerSecret(secret);
  if (!validation.ok) throw new Error(`owner secret rejected: ${validation.problem}`);
  const salt = randomBytes(parameters.saltLength);
  const hash = await deriveKey(normalizeOwnerSecret(secret), salt, parameters);
  return formatStoredHash({ parameters, salt, hash });
}

/**
 * Compares a typed secret with the stored hash in constant time. Throws when the stored value is
 * not a valid hash: corrupt settings must surface as an error, not as "wrong PIN" and a lockout.
 */
export async function verifyOwnerSecret(candidate: string, storedHash: string): Promise<boolean> {
  const stored = parseStoredHash(storedHash);
  if (stored === null) throw new Error('stored owner secret hash is malformed');
  const normalized = normalizeOwnerSecret(candidate);
  // Over-long input is rejected before scrypt, so a pasted megabyte cannot stall main.
  if (normalized.length === 0 || normalized.length > PASSWORD_MAX_LENGTH * 4) return false;
  const derived = await deriveKey(normalized, stored.salt, stored.parameters);
  return derived.length === stored.hash.length && timingSafeEqual(derived, stored.hash);
}

/** True when the stored hash used weaker parameters than `current` (re-hash after the next unlock). */
export function needsRehash(
  storedHash: string,
  current: ScryptParameters = DEFAULT_SCRYPT_PARAMETERS,
): boolean {
  const stored = parseStoredHash(storedHash);
  if (stored === null) return true;
  const p = stored.parameters;
  return (
    p.logN < current.logN ||
    p.r < current.r ||
    p.p < current.p ||
    p.keyLength < current.keyLength ||
    p.saltLength < current.saltLength
  );
}
