import { describe, expect, it } from 'vitest';
import { formatPhoneForDisplay, normalizePhone } from '../../../src/shared/phone';

describe('normalizePhone', () => {
  it.each([
    ['13812345678', '+8613812345678'],
    ['138 1234 5678', '+8613812345678'],
    ['138-1234-5678', '+8613812345678'],
    ['１３８１２３４５６７８', '+8613812345678'],
    ['１３８\u3000１２３４\u3000５６７８', '+8613812345678'],
    ['+86 138 1234 5678', '+8613812345678'],
    ['＋８６ １３８１２３４５６７８', '+8613812345678'],
    ['008613812345678', '+8613812345678'],
    ['0086 138 1234 5678', '+8613812345678'],
    ['8613812345678', '+8613812345678'],
    ['tel:+8613812345678', '+8613812345678'],
    [' 13812345678 ', '+8613812345678'],
  ])('reads the mobile %j as %s', (raw, e164) => {
    const result = normalizePhone(raw, 'CN');
    expect(result).toMatchObject({
      ok: true,
      e164,
      digits: '13812345678',
      national: '138 1234 5678',
      country: 'CN',
    });
  });

  it('keeps the national significant number of a landline for suffix search', () => {
    expect(normalizePhone('010-12345678', 'CN')).toMatchObject({
      ok: true,
      e164: '+861012345678',
      national: '010 1234 5678',
      digits: '1012345678',
      type: 'FIXED_LINE',
    });
    expect(normalizePhone('(021)61234567', 'CN')).toMatchObject({ ok: true, e164: '+862161234567' });
  });

  it('reads a Chinese extension word', () => {
    expect(normalizePhone('010-12345678转12', 'CN')).toMatchObject({
      ok: true,
      e164: '+861012345678',
      extension: '12',
    });
    expect(normalizePhone('010-12345678 分机 305', 'CN')).toMatchObject({ ok: true, extension: '305' });
  });

  it('reads foreign numbers with + or 00 whatever the default country', () => {
    expect(normalizePhone('+44 20 7946 0958', 'CN')).toMatchObject({
      ok: true,
      e164: '+442079460958',
      country: 'GB',
    });
    expect(normalizePhone('0044 20 7946 0958', 'CN')).toMatchObject({ ok: true, e164: '+442079460958' });
    expect(normalizePhone('0044 20 7946 0958', 'US')).toMatchObject({ ok: true, e164: '+442079460958' });
    expect(normalizePhone('+852 9123 4567', 'CN')).toMatchObject({
      ok: true,
      e164: '+85291234567',
      country: 'HK',
    });
    expect(normalizePhone('(202) 555-0123', 'US')).toMatchObject({ ok: true, e164: '+12025550123' });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['abc', 'not_a_number'],
    ['1', 'too_short'],
    ['12', 'too_short'],
    ['12345678901', 'invalid'], // possible length, but no CN range starts 12
    ['1381234567', 'invalid'], // one digit missing from a mobile
    ['1.38123E+10', 'scientific_notation'],
    ['13812345678/13987654321', 'multiple_numbers'],
    ['13812345678、13987654321', 'multiple_numbers'],
    ['138 1234 5678 或 139 8765 4321', 'multiple_numbers'],
  ])('rejects %j as %s', (raw, reason) => {
    expect(normalizePhone(raw, 'CN')).toEqual({ ok: false, reason });
  });
});

describe('formatPhoneForDisplay', () => {
  it('shows home numbers nationally and foreign ones internationally', () => {
    expect(formatPhoneForDisplay('+8613812345678', 'CN')).toBe('138 1234 5678');
    expect(formatPhoneForDisplay('+442079460958', 'CN')).toBe('+44 20 7946 0958');
    expect(formatPhoneForDisplay('+8613812345678', 'GB')).toBe('+86 138 1234 5678');
  });

  it('shows unparseable input as typed', () => {
    expect(formatPhoneForDisplay(' ask at counter ', 'CN')).toBe('ask at counter');
  });
});
