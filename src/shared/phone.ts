/**
 * Phone numbers: one normaliser for every place a number enters the app (counter search, customer
 * form, CSV/XLSX import), so the same person typed three ways lands on the same E.164 string.
 *
 * Metadata choice: `libphonenumber-js/max`. The `min` set only checks possible lengths, so it
 * accepts `12345678901` as a Chinese number; `max` checks the number ranges (a CN mobile must
 * start 13–19) and can tell mobile from fixed line. The cost is ~145 kB instead of ~80 kB in the
 * renderer bundle, which is irrelevant for a desktop app and worth the fewer junk records.
 *
 * Pure: no Node APIs, used by both the renderer and the main process.
 */
import {
  parsePhoneNumberFromString,
  validatePhoneNumberLength,
  type CountryCode,
  type NumberType,
} from 'libphonenumber-js/max';

export type { CountryCode } from 'libphonenumber-js/max';

export type PhoneRejectReason =
  | 'empty'
  | 'not_a_number'
  | 'too_short'
  | 'too_long'
  | 'invalid_country'
  | 'invalid'
  /** Excel turned the number into 1.38123E+10: digits are lost and cannot be recovered. */
  | 'scientific_notation'
  /** Two numbers in one cell ("138… / 139…"): the importer must not guess which one is meant. */
  | 'multiple_numbers';

export interface NormalizedPhone {
  ok: true;
  /** +8613812345678 — the stored, unique form. */
  e164: string;
  /** 138 1234 5678 — the country's own written form (with trunk prefix for landlines: 010 …). */
  national: string;
  /** National significant number, digits only (13812345678, 1012345678): for suffix search. */
  digits: string;
  country: CountryCode | undefined;
  callingCode: string;
  /** Present only when the input carried one (010-12345678 转 12 / ext. 12). */
  extension: string | undefined;
  type: NumberType;
}

export interface RejectedPhone {
  ok: false;
  reason: PhoneRejectReason;
}

export type PhoneResult = NormalizedPhone | RejectedPhone;

const SCIENTIFIC = /^[+-]?\d+(?:\.\d+)?e[+-]?\d+$/i;
// A cell holding two numbers: two runs of ≥ 7 digits split by a list separator or a word.
const MULTIPLE = /\d[\d\s-]{6,}\s*(?:[/,;，；、|]|\s{2,}|或|or)\s*\+?\d[\d\s-]{6,}/i;

/**
 * Pre-cleans what people and spreadsheets really type before libphonenumber sees it:
 * full-width digits and punctuation (NFKC), the `tel:` prefix, Chinese extension words, and the
 * `00` international prefix (used by China and most of the world; libphonenumber only knows it
 * when the default country is one that dials 00).
 */
function preclean(raw: string): string {
  let text = raw.normalize('NFKC').trim();
  text = text.replace(/^tel:/i, '');
  text = text.replace(/\s*(?:转|分机|分機|内线|ext\.?|x)\s*(\d{1,6})\s*$/i, ' ext. $1');
  text = text.replace(/^\s*00(?=[1-9])/, '+');
  return text.trim();
}

export function normalizePhone(raw: string, defaultCountry: CountryCode): PhoneResult {
  const text = preclean(raw);
  if (text === '') return { ok: false, reason: 'empty' };
  if (SCIENTIFIC.test(text)) return { ok: false, reason: 'scientific_notation' };
  if (MULTIPLE.test(text)) return { ok: false, reason: 'multiple_numbers' };

  const parsed = parsePhoneNumberFromString(text, defaultCountry);
  if (parsed === undefined || !parsed.isValid()) {
    const lengthProblem = validatePhoneNumberLength(text, defaultCountry);
    switch (lengthProblem) {
      case 'TOO_SHORT':
        return { ok: false, reason: 'too_short' };
      case 'TOO_LONG':
        return { ok: false, reason: 'too_long' };
      case 'INVALID_COUNTRY':
        return { ok: false, reason: 'invalid_country' };
      case 'NOT_A_NUMBER':
        return { ok: false, reason: 'not_a_number' };
      default:
        return { ok: false, reason: 'invalid' };
    }
  }
  return {
    ok: true,
    e164: parsed.number,
    national: parsed.formatNational(),
    digits: parsed.nationalNumber,
    country: parsed.country,
    callingCode: parsed.countryCallingCode,
    extension: parsed.ext,
    type: parsed.getType(),
  };
}

/**
 * Display form, the one formatter for every screen (lists, card, search, print): the national
 * form for numbers of the shop's own country (what staff dial: `173 5124 1476`, `010 1234 5678`),
 * the international form for anything foreign (`+1 201 555 0123`). Input that does not parse is
 * shown as typed, because hiding a stored value would be worse than showing it unformatted; a
 * number the core masked for staff passes through untouched.
 */
export function formatPhoneForDisplay(value: string, shopCountry: CountryCode): string {
  if (isMaskedPhone(value)) return value;
  const parsed = parsePhoneNumberFromString(preclean(value), shopCountry);
  if (parsed === undefined || !parsed.isPossible()) return value.trim();
  return parsed.country === shopCountry ? parsed.formatNational() : parsed.formatInternational();
}

/** The character that stands for a hidden digit; never a digit, so search keys cannot contain it. */
export const MASK_CHARACTER = '*';

/** True for a number the core already masked for this caller: it must be shown exactly as sent. */
export function isMaskedPhone(value: string): boolean {
  return value.includes(MASK_CHARACTER);
}

/**
 * The display form with the middle hidden, `173 **** 1476`: the first group of digits (mobile
 * prefix, area code or calling code) and the last four stay readable, which is what staff need
 * to tell two customers apart and to confirm a number read out at the counter. Unparseable
 * input keeps only its last four digits.
 */
export function maskPhoneForDisplay(value: string, shopCountry: CountryCode): string {
  const shown = formatPhoneForDisplay(value, shopCountry);
  const digitPositions = [...shown].flatMap((ch, index) => (/\d/.test(ch) ? [index] : []));
  const keep = new Set(digitPositions.slice(-4));
  const parsed = parsePhoneNumberFromString(preclean(value), shopCountry);
  if (parsed !== undefined && parsed.isPossible()) {
    const firstGroup = /\d+/.exec(shown);
    // Keep the first group only when something is left to hide after it and the last four.
    if (firstGroup && digitPositions.length - firstGroup[0].length > 4) {
      for (let i = 0; i < firstGroup[0].length; i += 1) keep.add(firstGroup.index + i);
    }
  }
  return [...shown].map((ch, index) => (/\d/.test(ch) && !keep.has(index) ? MASK_CHARACTER : ch)).join('');
}
