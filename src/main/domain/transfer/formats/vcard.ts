/**
 * vCard 4.0 (RFC 6350) export of customers for phones and mail clients, and a tolerant parser
 * (4.0, 3.0 and the 2.1 that phones export) that the customer import reads .vcf files with.
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
import iconv from 'iconv-lite';
import { decodeText } from './encoding';
import { joinPersonName } from './name-parts';

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
const HEX = '0123456789abcdef';
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

/** A card and the line of the file its BEGIN:VCARD is on (1-based). */
export interface LocatedVCard {
  contact: VCardContact;
  line: number;
}

const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const COLON = 0x3a;
const QUOTE = 0x22;
const EQUALS = 0x3d;

/** The properties a card is read from (applyLine); the rest (PHOTO above all) are never decoded. */
const READ_PROPERTIES: ReadonlySet<string> = new Set([
  'BEGIN',
  'END',
  'UID',
  'KIND',
  'FN',
  'N',
  'ORG',
  'TITLE',
  'TEL',
  'EMAIL',
  'BDAY',
  'ADR',
  'X-WECHAT',
  'CATEGORIES',
  'NOTE',
]);

/**
 * A content line put back together from its physical lines, as pieces of the file (views, not
 * copies: a phone's export with photos runs to tens of megabytes).
 */
interface RawContentLine {
  line: number;
  pieces: Uint8Array[];
  quotedPrintable: boolean;
}

/** Where the property's name and parameters end (the first colon outside quotes), or -1. */
function headEnd(bytes: Uint8Array): number {
  let inQuotes = false;
  for (let index = 0; index < bytes.length; index++) {
    const byte = bytes[index];
    if (byte === QUOTE) inQuotes = !inQuotes;
    else if (byte === COLON && !inQuotes) return index;
  }
  return -1;
}

function isQuotedPrintable(head: string): boolean {
  return /;\s*(?:ENCODING\s*=\s*)?(?:QUOTED-PRINTABLE|"QUOTED-PRINTABLE")\s*(?:;|$)/i.test(head);
}

function asciiOf(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/**
 * Splits the file into content lines at byte level, so that a fold inside a multi-byte character
 * by another writer still joins up: a line starting with a space or tab continues the one before
 * (vCard 3.0/4.0 folding), and so does the line after a quoted-printable value ending in "="
 * (vCard 2.1's soft line break, as phones still export non-ASCII names).
 */
function contentLines(bytes: Uint8Array): RawContentLine[] {
  const lines: RawContentLine[] = [];
  let current: RawContentLine | null = null;
  let softBreak = false;
  let lineNumber = 0;
  let start = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(LF, start);
    if (end < 0) end = bytes.length;
    lineNumber++;
    let stop = end;
    if (stop > start && bytes[stop - 1] === CR) stop--;
    let physical = bytes.subarray(start, stop);
    start = end + 1;
    const folded = physical.length > 0 && (physical[0] === SPACE || physical[0] === TAB);
    if (current !== null && (softBreak || folded)) {
      current.pieces.push(softBreak ? physical : physical.subarray(1));
    } else {
      const colon = headEnd(physical);
      current = {
        line: lineNumber,
        pieces: [physical],
        quotedPrintable: colon >= 0 && isQuotedPrintable(asciiOf(physical.subarray(0, colon))),
      };
      lines.push(current);
    }
    physical = current.pieces.at(-1)!;
    softBreak = current.quotedPrintable && physical.at(-1) === EQUALS;
    if (softBreak) current.pieces[current.pieces.length - 1] = physical.subarray(0, physical.length - 1);
  }
  return lines;
}

function decodeQuotedPrintable(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  let length = 0;
  const hex = (byte: number | undefined): number =>
    byte === undefined ? -1 : HEX.indexOf(String.fromCharCode(byte).toLowerCase());
  for (let index = 0; index < bytes.length; index++) {
    const byte = bytes[index]!;
    const high = hex(bytes[index + 1]);
    const low = hex(bytes[index + 2]);
    if (byte === EQUALS && high >= 0 && low >= 0) {
      out[length++] = high * 16 + low;
      index += 2;
    } else out[length++] = byte;
  }
  return out.subarray(0, length);
}

