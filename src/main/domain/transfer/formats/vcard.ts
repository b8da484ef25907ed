/**
 * vCard 4.0 (RFC 6350) export of customers for phones and mail clients, and a tolerant parser
 * (4.0 and the common 3.0 forms) used to prove the export round-trips.
 *
 * Choices:
 * - WeChat IDs go into `X-WECHAT`: IMPP needs a URI and WeChat has no public URI scheme for an
 *   ID, and extension properties are preserved by clients that do not understand them.
 * - The free-text address goes into the street component of ADR (the shop does not store it
 *   split into city/region).
 * - Line breaks inside values are written as `\n`; a CR LF inside a value therefore reads back
 *   as LF — vCard cannot tell them apart.
 * - Lines are folded at 75 octets, never inside a UTF-8 sequence (so never inside a Chinese
 *   character or an emoji).
 */

export type VCardPhoneType = 'cell' | 'home' | 'work' | 'voice';

export interface VCardPhone {
  /** E.164 (+8613812345678) is written as a tel: URI; anything else as text. */
  number: string;
  type?: VCardPhoneType;
}

export interface VCardContact {
  /** A UUID (written as urn:uuid:…) or any other stable identifier. */
  uid: string;
  kind?: 'individual' | 'org';
  fullName: string;
  familyName?: string;
  givenName?: string;
  phones: VCardPhone[];
  emails: string[];
  /** YYYY-MM-DD, or --MM-DD when the year is unknown. */
  birthday?: string;
  address?: string;
  note?: string;
  organization?: string;
  title?: string;
  wechat?: string;
  categories: string[];
}

const MAX_LINE_OCTETS = 75;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const E164 = /^\+[1-9]\d{1,14}$/;

/** Escapes a TEXT value component (RFC 6350 §3.4): backslash, comma, semicolon, line breaks. */
export function escapeText(value: string): string {
  return value
    .replaceAll('\\', '\\\\')
    .replace(/\r\n|\r|\n/g, '\\n')
    .replaceAll(',', '\\,')
    .replaceAll(';', '\\;');
}

function utf8Length(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}

/** Folds one content line: the first at most 75 octets, continuations a space plus 74. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  let limit = MAX_LINE_OCTETS;
  for (const char of line) {
    const size = utf8Length(char.codePointAt(0) ?? 0);
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
      limit = MAX_LINE_OCTETS - 1;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

function formatBirthday(value: string): string | null {
  const full = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (full) return `${full[1]}${full[2]}${full[3]}`;
  const monthDay = /^--(\d{2})-?(\d{2})$/.exec(value);
  if (monthDay) return `--${monthDay[1]}${monthDay[2]}`;
  return null;
}

function cardLines(contact: VCardContact): string[] {
  const lines = ['BEGIN:VCARD', 'VERSION:4.0'];
  lines.push(
    `UID:${UUID.test(contact.uid) ? `urn:uuid:${contact.uid.toLowerCase()}` : escapeText(contact.uid)}`,
  );
  if (contact.kind === 'org') lines.push('KIND:org');
  lines.push(`FN:${escapeText(contact.fullName)}`);
  lines.push(`N:${escapeText(contact.familyName ?? '')};${escapeText(contact.givenName ?? '')};;;`);
  if (contact.organization) lines.push(`ORG:${escapeText(contact.organization)}`);
  if (contact.title) lines.push(`TITLE:${escapeText(contact.title)}`);
  for (const phone of contact.phones) {
    const type = phone.type === undefined ? '' : `;TYPE=${phone.type}`;
    lines.push(
      E164.test(phone.number)
        ? `TEL;VALUE=uri${type}:tel:${phone.number}`
        : `TEL;VALUE=text${type}:${escapeText(phone.number)}`,
    );
  }
  for (const email of contact.emails) lines.push(`EMAIL:${escapeText(email)}`);
  if (contact.birthday) {
    const birthday = formatBirthday(contact.birthday);
    lines.push(birthday === null ? `BDAY;VALUE=text:${escapeText(contact.birthday)}` : `BDAY:${birthday}`);
  }
  if (contact.address) lines.push(`ADR:;;${escapeText(contact.address)};;;;`);
  if (contact.wechat) lines.push(`X-WECHAT:${escapeText(contact.wechat)}`);
  if (contact.categories.length > 0) lines.push(`CATEGORIES:${contact.categories.map(escapeText).join(',')}`);
  if (contact.note) lines.push(`NOTE:${escapeText(contact.note)}`);
  lines.push('END:VCARD');
  return lines;
}

/** A .vcf file body (UTF-8, CRLF, folded). Encode with Buffer.from(text, 'utf8'). */
export function writeVCards(contacts: Iterable<VCardContact>): string {
  const lines: string[] = [];
  for (const contact of contacts) for (const line of cardLines(contact)) lines.push(foldLine(line));
  return lines.length === 0 ? '' : `${lines.join('\r\n')}\r\n`;
}

// ---------------------------------------------------------------- parsing

interface ContentLine {
  name: string;
  params: Map<string, string[]>;
  value: string;
}

/** Unfolds at byte level first, so a fold inside a UTF-8 sequence by another writer still works. */
function unfold(input: string | Uint8Array): string {
  if (typeof input === 'string') return input.replace(/\r?\n[ \t]/g, '');
  const bytes: number[] = [];
  for (let index = 0; index < input.length; index++) {
    const byte = input[index] ?? 0;
    const next = input[index + 1];
    if (byte === 13 && next === 10 && (input[index + 2] === 32 || input[index + 2] === 9)) {
      index += 2;
      continue;
    }
    if (byte === 10 && (next === 32 || next === 9)) {
      index += 1;
      continue;
    }
    bytes.push(byte);
  }
  return new TextDecoder('utf-8', { ignoreBOM: false }).decode(Uint8Array.from(bytes));
}

