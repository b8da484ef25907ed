/**
 * Turns mapped rows of strings into validated customer or purchase drafts, and drafts back into
 * export values. Every rejection names the field and carries an i18n-ready code plus params
 * (`{ code: 'invalid_phone', field: 'phone', value: '138', params: { reason: 'too_short' } }`),
 * so the import report can list each rejected line with a translated reason.
 *
 * Draft keys are the import field names, which are also the database column names.
 *
 * Policy: by default any unreadable value rejects its row (with all its problems listed) so the
 * user fixes the file instead of silently losing data. `invalidOptional: 'drop'` instead keeps
 * the row, empties the optional field and reports a warning.
 */
import { z } from 'zod';
import { normalizePhone, type CountryCode, type PhoneResult } from '../../../shared/phone';
import {
  parseFlexibleDateTime,
  parseMonthDay,
  type DateOrder,
  type DateResult,
  type DateTimeResult,
} from '../../../shared/dates';
import type { ParsedTable, TableRow } from './formats/table';
import type { ColumnMapping, CustomerField, ImportKind, PurchaseField } from './mapping';

// ------------------------------------------------------------------ issues

/**
 * Every issue code, for translation tables (`import.issues.<code>`) and their coverage tests.
 * Params by code: invalid_phone {reason: PhoneRejectReason}, invalid_date {reason:
 * DateRejectReason}, invalid_money {reason: empty|invalid|percentage|out_of_range}, future_date
 * {today}, too_long {max}, too_many_fields {expected, found}, invalid_code {reason},
 * money_rounded {minor}, amount_derived {unit_price_minor, quantity}, field_dropped {reason: code}.
 */
export const ROW_ISSUE_CODES = [
  // rejections
  'required',
  'missing_customer',
  'invalid_phone',
  'invalid_email',
  'invalid_date',
  'future_date',
  'invalid_gender',
  'invalid_kind',
  'invalid_boolean',
  'invalid_credit_rating',
  'invalid_money',
  'invalid_quantity',
  'invalid_discount',
  'invalid_code',
  'too_long',
  'too_many_tags',
  // a value the draft schema refused for a reason without its own code (should not happen)
  'invalid_value',
  // the record could not be read at all (from the CSV/XLSX reader)
  'unterminated_quote',
  'malformed_quotes',
  'too_many_fields',
  // warnings: the row is kept
  'money_rounded',
  'amount_derived',
  'source_unrecognised',
  'duplicate_phone',
  'field_dropped',
] as const;

export type RowIssueCode = (typeof ROW_ISSUE_CODES)[number];

export interface RowIssue {
  code: RowIssueCode;
  /** The import field, or null for problems of the whole line. */
  field: string | null;
  /** The offending raw value, when there is one. */
  value?: string;
  params?: Record<string, string | number>;
}

export const WARNING_CODES: ReadonlySet<RowIssueCode> = new Set([
  'money_rounded',
  'amount_derived',
  'source_unrecognised',
  'duplicate_phone',
  'field_dropped',
]);

export interface RowOptions {
  /** Country for numbers written without +/00 (the shop's country). */
  defaultCountry: CountryCode;
  /** How to read 05/03/2024. Default 'ymd' = reject when ambiguous. */
  dateOrder?: DateOrder;
  /** '.' (default): 1,234.50 — ',': 1.234,50 / 1 234,50. */
  decimalSeparator?: '.' | ',';
  /** Decimal places of the shop currency. Default 2. */
  minorDigits?: number;
  /** YYYY-MM-DD; when given, birthdays, join dates and purchase dates after it are rejected. */
  today?: string;
  /** What an unreadable optional value does to its row. Default 'reject'. */
  invalidOptional?: 'reject' | 'drop';
}

// ------------------------------------------------------------------ value parsers

export type MoneyResult =
  | { ok: true; minor: number; rounded: boolean }
  | { ok: false; reason: 'empty' | 'invalid' | 'percentage' | 'out_of_range' };