function decodeBytes(bytes: Uint8Array, charset: string): string {
  return iconv.decode(
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    iconv.encodingExists(charset) ? charset : 'utf-8',
  );
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function isUtf8(bytes: Uint8Array): boolean {
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** A line of a property the parser reads: its head (name and parameters) and its value's bytes. */
interface ReadLine {
  line: number;
  head: string;
  value: Uint8Array;
  quotedPrintable: boolean;
}

/**
 * Parses every BEGIN:VCARD … END:VCARD block, noting the line each begins on; unknown properties
 * are ignored. Reads vCard 4.0 and 3.0, and 2.1 as phones export it: quoted-printable values, a
 * CHARSET per property, and a file in GB18030 when it is not valid UTF-8 (older Chinese phones).
 */
export function parseVCardsWithLines(input: string | Uint8Array): LocatedVCard[] {
  let bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const bom = decodeText(bytes.subarray(0, 4));
  if (bom.bom && bom.encoding !== 'utf-8') bytes = Buffer.from(decodeText(bytes).text, 'utf8');
  else if (bom.bom) bytes = bytes.subarray(3);
  const read: ReadLine[] = [];
  for (const raw of contentLines(bytes)) {
    const whole = raw.pieces.length === 1 ? raw.pieces[0]! : Buffer.concat(raw.pieces);
    const colon = headEnd(whole);
    if (colon < 0) continue;
    const head = asciiOf(whole.subarray(0, colon));
    const name = /^\s*(?:[^.;:]*\.)?([^;:]*)/.exec(head)?.[1]?.trim().toUpperCase() ?? '';
    if (!READ_PROPERTIES.has(name)) continue;
    read.push({
      line: raw.line,
      head,
      value: whole.subarray(colon + 1),
      quotedPrintable: raw.quotedPrintable,
    });
  }
  // Whether the file is UTF-8 is told from the unfolded values read: a fold inside a character is
  // not an encoding error, and a photo is not text.
  const fileCharset = read.every((line) => isUtf8(line.value)) ? 'utf-8' : 'gb18030';
  const cards: LocatedVCard[] = [];
  let current: LocatedVCard | null = null;
  for (const raw of read) {
    const charset = /;\s*CHARSET\s*=\s*"?([^;:"]+)"?/i.exec(raw.head)?.[1]?.trim() ?? fileCharset;
    const value = decodeBytes(raw.quotedPrintable ? decodeQuotedPrintable(raw.value) : raw.value, charset);
    const parsed = parseContentLine(`${raw.head}:${value}`);
    if (parsed === null) continue;
    if (parsed.name === 'BEGIN' && parsed.value.trim().toUpperCase() === 'VCARD')
      current = { contact: emptyContact(), line: raw.line };
    else if (parsed.name === 'END' && parsed.value.trim().toUpperCase() === 'VCARD') {
      if (current !== null) {
        // vCard 2.1 and 3.0 cards may leave FN out; N says the name then.
        const contact = current.contact;
        if (contact.fullName === '') contact.fullName = nameFromParts(contact);
        cards.push(current);
      }
      current = null;
    } else if (current !== null) applyLine(current.contact, parsed);
  }
  return cards;
}

/** The name from N's parts (Chinese: family first, no space); an organisation's card, its ORG. */
function nameFromParts(contact: VCardContact): string {
  return (
    joinPersonName({ family: contact.familyName ?? '', given: contact.givenName ?? '' }) ||
    (contact.organization ?? '')
  );
}

/** Parses every BEGIN:VCARD … END:VCARD block; unknown properties are ignored. */
export function parseVCards(input: string | Uint8Array): VCardContact[] {
  return parseVCardsWithLines(input).map((card) => card.contact);
}