/** Splits on a separator not preceded by an (unescaped) backslash, then unescapes each part. */
function splitEscaped(value: string, separator: ',' | ';'): string[] {
  const parts: string[] = [];
  let current = '';
  for (let index = 0; index < value.length; index++) {
    const char = value[index];
    if (char === '\\' && index + 1 < value.length) {
      current += char + (value[index + 1] ?? '');
      index++;
    } else if (char === separator) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts.map(unescapeText);
}

export function unescapeText(value: string): string {
  return value.replace(/\\([\\,;nN])/g, (_, char: string) => (char === 'n' || char === 'N' ? '\n' : char));
}

function decodeParamValue(value: string): string {
  // RFC 6868 caret escapes.
  return value.replace(/\^(\^|n|')/g, (_, char: string) => (char === 'n' ? '\n' : char === "'" ? '"' : '^'));
}

function parseContentLine(line: string): ContentLine | null {
  let inQuotes = false;
  let colon = -1;
  for (let index = 0; index < line.length; index++) {
    const char = line[index];
    if (char === '"') inQuotes = !inQuotes;
    else if (char === ':' && !inQuotes) {
      colon = index;
      break;
    }
  }
  if (colon < 0) return null;
  const head = line.slice(0, colon);
  const segments = head.match(/(?:[^;"]|"[^"]*")+/g) ?? [];
  const [fullName = '', ...paramSegments] = segments;
  const name = (
    fullName.includes('.') ? fullName.slice(fullName.lastIndexOf('.') + 1) : fullName
  ).toUpperCase();
  const params = new Map<string, string[]>();
  for (const segment of paramSegments) {
    const equals = segment.indexOf('=');
    // vCard 3.0 allows a bare type: TEL;CELL:…
    const key = (equals < 0 ? 'TYPE' : segment.slice(0, equals)).toUpperCase();
    const rawValues = equals < 0 ? segment : segment.slice(equals + 1);
    const values = (rawValues.match(/"[^"]*"|[^,]+/g) ?? []).map((item) =>
      decodeParamValue(item.replace(/^"|"$/g, '')).toLowerCase(),
    );
    params.set(key, [...(params.get(key) ?? []), ...values]);
  }
  return { name, params, value: line.slice(colon + 1) };
}

const PHONE_TYPES: readonly VCardPhoneType[] = ['cell', 'home', 'work', 'voice'];

function parseBirthday(value: string): string {
  const basic = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(value);
  if (basic) return `${basic[1]}-${basic[2]}-${basic[3]}`;
  const monthDay = /^--(\d{2})-?(\d{2})$/.exec(value);
  if (monthDay) return `--${monthDay[1]}-${monthDay[2]}`;
  return unescapeText(value);
}

function emptyContact(): VCardContact {
  return { uid: '', fullName: '', phones: [], emails: [], categories: [] };
}

function applyLine(contact: VCardContact, line: ContentLine): void {
  const { name, params, value } = line;
  switch (name) {
    case 'UID':
      contact.uid = unescapeText(value).replace(/^urn:uuid:/i, '');
      break;
    case 'KIND':
      if (value.toLowerCase() === 'org') contact.kind = 'org';
      else if (value.toLowerCase() === 'individual') contact.kind = 'individual';
      break;
    case 'FN':
      contact.fullName = unescapeText(value);
      break;
    case 'N': {
      const [family = '', given = ''] = splitEscaped(value, ';');
      if (family !== '') contact.familyName = family;
      if (given !== '') contact.givenName = given;
      break;
    }
    case 'ORG':
      contact.organization = splitEscaped(value, ';')
        .filter((part) => part !== '')
        .join(' ');
      break;
    case 'TITLE':
      contact.title = unescapeText(value);
      break;
    case 'TEL': {
      const number = value.toLowerCase().startsWith('tel:') ? value.slice(4) : unescapeText(value);
      const type = (params.get('TYPE') ?? []).find((item): item is VCardPhoneType =>
        PHONE_TYPES.includes(item as VCardPhoneType),
      );
      contact.phones.push(type === undefined ? { number } : { number, type });
      break;
    }
    case 'EMAIL':
      contact.emails.push(unescapeText(value));
      break;
    case 'BDAY':
      contact.birthday = parseBirthday(value);
      break;
    case 'ADR':
      contact.address = splitEscaped(value, ';')
        .filter((part) => part !== '')
        .join(' ');
      break;
    case 'X-WECHAT':
      contact.wechat = unescapeText(value);
      break;
    case 'CATEGORIES':
      contact.categories.push(...splitEscaped(value, ',').filter((part) => part !== ''));
      break;
    case 'NOTE':
      contact.note = unescapeText(value);
      break;
    default:
      break;
  }
}

/** Parses every BEGIN:VCARD … END:VCARD block; unknown properties are ignored. */
export function parseVCards(input: string | Uint8Array): VCardContact[] {
  const contacts: VCardContact[] = [];
  let current: VCardContact | null = null;
  for (const rawLine of unfold(input).split(/\r\n|\r|\n/)) {
    const line = rawLine.replace(/^\uFEFF/, '');
    if (line.trim() === '') continue;
    const parsed = parseContentLine(line);
    if (parsed === null) continue;
    if (parsed.name === 'BEGIN' && parsed.value.toUpperCase() === 'VCARD') current = emptyContact();
    else if (parsed.name === 'END' && parsed.value.toUpperCase() === 'VCARD') {
      if (current !== null) contacts.push(current);
      current = null;
    } else if (current !== null) applyLine(current, parsed);
  }
  return contacts;
}
