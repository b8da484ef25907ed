import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeText, encodeUtf8WithBom } from '../../../src/main/domain/transfer/formats/encoding';

const SAMPLE = '姓名,手机,备注\r\n张三,13812345678,喜欢拿铁 ☕\r\n';
const GBK_SAMPLE = '姓名,手机,备注\r\n张三,13812345678,喜欢拿铁\r\n';

describe('decodeText', () => {
  it('strips a UTF-8 BOM and reports it', () => {
    expect(decodeText(encodeUtf8WithBom(SAMPLE))).toEqual({
      text: SAMPLE,
      encoding: 'utf-8',
      bom: true,
      replacementCharacters: 0,
    });
  });

  it('takes BOM-less valid UTF-8 as UTF-8', () => {
    expect(decodeText(Buffer.from(SAMPLE, 'utf8'))).toEqual({
      text: SAMPLE,
      encoding: 'utf-8',
      bom: false,
      replacementCharacters: 0,
    });
  });

  it('falls back to GB18030 for GBK bytes written by Chinese Excel', () => {
    const bytes = iconv.encode(GBK_SAMPLE, 'gbk');
    expect(decodeText(bytes)).toEqual({
      text: GBK_SAMPLE,
      encoding: 'gb18030',
      bom: false,
      replacementCharacters: 0,
    });
  });

  it('reads GB18030 four-byte sequences (characters outside GBK)', () => {
    const text = '客户,𠮷野家\r\n';
    expect(decodeText(iconv.encode(text, 'gb18030'))).toMatchObject({ text, encoding: 'gb18030' });
  });

  it('reads UTF-16LE with BOM (Excel "Unicode text") and UTF-16BE with BOM', () => {
    const little = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SAMPLE, 'utf16le')]);
    expect(decodeText(little)).toMatchObject({ text: SAMPLE, encoding: 'utf-16le', bom: true });
    const big = Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(SAMPLE, 'utf16-be')]);
    expect(decodeText(big)).toMatchObject({ text: SAMPLE, encoding: 'utf-16be', bom: true });
  });

  it('counts bytes that are invalid even in GB18030', () => {
    // 0xFF never appears in GB18030; the decoder replaces it.
    const bytes = Buffer.concat([iconv.encode('姓名', 'gbk'), Buffer.from([0xff])]);
    const decoded = decodeText(bytes);
    expect(decoded.encoding).toBe('gb18030');
    expect(decoded.replacementCharacters).toBe(1);
  });

  it('honours a forced encoding', () => {
    expect(decodeText(Buffer.from('abc', 'utf8'), 'gb18030')).toMatchObject({
      text: 'abc',
      encoding: 'gb18030',
    });
    expect(decodeText(encodeUtf8WithBom('x'), 'utf-8')).toMatchObject({ text: 'x', bom: true });
  });

  it('decodes an empty file as empty UTF-8', () => {
    expect(decodeText(new Uint8Array())).toEqual({
      text: '',
      encoding: 'utf-8',
      bom: false,
      replacementCharacters: 0,
    });
  });
});
