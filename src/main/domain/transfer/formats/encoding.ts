/**
 * Text decoding for imported files. Chinese Excel saves "CSV" in the ANSI code page (GBK) without
 * a BOM, Excel's "Unicode text" is UTF-16LE with a BOM, and everything else is UTF-8 with or
 * without BOM. Detection order: BOM → strict UTF-8 → GB18030 (a superset of GBK and GB2312).
 *
 * Known limit: a short GBK file can by chance also be valid UTF-8 (the classic is "联通");
 * UTF-8 wins then. Callers can force an encoding when the user says the preview is garbled.
 */
import iconv from 'iconv-lite';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

export interface DecodedText {
  /** The text, without its BOM. */
  text: string;
  encoding: TextEncodingName;
  bom: boolean;
  /**
   * U+FFFD characters in the decoded text. After strict UTF-8 detection it is 0 (decoding would
   * have failed instead); otherwise a non-zero count means bytes that were not valid in the
   * chosen encoding, e.g. a Big5 file read as GB18030: warn and offer a forced encoding.
   */
  replacementCharacters: number;
}

const BOMS: Record<TextEncodingName, readonly number[]> = {
  'utf-8': [0xef, 0xbb, 0xbf],
  'utf-16le': [0xff, 0xfe],
  'utf-16be': [0xfe, 0xff],
  gb18030: [],
};

function countReplacements(text: string): number {
  let count = 0;
  for (let index = text.indexOf('\uFFFD'); index !== -1; index = text.indexOf('\uFFFD', index + 1)) count++;
  return count;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.length > 0 && prefix.every((value, index) => bytes[index] === value);
}

function decodeAs(bytes: Uint8Array, encoding: TextEncodingName, fatal: boolean): DecodedText {
  const bom = startsWith(bytes, BOMS[encoding]);
  const body = bom ? bytes.subarray(BOMS[encoding].length) : bytes;
  const text =
    encoding === 'gb18030'
      ? iconv.decode(Buffer.from(body.buffer, body.byteOffset, body.byteLength), 'gb18030')
      : new TextDecoder(encoding, { fatal, ignoreBOM: true }).decode(body);
  return { text, encoding, bom, replacementCharacters: countReplacements(text) };
}

/**
 * Decodes a whole file. `forced` skips detection (a BOM matching the forced encoding is still
 * removed).
 */
export function decodeText(bytes: Uint8Array, forced?: TextEncodingName): DecodedText {
  if (forced !== undefined) return decodeAs(bytes, forced, false);
  for (const encoding of ['utf-8', 'utf-16le', 'utf-16be'] as const) {
    if (startsWith(bytes, BOMS[encoding])) return decodeAs(bytes, encoding, false);
  }
  try {
    const decoded = decodeAs(bytes, 'utf-8', true);
    // Strict decoding succeeded, so any U+FFFD was written literally in the file.
    return { ...decoded, replacementCharacters: 0 };
  } catch {
    return decodeAs(bytes, 'gb18030', false);
  }
}

/** UTF-8 with BOM: the only encoding Excel on Windows opens Chinese CSV correctly from. */
export function encodeUtf8WithBom(text: string): Buffer {
  return Buffer.concat([Buffer.from(BOMS['utf-8']), Buffer.from(text, 'utf8')]);
}
