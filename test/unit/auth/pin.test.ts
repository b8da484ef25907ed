import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SCRYPT_PARAMETERS,
  formatStoredHash,
  hashOwnerSecret,
  needsRehash,
  normalizeOwnerSecret,
  parseStoredHash,
  validateOwnerSecret,
  verifyOwnerSecret,
  type ScryptParameters,
} from '../../../src/main/domain/auth/pin';

// Cheap parameters keep the suite fast; one test below uses the production ones.
const FAST: ScryptParameters = { logN: 10, r: 8, p: 1, keyLength: 32, saltLength: 16 };

describe('validateOwnerSecret', () => {
  it.each([
    ['6-digit PIN', '204817', 'pin'],
    ['12-digit PIN', '204817204817', 'pin'],
    ['PIN typed with a full-width IME', '２０４８１７', 'pin'],
    ['PIN with a stray space', ' 204817 ', 'pin'],
    ['8-character password', 'tea4shop', 'password'],
    ['Chinese pass phrase of 8 characters', '老王茶馆开门大吉', 'password'],
    ['password with inner spaces', 'open sesame', 'password'],
  ] as const)('accepts a %s', (_label, secret, kind) => {
    expect(validateOwnerSecret(secret)).toEqual({ ok: true, kind });
  });

  it.each([
    ['empty', '', 'empty'],
    ['blank', '   ', 'empty'],
    ['4-digit PIN', '2048', 'pin-too-short'],
    ['5-digit PIN', '20481', 'pin-too-short'],
    ['13-digit PIN', '2048172048172', 'pin-too-long'],
    ['repeated digit', '000000', 'pin-trivial'],
    ['ascending run', '123456', 'pin-trivial'],
    ['descending run', '9876543210', 'pin-trivial'],
    ['full-width ascending run', '１２３４５６', 'pin-trivial'],
    ['short password', 'tea4two', 'password-too-short'],
    ['7 Chinese characters', '老王茶馆开门大', 'password-too-short'],
    ['129-character password', 'x'.repeat(129), 'password-too-long'],
    ['control character', 'secret\u0007pass', 'control-characters'],
  ] as const)('rejects %s', (_label, secret, problem) => {
    expect(validateOwnerSecret(secret)).toEqual({ ok: false, problem });
  });

  it('counts code points, not UTF-16 units', () => {
    expect(validateOwnerSecret('𠀀'.repeat(8))).toEqual({ ok: true, kind: 'password' });
  });
});

describe('normalizeOwnerSecret', () => {
  it('maps full-width digits and trims PINs only', () => {
    expect(normalizeOwnerSecret('２０４８１７')).toBe('204817');
    expect(normalizeOwnerSecret(' 204817\t')).toBe('204817');
    expect(normalizeOwnerSecret(' pass word ')).toBe(' pass word ');
  });
});

describe('hashOwnerSecret / verifyOwnerSecret', () => {
  it('verifies the right secret and rejects others', async () => {
    const stored = await hashOwnerSecret('204817', FAST);
    expect(await verifyOwnerSecret('204817', stored)).toBe(true);
    expect(await verifyOwnerSecret('204818', stored)).toBe(false);
    expect(await verifyOwnerSecret('', stored)).toBe(false);
  });

  it('treats full-width input as the same PIN', async () => {
    const stored = await hashOwnerSecret('204817', FAST);
    expect(await verifyOwnerSecret('２０４８１７', stored)).toBe(true);
  });

  it('salts: the same secret hashes differently each time', async () => {
    const first = await hashOwnerSecret('tea4shop', FAST);
    const second = await hashOwnerSecret('tea4shop', FAST);
    expect(first).not.toBe(second);
    expect(parseStoredHash(first)?.salt).toHaveLength(16);
  });

  it('stores the parameters with the hash', async () => {
    const stored = await hashOwnerSecret('tea4shop', FAST);
    expect(stored).toMatch(/^scrypt\$ln=10,r=8,p=1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(parseStoredHash(stored)?.parameters).toEqual(FAST);
  });

  it('refuses to hash a secret that breaks the rules', async () => {
    await expect(hashOwnerSecret('1234', FAST)).rejects.toThrow(/pin-too-short/);
  });

  it('throws on a malformed stored hash instead of answering "wrong PIN"', async () => {
    await expect(verifyOwnerSecret('204817', 'plain-text-204817')).rejects.toThrow(/malformed/);
  });

  it('refuses stored parameters that would make verification hang', () => {
    const salt = Buffer.alloc(16, 1);
    const hash = Buffer.alloc(32, 2);
    const huge = formatStoredHash({ parameters: { ...FAST, logN: 30 }, salt, hash });
    expect(parseStoredHash(huge)).toBeNull();
    const shortSalt = formatStoredHash({ parameters: FAST, salt: Buffer.alloc(4), hash });
    expect(parseStoredHash(shortSalt)).toBeNull();
  });

  it('detects a tampered hash', async () => {
    const stored = await hashOwnerSecret('204817', FAST);
    const parsed = parseStoredHash(stored);
    if (parsed === null) throw new Error('expected a parseable hash');
    const flipped = Buffer.from(parsed.hash);
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(await verifyOwnerSecret('204817', formatStoredHash({ ...parsed, hash: flipped }))).toBe(false);
  });

  it('works with the production parameters (timing printed, not asserted)', async () => {
    const started = performance.now();
    const stored = await hashOwnerSecret('204817');
    const hashedMs = performance.now() - started;
    expect(parseStoredHash(stored)?.parameters).toEqual(DEFAULT_SCRYPT_PARAMETERS);
    expect(await verifyOwnerSecret('204817', stored)).toBe(true);
    console.info(`scrypt N=2^15 r=8 p=3: hash took ${hashedMs.toFixed(0)} ms`);
  });
});

describe('needsRehash', () => {
  it('asks for a re-hash when stored parameters are weaker than current ones', async () => {
    const weak = await hashOwnerSecret('204817', FAST);
    expect(needsRehash(weak)).toBe(true);
    expect(needsRehash(weak, FAST)).toBe(false);
    expect(needsRehash(weak, { ...FAST, p: 2 })).toBe(true);
    expect(needsRehash('garbage')).toBe(true);
  });
});
