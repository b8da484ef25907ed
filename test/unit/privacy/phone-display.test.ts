import { describe, expect, it } from 'vitest';
import {
  formatPhoneForDisplay,
  isMaskedPhone,
  maskPhoneForDisplay,
  normalizePhone,
} from '../../../src/shared/phone';

describe('phone display: grouped the way people read numbers', () => {
  it.each([
    ['+8617351241476', 'CN', '173 5124 1476'],
    ['+861012345678', 'CN', '010 1234 5678'],
    ['+85291234567', 'CN', '+852 9123 4567'],
    ['+12015550123', 'CN', '+1 201 555 0123'],
    ['+12015550123', 'US', '(201) 555-0123'],
    ['+8617351241476', 'US', '+86 173 5124 1476'],
  ] as const)('%s in a %s shop → %s', (stored, country, shown) => {
    expect(formatPhoneForDisplay(stored, country)).toBe(shown);
    // What is shown can be typed back into search or the form and means the same number.
    const back = normalizePhone(shown, country);
    expect(back.ok && back.e164).toBe(stored);
  });
});

describe('masked display for staff', () => {
  it.each([
    ['+8617351241476', 'CN', '173 **** 1476'],
    ['+861012345678', 'CN', '010 **** 5678'],
    ['+12015550123', 'US', '(201) ***-0123'],
    ['+442079460958', 'CN', '+44 ** **** 0958'],
  ] as const)('%s in a %s shop → %s', (stored, country, masked) => {
    expect(maskPhoneForDisplay(stored, country)).toBe(masked);
    expect(isMaskedPhone(masked)).toBe(true);
    // The formatter leaves a masked number alone instead of mangling it.
    expect(formatPhoneForDisplay(masked, country)).toBe(masked);
  });

  it('keeps only the last four digits of something that is not a phone number', () => {
    expect(maskPhoneForDisplay('12345', 'CN')).toBe('*2345');
  });
});