const CURRENCY = String.raw`(?:¥|\$|€|£|元|块|rmb|cny|usd|eur|hkd|gbp)`;
const LEADING_CURRENCY = new RegExp(`^${CURRENCY}\\s*`, 'i');
const TRAILING_CURRENCY = new RegExp(`\\s*${CURRENCY}$`, 'i');
const POINT_DECIMAL = /^(\d+|\d{1,3}(?:([,\s'])\d{3})(?:\2\d{3})*)(?:\.(\d+))?$/;
const COMMA_DECIMAL = /^(\d+|\d{1,3}(?:([.\s'])\d{3})(?:\2\d{3})*)(?:,(\d+))?$/;
// The common case of both: ASCII digits, no sign, currency, grouping or spaces.
const PLAIN_POINT_DECIMAL = /^(\d+)(?:\.(\d+))?$/;
const PLAIN_COMMA_DECIMAL = /^(\d+)(?:,(\d+))?$/;

/**
 * Money to integer minor units. Accepted, after NFKC (full-width digits, ￥):
 * - an optional sign (- or U+2212) before or after the currency, or accounting parentheses (12.50)
 * - an optional currency mark before or after: ¥ $ € £ 元 块 RMB CNY USD EUR HKD GBP
 * - digits with optional thousands grouping in consistent groups of three
 *   - decimalSeparator '.': grouping by , space or ' — "¥1,234.50", "1 234.5", "1234"
 *   - decimalSeparator ',': grouping by . space or ' — "1.234,50", "1 234,50"
 * Refused: "1,5" with '.' (ambiguous grouping), percentages and 折 (a rate is not an amount),
 * 万-style multipliers, more than 15 integer digits. Extra decimals are rounded half away from
 * zero and reported (`rounded`), because Excel formulas leave values such as 10.5336.
 */
export function parseMoney(
  raw: string,
  options: { decimalSeparator?: '.' | ','; minorDigits?: number } = {},
): MoneyResult {
  const minorDigits = options.minorDigits ?? 2;
  // Most cells are plain ASCII digits ("12.50"): read them without NFKC and the currency regexes.
  const plain = (options.decimalSeparator === ',' ? PLAIN_COMMA_DECIMAL : PLAIN_POINT_DECIMAL).exec(raw);
  if (plain !== null) return minorFromDigits(plain[1] ?? '', plain[2] ?? '', false, minorDigits);
  let text = raw
    .normalize('NFKC')
    .trim()
    .replace(/\u2212/g, '-');
  if (text === '') return { ok: false, reason: 'empty' };
  if (/[%‰折]/.test(text)) return { ok: false, reason: 'percentage' };
  let negative = false;
  const parenthesised = /^\((.*)\)$/.exec(text);
  if (parenthesised) {
    negative = true;
    text = (parenthesised[1] ?? '').trim();
  }
  const takeSign = (): void => {
    if (text.startsWith('-') || text.startsWith('+')) {
      if (text.startsWith('-')) negative = !negative;
      text = text.slice(1).trim();
    }
  };
  takeSign();
  text = text.replace(LEADING_CURRENCY, '').replace(TRAILING_CURRENCY, '');
  takeSign();
  const match = (options.decimalSeparator === ',' ? COMMA_DECIMAL : POINT_DECIMAL).exec(text);
  if (match === null) return { ok: false, reason: 'invalid' };
  return minorFromDigits((match[1] ?? '').replace(/\D/g, ''), match[3] ?? '', negative, minorDigits);
}

/** Integer digits (no grouping) and fraction digits to minor units, rounding half away from zero. */
function minorFromDigits(
  digits: string,
  fraction: string,
  negative: boolean,
  minorDigits: number,
): MoneyResult {
  const integerDigits = digits.replace(/^0+(?=\d)/, '');
  if (integerDigits.length > 15) return { ok: false, reason: 'out_of_range' };
  const kept = fraction.slice(0, minorDigits).padEnd(minorDigits, '0');
  let minor = Number(integerDigits + kept);
  const rest = fraction.slice(minorDigits);
  const rounded = /[1-9]/.test(rest);
  if (rest !== '' && Number(rest[0]) >= 5) minor += 1;
  if (!Number.isSafeInteger(minor)) return { ok: false, reason: 'out_of_range' };
  return { ok: true, minor: negative && minor !== 0 ? -minor : minor, rounded };
}

export type Gender = 'female' | 'male' | 'other';
export type CustomerKind = 'person' | 'organization';
export type SourceCode = 'walk_in' | 'referral' | 'online' | 'event' | 'phone' | 'other';
export type CreditRating = 'A' | 'B' | 'C' | 'D';

function lookupTable<T extends string>(entries: Record<T, readonly string[]>): Map<string, T> {
  const table = new Map<string, T>();
  for (const [value, words] of Object.entries(entries) as [T, readonly string[]][]) {
    for (const word of [value, ...words]) table.set(normalizeWord(word), value);
  }
  return table;
}

function normalizeWord(raw: string): string {
  return raw
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '');
}

const GENDERS = lookupTable<Gender | 'unknown'>({
  male: ['男', '男性', '男士', '先生', 'm', 'man', 'boy'],
  female: ['女', '女性', '女士', '小姐', 'f', 'woman', 'girl'],
  other: ['其他', '其它', 'x', 'nonbinary', 'non-binary', 'diverse'],
  unknown: ['未知', '保密', '不详', '未填', 'u', 'n/a', 'na', '?', '-', '—'],
});

/** 男/女/M/F/male/female/先生/女士…; 未知/保密/unknown → null. */
export function parseGender(raw: string): { ok: true; value: Gender | null } | { ok: false } {
  if (raw.trim() === '') return { ok: true, value: null };
  const found = GENDERS.get(normalizeWord(raw));
  if (found === undefined) return { ok: false };
  return { ok: true, value: found === 'unknown' ? null : found };
}

const BOOLEANS = lookupTable<'true' | 'false'>({
  true: [
    '是',
    '有',
    '对',
    '同意',
    '已同意',
    '允许',
    '接受',
    'y',
    'yes',
    't',
    '1',
    'on',
    '✓',
    '✔',
    '√',
    'opt in',
    'optin',
  ],
  false: [
    '否',
    '无',
    '不',
    '不同意',
    '未同意',
    '拒绝',
    '不接受',
    'n',
    'no',
    'f',
    '0',
    'off',
    '✗',
    '✘',
    '×',
    'opt out',
    'optout',
  ],
});

/** 是/否/yes/no/y/n/true/false/1/0/同意/不同意/✓/×; empty → null (unknown). */
export function parseBoolean(raw: string): { ok: true; value: boolean | null } | { ok: false } {
  if (raw.trim() === '') return { ok: true, value: null };
  const found = BOOLEANS.get(normalizeWord(raw));
  return found === undefined ? { ok: false } : { ok: true, value: found === 'true' };
}

const KINDS = lookupTable<CustomerKind>({
  person: ['个人', '个人客户', '个体', '散客', '自然人', 'individual', 'personal', 'private'],
  organization: [
    '组织',
    '组织客户',
    '企业',
    '企业客户',
    '公司',
    '单位',
    '团体',
    '团体客户',
    '机构',
    'organisation',
    'company',
    'business',
    'org',
    'corporate',
    'b2b',
  ],
});

const SOURCES = lookupTable<SourceCode>({
  walk_in: ['到店', '自然到店', '进店', '路过', '门店', '自然客流', 'walk in', 'walkin', 'store', 'in store'],
  referral: [
    '推荐',
    '介绍',
    '转介绍',
    '朋友介绍',
    '老客介绍',
    '老客户介绍',
    '熟人介绍',
    '口碑',
    'referred',
    'word of mouth',
  ],
  online: [
    '线上',
    '网络',
    '网上',
    '网店',
    '互联网',
    '美团',
    '大众点评',
    '点评',
    '抖音',
    '小红书',
    '淘宝',
    '天猫',
    '京东',
    '微信',
    '公众号',
    '小程序',
    '朋友圈',
    'web',
    'website',
    'internet',
    'social',
    'social media',
    'app',
  ],
  event: ['活动', '展会', '地推', '促销活动', '推广活动', 'promotion', 'fair', 'exhibition'],
  phone: ['电话', '来电', '电话营销', 'call', 'telephone', 'phone call'],
  other: ['其他', '其它'],
});

/** Tags split on , ， ; ； | 、 and line breaks, trimmed, de-duplicated in order. */
export function splitTags(raw: string): string[] {
  const seen = new Set<string>();
  for (const part of raw.split(/[,，;；|、\r\n]+/)) {
    const tag = part.trim();
    if (tag !== '') seen.add(tag);
  }
  return [...seen];
}

const QUANTITY = /^(-?\d+(?:[.,]\d{1,3})?)\s*\p{L}{0,3}$/u;

/** 2, 1.5, "2件", "3 pcs" (a unit word of up to three letters is ignored); not zero. */
export function parseQuantity(raw: string): number | null {
  const match = QUANTITY.exec(raw.normalize('NFKC').trim());
  if (match === null) return null;
  const value = Number((match[1] ?? '').replace(',', '.'));
  return Number.isFinite(value) && value !== 0 ? value : null;
}

// ------------------------------------------------------------------ memoised parsers

/** Beyond this many distinct values a cache is dropped and refilled: memory stays bounded. */
const PARSE_CACHE_LIMIT = 50_000;

function memoised<R>(parse: (raw: string) => R): (raw: string) => R {
  const cache = new Map<string, R>();
  return (raw) => {
    let result = cache.get(raw);
    if (result === undefined) {
      if (cache.size >= PARSE_CACHE_LIMIT) cache.clear();
      result = parse(raw);
      cache.set(raw, result);
    }
    return result;
  };
}

/**
 * The value parsers of one import, memoised by the raw cell: a purchase file repeats the same
 * dates, amounts and phones thousands of times, and each parse (NFKC, a dozen regexes,
 * libphonenumber) costs far more than a map lookup. Every parser is a pure function of the cell
 * and the import's options, so the cached answer is the answer. Results are shared: read them,
 * never change them.
 */
export class ValueParsers {
  readonly dateTime: (raw: string) => DateTimeResult;
  readonly money: (raw: string) => MoneyResult;
  readonly phone: (raw: string) => PhoneResult;

  constructor(options: RowOptions) {
    const dateOptions = { order: options.dateOrder ?? 'ymd' } as const;
    this.dateTime = memoised((raw) => parseFlexibleDateTime(raw, dateOptions));
    this.money = memoised((raw) => parseMoney(raw, options));
    this.phone = memoised((raw) => normalizePhone(raw, options.defaultCountry));
  }

  /** A calendar date; a time after it is accepted and dropped (as parseFlexibleDate does). */
  date(raw: string): DateResult {
    const result = this.dateTime(raw);
    return result.ok ? { ok: true, isoDate: result.isoDate } : result;
  }
}

// ------------------------------------------------------------------ drafts (zod)

const text = (max: number) => z.string().min(1).max(max).nullable();
// Built once: constructing a zod schema per row costs more than the check itself.
const EMAIL = z.email();
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const customerDraftSchema = z.object({
  customer_code: text(64),
  member_no: text(64),
  name: z.string().min(1).max(200),
  kind: z.enum(['person', 'organization']),
  phone: z.string().nullable(),
  phone_digits: z.string().nullable(),
  phone2: z.string().nullable(),
  email: z.email().max(254).nullable(),
  wechat: text(64),
  gender: z.enum(['female', 'male', 'other']).nullable(),
  /** YYYY-MM-DD, or --MM-DD when the year is not known. */
  birthday: z
    .string()
    .regex(/^(?:\d{4}|-)-\d{2}-\d{2}$/)
    .nullable(),
  address: text(500),
  source: z.enum(['walk_in', 'referral', 'online', 'event', 'phone', 'other']).nullable(),
  /** Name, phone, member number or customer code of the referrer: resolved against the database. */
  referred_by: text(200),
  tags: z.array(z.string().min(1).max(50)).max(50),
  notes: text(5000),
  company_name: text(200),
  industry: text(100),
  company_size: text(100),
  contact_person: text(100),
  contact_title: text(100),
  credit_rating: z.enum(['A', 'B', 'C', 'D']).nullable(),
  credit_limit_minor: z.int().nullable(),
  consent: z.boolean().nullable(),
  consent_date: isoDate.nullable(),
  joined_on: isoDate.nullable(),
});
export type CustomerDraft = z.infer<typeof customerDraftSchema>;

export const purchaseDraftSchema = z.object({
  /** Receipt number: groups line items into one purchase and makes re-import idempotent. */
  order_no: text(100),
  customer_code: text(64),
  member_no: text(64),
  phone: z.string().nullable(),
  customer_name: text(200),
  date: isoDate,
  /** Wall-clock time as written, HH:mm:ss, or null. */
  time: z
    .string()
    .regex(/^\d{2}:\d{2}:\d{2}$/)
    .nullable(),
  /** Offset written in the file (Z = 0), or null: then the shop's time zone applies. */
  utc_offset_minutes: z.int().nullable(),
  /** What the customer paid, net of discount; negative for a return. */
  amount_minor: z.int(),
  is_return: z.boolean(),
  discount_minor: z.int().min(0),
  product: text(200),
  product_code: text(64),
  category: text(100),
  quantity: z.number().refine((value) => value !== 0),
  unit_price_minor: z.int().nullable(),
  payment_method: text(50),
  channel: text(50),
  staff: text(100),
  notes: text(5000),
});
export type PurchaseDraft = z.infer<typeof purchaseDraftSchema>;

// ------------------------------------------------------------------ fast draft checks

type DraftShape = Record<string, z.ZodType>;

function unwrapNullable(type: z.ZodType): { inner: z.ZodType; nullable: boolean } {
  return type instanceof z.ZodNullable
    ? { inner: type.unwrap() as z.ZodType, nullable: true }
    : { inner: type, nullable: false };
}

/** min/max length of a zod string or string format (z.email() is a format, not a ZodString). */
function stringBounds(type: z.ZodType): { min: number; max: number } | null {
  if (!(type instanceof z.ZodString || type instanceof z.ZodStringFormat)) return null;
  if (type.maxLength === null) return null;
  return { min: type.minLength ?? 0, max: type.maxLength };
}

interface LengthLimit {
  field: string;
  nullable: boolean;
  min: number;
  max: number;
}

/** Length limits of plain string fields, read from the schema so the two never drift apart. */
function lengthLimit(shape: DraftShape, field: string): LengthLimit {
  const type = shape[field];
  if (type === undefined) throw new Error(`draft check: the schema has no field ${field}`);
  const { inner, nullable } = unwrapNullable(type);
  const bounds = stringBounds(inner);
  if (bounds === null) throw new Error(`draft check: ${field} is not a string with a maximum length`);
  return { field, nullable, ...bounds };
}

function lengthOk(value: unknown, limit: LengthLimit): boolean {
  if (value === null) return limit.nullable;
  return typeof value === 'string' && value.length >= limit.min && value.length <= limit.max;
}

/**
 * What zod would check on a draft that the converters above have not already guaranteed,
 * written out for speed (zod costs ~2 µs a row, a tenth of a million-row import). `passes` true
 * means the schema accepts the draft unchanged; false means "ask zod", which names the problems.
 *
 * Every schema field is in exactly one list (a unit test holds this):
 * - `lengths`: free text, checked here against the schema's own min/max;
 * - `integers`: money and offsets, checked here to be safe integers (or null where allowed);
 * - `constructed`: values the converter builds only in the schema's form (enums from lookup
 *   tables, ISO dates and times from the date parser, E.164 from libphonenumber, booleans),
 *   with the reason next to each.
 */
export class DraftCheck {
  readonly lengths: readonly LengthLimit[];
  readonly integers: readonly { field: string; nullable: boolean; min: number }[];

  constructor(
    readonly schema: z.ZodObject,
    lengthFields: readonly string[],
    integerFields: readonly string[],
    readonly constructed: Readonly<Record<string, string>>,
    private readonly extra: (draft: Record<string, unknown>) => boolean = () => true,
  ) {
    const shape = schema.shape as DraftShape;
    this.lengths = lengthFields.map((field) => lengthLimit(shape, field));
    this.integers = integerFields.map((field) => {
      const type = shape[field];
      if (type === undefined) throw new Error(`draft check: the schema has no field ${field}`);
      const { inner, nullable } = unwrapNullable(type);
      if (!(inner instanceof z.ZodNumber)) throw new Error(`draft check: ${field} is not a number`);
      return { field, nullable, min: inner.minValue ?? Number.MIN_SAFE_INTEGER };
    });
  }

  passes(draft: Record<string, unknown>): boolean {
    for (const limit of this.lengths) if (!lengthOk(draft[limit.field], limit)) return false;
    for (const { field, nullable, min } of this.integers) {
      const value = draft[field];
      if (value === null ? !nullable : !Number.isSafeInteger(value) || (value as number) < min) return false;
    }
    return this.extra(draft);
  }
}

const CUSTOMER_SHAPE = customerDraftSchema.shape as DraftShape;
const TAG_LIMIT = (() => {
  const tags = CUSTOMER_SHAPE['tags'];
  if (!(tags instanceof z.ZodArray) || !(tags.element instanceof z.ZodString))
    throw new Error('draft check: tags is not an array of strings');
  const element = tags.element;
  const maxTags = (tags.def.checks ?? [])
    .map((check) => check._zod.def)
    .find((def): def is z.core.$ZodCheckMaxLengthDef => def.check === 'max_length')?.maximum;
  if (maxTags === undefined || element.maxLength === null) throw new Error('draft check: tags has no limits');
  return {
    maxTags,
    tag: { field: 'tag', nullable: false, min: element.minLength ?? 0, max: element.maxLength },
  };
})();

const EMAIL_MAX_LENGTH = (() => {
  const bounds = stringBounds(unwrapNullable(CUSTOMER_SHAPE['email'] ?? z.never()).inner);
  if (bounds === null) throw new Error('draft check: email has no maximum');
  return bounds.max;
})();

export const CUSTOMER_DRAFT_CHECK = new DraftCheck(
  customerDraftSchema,
  [
    'customer_code',
    'member_no',
    'name',
    'wechat',
    'address',
    'referred_by',
    'notes',
    'company_name',
    'industry',
    'company_size',
    'contact_person',
    'contact_title',
  ],
  ['credit_limit_minor'],
  {
    kind: 'a KINDS lookup value or the default',
    phone: 'E.164 from normalizePhone',
    phone_digits: 'digits from normalizePhone',
    phone2: 'E.164 from normalizePhone',
    gender: 'a GENDERS lookup value',
    birthday: 'the date parser’s YYYY-MM-DD or parseMonthDay’s --MM-DD',
    source: 'a SOURCES lookup value or other',
    credit_rating: 'A–D after the /^[ABCD]$/ test',
    consent: 'parseBoolean',
    consent_date: 'the date parser’s YYYY-MM-DD',
    joined_on: 'the date parser’s YYYY-MM-DD',
    // The format was tested with the same z.email() before; only its length is left.
    email: 'z.email() in the converter, length below',
    tags: 'splitTags: trimmed, non-empty; count and lengths below',
  },
  (draft) => {
    const email = draft['email'];
    if (typeof email === 'string' && email.length > EMAIL_MAX_LENGTH) return false;
    const tags = draft['tags'] as readonly unknown[];
    if (tags.length > TAG_LIMIT.maxTags) return false;
    return tags.every((tag) => lengthOk(tag, TAG_LIMIT.tag));
  },
);

export const PURCHASE_DRAFT_CHECK = new DraftCheck(
  purchaseDraftSchema,
  [
    'order_no',
    'customer_code',
    'member_no',
    'customer_name',
    'product',
    'product_code',
    'category',
    'payment_method',
    'channel',
    'staff',
    'notes',
  ],
  ['utc_offset_minutes', 'amount_minor', 'discount_minor', 'unit_price_minor'],
  {
    phone: 'E.164 from normalizePhone',
    date: 'the date parser’s YYYY-MM-DD',
    time: 'the date parser’s HH:mm:ss',
    is_return: 'a comparison',
    quantity: 'parseQuantity: finite and not zero, or the default 1',
  },
);

// ------------------------------------------------------------------ row conversion

export type MappedValues<F extends string> = Partial<Record<F, string>>;

/** The cells of one row keyed by field; columns mapped to null are dropped. */
export function mapRow<F extends string>(row: TableRow, mapping: readonly (F | null)[]): MappedValues<F> {
  const values: MappedValues<F> = {};
  mapping.forEach((field, column) => {
    if (field !== null) values[field] = row.cells[column] ?? '';
  });
  return values;
}

export type RowOutcome<T> =
  | { ok: true; line: number; draft: T; warnings: RowIssue[] }
  | { ok: false; line: number; issues: RowIssue[]; warnings: RowIssue[] };

/** Collects issues while fields are converted; optional fields may be dropped by policy. */
class RowContext<F extends string> {
  readonly issues: RowIssue[] = [];
  readonly warnings: RowIssue[] = [];

  constructor(
    private readonly values: MappedValues<F>,
    readonly options: RowOptions,
    readonly parsers: ValueParsers,
  ) {}

  raw(field: F): string {
    return (this.values[field] ?? '').trim();
  }

  text(field: F): string | null {
    const value = this.raw(field);
    return value === '' ? null : value;
  }

  /** Reports a bad value of an optional field: rejects or drops by policy; returns null. */
  optional(field: F, code: RowIssueCode, params?: Record<string, string | number>): null {
    const issue: RowIssue = { code, field, value: this.raw(field), ...(params ? { params } : {}) };
    if (this.options.invalidOptional === 'drop') {
      this.warnings.push({ code: 'field_dropped', field, value: issue.value, params: { reason: code } });
    } else {
      this.issues.push(issue);
    }
    return null;
  }

  reject(field: F | null, code: RowIssueCode, params?: Record<string, string | number>): void {
    this.issues.push({
      code,
      field,
      ...(field === null ? {} : { value: this.raw(field) }),
      ...(params ? { params } : {}),
    });
  }

  warn(field: F, code: RowIssueCode, params?: Record<string, string | number>): void {
    this.warnings.push({ code, field, value: this.raw(field), ...(params ? { params } : {}) });
  }

  code(field: F): string | null {
    const value = this.text(field)?.normalize('NFKC') ?? null;
    if (value !== null && /^\d(?:\.\d+)?e\+\d+$/i.test(value)) {
      return this.optional(field, 'invalid_code', { reason: 'scientific_notation' });
    }
    return value;
  }

  phone(field: F): { e164: string; digits: string } | null {
    const value = this.raw(field);
    if (value === '') return null;
    const result = this.parsers.phone(value);
    if (!result.ok) return this.optional(field, 'invalid_phone', { reason: result.reason });
    return { e164: result.e164, digits: result.digits };
  }

  date(field: F): string | null {
    const value = this.raw(field);
    if (value === '') return null;
    const result = this.parsers.date(value);
    if (!result.ok) return this.optional(field, 'invalid_date', { reason: result.reason });
    return this.notInFuture(field, result.isoDate) ? result.isoDate : null;
  }

  notInFuture(field: F, isoDate: string): boolean {
    const today = this.options.today;
    if (today === undefined || isoDate.startsWith('--') || isoDate <= today) return true;
    this.optional(field, 'future_date', { today });
    return false;
  }

  money(field: F): number | null {
    const value = this.raw(field);
    if (value === '') return null;
    const result = this.parsers.money(value);
    if (!result.ok) return this.optional(field, 'invalid_money', { reason: result.reason });
    if (result.rounded) this.warn(field, 'money_rounded', { minor: result.minor });
    return result.minor;
  }

  boolean(field: F): boolean | null {
    const result = parseBoolean(this.raw(field));
    return result.ok ? result.value : this.optional(field, 'invalid_boolean');
  }
}

interface IssueSink {
  readonly issues: RowIssue[];
  readonly warnings: RowIssue[];
  raw(field: string): string;
}

function finish<T>(
  context: IssueSink,
  line: number,
  schema: z.ZodType<T>,
  candidate: Record<string, unknown>,
  fastCheck: DraftCheck,
): RowOutcome<T> {
  if (context.issues.length > 0)
    return { ok: false, line, issues: context.issues, warnings: context.warnings };
  // The schema's verdict on a draft that passes the fast check is known (see DraftCheck); zod
  // runs only for the few that fail it, to name every problem exactly as before.
  if (fastCheck.passes(candidate))
    return { ok: true, line, draft: candidate as T, warnings: context.warnings };
  const checked = schema.safeParse(candidate);
  if (checked.success) return { ok: true, line, draft: checked.data, warnings: context.warnings };
  const issues = checked.error.issues.map((issue): RowIssue => {
    const field = typeof issue.path[0] === 'string' ? issue.path[0] : null;
    const value = field === null ? undefined : String(context.raw(field));
    const code: RowIssueCode =
      issue.code === 'too_big'
        ? field === 'tags' && issue.path.length === 1
          ? 'too_many_tags'
          : 'too_long'
        : issue.code === 'invalid_format' && field === 'email'
          ? 'invalid_email'
          : 'invalid_value';
    const params = issue.code === 'too_big' ? { max: Number(issue.maximum) } : undefined;
    return { code, field, ...(value === undefined ? {} : { value }), ...(params ? { params } : {}) };
  });
  return { ok: false, line, issues, warnings: context.warnings };
}

export function toCustomerDraft(
  values: MappedValues<CustomerField>,
  line: number,
  options: RowOptions,
  parsers: ValueParsers = new ValueParsers(options),
): RowOutcome<CustomerDraft> {
  const context = new RowContext<CustomerField>(values, options, parsers);

  const kindRaw = context.raw('kind');
  let kind: CustomerKind = 'person';
  if (kindRaw !== '') {
    const found = KINDS.get(normalizeWord(kindRaw));
    if (found === undefined) context.optional('kind', 'invalid_kind');
    else kind = found;
  }

  const companyName = context.text('company_name');
  // An organisation's name may sit only in the company column.
  const name = context.text('name') ?? (kind === 'organization' ? companyName : null);
  if (name === null) context.reject('name', 'required');

  const phone = context.phone('phone');
  let phone2 = context.phone('phone2');
  if (phone !== null && phone2 !== null && phone2.e164 === phone.e164) {
    context.warn('phone2', 'duplicate_phone');
    phone2 = null;
  }

  let email = context.text('email')?.normalize('NFKC') ?? null;
  if (email !== null && !EMAIL.safeParse(email).success) email = context.optional('email', 'invalid_email');

  const genderResult = parseGender(context.raw('gender'));
  const gender = genderResult.ok ? genderResult.value : context.optional('gender', 'invalid_gender');

  let birthday: string | null = null;
  const birthdayRaw = context.raw('birthday');
  if (birthdayRaw !== '') {
    const full = parsers.date(birthdayRaw);
    const monthDay = full.ok ? null : parseMonthDay(birthdayRaw, { order: options.dateOrder ?? 'ymd' });
    if (full.ok) birthday = context.notInFuture('birthday', full.isoDate) ? full.isoDate : null;
    else if (monthDay?.ok) birthday = monthDay.monthDay;
    else context.optional('birthday', 'invalid_date', { reason: full.reason });
  }

  let source: SourceCode | null = null;
  const sourceRaw = context.raw('source');
  if (sourceRaw !== '') {
    source = SOURCES.get(normalizeWord(sourceRaw)) ?? null;
    if (source === null) {
      // The schema has a fixed list; an unknown channel is kept as "other" and shown to the user.
      source = 'other';
      context.warn('source', 'source_unrecognised');
    }
  }

  const ratingRaw = context.raw('credit_rating').normalize('NFKC').toUpperCase().replace(/级$/, '');
  let creditRating: CreditRating | null = null;
  if (ratingRaw !== '') {
    if (/^[ABCD]$/.test(ratingRaw)) creditRating = ratingRaw as CreditRating;
    else context.optional('credit_rating', 'invalid_credit_rating');
  }

  const candidate: Record<keyof CustomerDraft, unknown> = {
    customer_code: context.code('customer_code'),
    member_no: context.code('member_no'),
    name,
    kind,
    phone: phone?.e164 ?? null,
    phone_digits: phone?.digits ?? null,
    phone2: phone2?.e164 ?? null,
    email,
    wechat: context.text('wechat'),
    gender,
    birthday,
    address: context.text('address'),
    source,
    referred_by: context.text('referred_by'),
    tags: splitTags(context.raw('tags')),
    notes: context.text('notes'),
    company_name: companyName,
    industry: context.text('industry'),
    company_size: context.text('company_size'),
    contact_person: context.text('contact_person'),
    contact_title: context.text('contact_title'),
    credit_rating: creditRating,
    credit_limit_minor: context.money('credit_limit'),
    consent: context.boolean('consent'),
    consent_date: context.date('consent_date'),
    joined_on: context.date('joined_on'),
  };
  return finish(context as IssueSink, line, customerDraftSchema, candidate, CUSTOMER_DRAFT_CHECK);
}

export function toPurchaseDraft(
  values: MappedValues<PurchaseField>,
  line: number,
  options: RowOptions,
  parsers: ValueParsers = new ValueParsers(options),
): RowOutcome<PurchaseDraft> {
  const context = new RowContext<PurchaseField>(values, options, parsers);

  const customerCode = context.code('customer_code');
  const memberNo = context.code('member_no');
  const customerName = context.text('customer_name');
  const phoneRaw = context.raw('phone');
  let phone: string | null = null;
  if (phoneRaw !== '') {
    // The phone may be the only link to the customer: a bad one rejects the row whatever the policy.
    const result = parsers.phone(phoneRaw);
    if (result.ok) phone = result.e164;
    else context.reject('phone', 'invalid_phone', { reason: result.reason });
  }
  if (customerCode === null && memberNo === null && phoneRaw === '' && customerName === null) {
    context.reject(null, 'missing_customer');
  }

  let date: string | null = null;
  let time: string | null = null;
  let offset: number | null = null;
  const dateRaw = context.raw('date');
  if (dateRaw === '') context.reject('date', 'required');
  else {
    const result = parsers.dateTime(dateRaw);
    if (!result.ok) context.reject('date', 'invalid_date', { reason: result.reason });
    else if (options.today !== undefined && result.isoDate > options.today) {
      context.reject('date', 'future_date', { today: options.today });
    } else {
      date = result.isoDate;
      time = result.time;
      offset = result.offsetMinutes;
    }
  }

  let quantity = 1;
  const quantityRaw = context.raw('quantity');
  if (quantityRaw !== '') {
    const parsed = parseQuantity(quantityRaw);
    if (parsed === null) context.reject('quantity', 'invalid_quantity');
    else quantity = parsed;
  }

  const unitPrice = context.money('unit_price');
  let amount: number | null = null;
  const amountRaw = context.raw('amount');
  if (amountRaw !== '') {
    const result = parsers.money(amountRaw);
    if (!result.ok) context.reject('amount', 'invalid_money', { reason: result.reason });
    else {
      amount = result.minor;
      if (result.rounded) context.warn('amount', 'money_rounded', { minor: result.minor });
    }
  } else if (unitPrice !== null) {
    amount = Math.round(unitPrice * quantity);
    context.warn('amount', 'amount_derived', { unit_price_minor: unitPrice, quantity });
  } else {
    context.reject('amount', 'required');
  }

  let discount = 0;
  const discountRaw = context.raw('discount');
  if (discountRaw !== '') {
    const result = parsers.money(discountRaw);
    if (!result.ok) context.optional('discount', 'invalid_money', { reason: result.reason });
    else if (result.minor < 0) context.optional('discount', 'invalid_discount');
    else discount = result.minor;
  }

  const candidate: Record<keyof PurchaseDraft, unknown> = {
    order_no: context.code('order_no'),
    customer_code: customerCode,
    member_no: memberNo,
    phone,
    customer_name: customerName,
    date,
    time,
    utc_offset_minutes: offset,
    amount_minor: amount,
    is_return: amount !== null && amount < 0,
    discount_minor: discount,
    product: context.text('product'),
    product_code: context.code('product_code'),
    category: context.text('category'),
    quantity,
    unit_price_minor: unitPrice,
    payment_method: context.text('payment_method'),
    channel: context.text('channel'),
    staff: context.text('staff'),
    notes: context.text('notes'),
  };
  return finish(context as IssueSink, line, purchaseDraftSchema, candidate, PURCHASE_DRAFT_CHECK);
}

// ------------------------------------------------------------------ whole tables

export interface AcceptedRow<T> {
  line: number;
  draft: T;
  warnings: RowIssue[];
}

export interface RejectedRow {
  line: number;
  issues: RowIssue[];
}

export interface ValidatedTable<T> {
  accepted: AcceptedRow<T>[];
  /** Every line not imported, in file order: unreadable records and invalid rows. */
  rejected: RejectedRow[];
}

export type DraftOf<K extends ImportKind> = K extends 'customers' ? CustomerDraft : PurchaseDraft;

/** `parsers`: pass one ValueParsers to every chunk of one import, so its caches carry over. */
export function validateTable<K extends ImportKind>(
  kind: K,
  table: Pick<ParsedTable, 'rows' | 'problems'>,
  mapping: ColumnMapping<K>,
  options: RowOptions,
  parsers: ValueParsers = new ValueParsers(options),
): ValidatedTable<DraftOf<K>> {
  const accepted: AcceptedRow<DraftOf<K>>[] = [];
  const rejected: RejectedRow[] = table.problems.map((problem) => ({
    line: problem.line,
    issues: [{ code: problem.code, field: null, params: problem.params }],
  }));
  for (const row of table.rows) {
    const outcome =
      kind === 'customers'
        ? toCustomerDraft(mapRow(row, mapping as ColumnMapping<'customers'>), row.line, options, parsers)
        : toPurchaseDraft(mapRow(row, mapping as ColumnMapping<'purchases'>), row.line, options, parsers);
    if (outcome.ok)
      accepted.push({ line: outcome.line, draft: outcome.draft as DraftOf<K>, warnings: outcome.warnings });
    else rejected.push({ line: outcome.line, issues: outcome.issues });
  }
  rejected.sort((a, b) => a.line - b.line);
  return { accepted, rejected };
}

// ------------------------------------------------------------------ drafts back to cells (export)

export type ExportLocale = 'zh' | 'en';
export type ExportCell = string | number | boolean | null;

const GENDER_LABELS: Record<ExportLocale, Record<Gender, string>> = {
  zh: { male: '男', female: '女', other: '其他' },
  en: { male: 'male', female: 'female', other: 'other' },
};
const KIND_LABELS: Record<ExportLocale, Record<CustomerKind, string>> = {
  zh: { person: '个人', organization: '组织' },
  en: { person: 'person', organization: 'organization' },
};
const SOURCE_LABELS: Record<ExportLocale, Record<SourceCode, string>> = {
  zh: { walk_in: '到店', referral: '推荐', online: '线上', event: '活动', phone: '电话', other: '其他' },
  en: {
    walk_in: 'walk_in',
    referral: 'referral',
    online: 'online',
    event: 'event',
    phone: 'phone',
    other: 'other',
  },
};
const BOOLEAN_LABELS: Record<ExportLocale, [string, string]> = { zh: ['是', '否'], en: ['yes', 'no'] };

/** Integer minor units as a fixed-point string without float noise: 123456 → "1234.56". */
export function formatMinorAsText(minor: number | null, minorDigits = 2): string | null {
  if (minor === null) return null;
  const sign = minor < 0 ? '-' : '';
  const digits = String(Math.abs(minor)).padStart(minorDigits + 1, '0');
  return minorDigits === 0
    ? `${sign}${digits}`
    : `${sign}${digits.slice(0, -minorDigits)}.${digits.slice(-minorDigits)}`;
}

/**
 * Column value types for XLSX export, and the order of export columns (every customer field, so
 * export → import loses nothing).
 */
export const CUSTOMER_EXPORT_TYPES: Record<CustomerField, 'text' | 'date' | 'money'> = {
  customer_code: 'text',
  member_no: 'text',
  name: 'text',
  kind: 'text',
  phone: 'text',
  phone2: 'text',
  email: 'text',
  wechat: 'text',
  gender: 'text',
  birthday: 'date',
  address: 'text',
  source: 'text',
  referred_by: 'text',
  tags: 'text',
  notes: 'text',
  company_name: 'text',
  industry: 'text',
  company_size: 'text',
  contact_person: 'text',
  contact_title: 'text',
  credit_rating: 'text',
  credit_limit: 'money',
  consent: 'text',
  consent_date: 'date',
  joined_on: 'date',
};

/**
 * A customer draft as export values, keyed by field, in the words the import reads back:
 * labels in the chosen language, phones in E.164, dates ISO, tags joined with "、" (a separator
 * the tag splitter knows and tags cannot contain). Money: `moneyAs: 'minor'` gives integer minor
 * units (for XLSX money columns), 'text' a fixed-point string (for CSV, no float noise).
 */
export function customerDraftToValues(
  draft: CustomerDraft,
  locale: ExportLocale,
  options: { moneyAs: 'minor' | 'text'; minorDigits?: number },
): Record<CustomerField, ExportCell> {
  const [yes, no] = BOOLEAN_LABELS[locale];
  return {
    customer_code: draft.customer_code,
    member_no: draft.member_no,
    name: draft.name,
    kind: KIND_LABELS[locale][draft.kind],
    phone: draft.phone,
    phone2: draft.phone2,
    email: draft.email,
    wechat: draft.wechat,
    gender: draft.gender === null ? null : GENDER_LABELS[locale][draft.gender],
    birthday: draft.birthday,
    address: draft.address,
    source: draft.source === null ? null : SOURCE_LABELS[locale][draft.source],
    referred_by: draft.referred_by,
    tags: draft.tags.join('、'),
    notes: draft.notes,
    company_name: draft.company_name,
    industry: draft.industry,
    company_size: draft.company_size,
    contact_person: draft.contact_person,
    contact_title: draft.contact_title,
    credit_rating: draft.credit_rating,
    credit_limit:
      options.moneyAs === 'minor'
        ? draft.credit_limit_minor
        : formatMinorAsText(draft.credit_limit_minor, options.minorDigits ?? 2),
    consent: draft.consent === null ? null : draft.consent ? yes : no,
    consent_date: draft.consent_date,
    joined_on: draft.joined_on,
  };
}

export const PURCHASE_EXPORT_TYPES: Record<PurchaseField, 'text' | 'datetime' | 'money' | 'number'> = {
  order_no: 'text',
  customer_code: 'text',
  member_no: 'text',
  phone: 'text',
  customer_name: 'text',
  date: 'datetime',
  amount: 'money',
  product: 'text',
  product_code: 'text',
  category: 'text',
  quantity: 'number',
  unit_price: 'money',
  discount: 'money',
  payment_method: 'text',
  channel: 'text',
  staff: 'text',
  notes: 'text',
};

function pad2(value: number): string {
  return String(Math.abs(value)).padStart(2, '0');
}

/**
 * A purchase draft as export values (see `customerDraftToValues`). The date carries its time when
 * there is one; a written UTC offset is kept as an ISO suffix (and so exported as text in XLSX,
 * which has no time zones).
 */
export function purchaseDraftToValues(
  draft: PurchaseDraft,
  options: { moneyAs: 'minor' | 'text'; minorDigits?: number },
): Record<PurchaseField, ExportCell> {
  const money = (minor: number | null): ExportCell =>
    options.moneyAs === 'minor' ? minor : formatMinorAsText(minor, options.minorDigits ?? 2);
  let date = draft.date;
  if (draft.time !== null) {
    const offset = draft.utc_offset_minutes;
    const zone =
      offset === null
        ? ''
        : offset === 0
          ? 'Z'
          : `${offset < 0 ? '-' : '+'}${pad2(Math.trunc(offset / 60))}:${pad2(offset % 60)}`;
    date = zone === '' ? `${draft.date} ${draft.time}` : `${draft.date}T${draft.time}${zone}`;
  }
  return {
    order_no: draft.order_no,
    customer_code: draft.customer_code,
    member_no: draft.member_no,
    phone: draft.phone,
    customer_name: draft.customer_name,
    date,
    amount: money(draft.amount_minor),
    product: draft.product,
    product_code: draft.product_code,
    category: draft.category,
    quantity: draft.quantity,
    unit_price: money(draft.unit_price_minor),
    discount: draft.discount_minor === 0 ? null : money(draft.discount_minor),
    payment_method: draft.payment_method,
    channel: draft.channel,
    staff: draft.staff,
    notes: draft.notes,
  };
}
