import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { readImportFile } from '../../../src/main/domain/transfer/import';
import {
  headersOfCsv,
  STREAM_FROM_ROWS,
  worthStreaming,
} from '../../../src/main/domain/transfer/import-streamed';
import { writeXlsx } from '../../../src/main/domain/transfer/formats';

function purchaseLines(rows: number): string[] {
  const lines = ['客户编号,日期,金额'];
  for (let i = 0; i < rows; i++) lines.push(`M${i % 50},2025-01-${1 + (i % 28)},${i}`);
  return lines;
}

describe('which files the CLI streams through a helper thread', () => {
  it('a purchase CSV from STREAM_FROM_ROWS data rows on; never customers or a workbook', async () => {
    const atThreshold = Buffer.from(purchaseLines(STREAM_FROM_ROWS).join('\n'));
    const below = Buffer.from(purchaseLines(STREAM_FROM_ROWS - 1).join('\n'));
    expect(worthStreaming('purchases', atThreshold, 'p.csv')).toBe(true);
    expect(worthStreaming('purchases', below, 'p.csv')).toBe(false);
    expect(worthStreaming('customers', atThreshold, 'p.csv')).toBe(false);
    const workbook = await writeXlsx([{ header: '客户编号', type: 'text' }], [['M1']]);
    expect(worthStreaming('purchases', workbook, 'p.xlsx')).toBe(false);
  });
});

function crOnlyCutInsideACharacter(): Buffer {
  for (let pad = 0; pad < 64; pad++) {
    const lines = [`消费记录导出${'#'.repeat(pad)}`, ...purchaseLines(20_000).map((line) => `会员${line}`)];
    lines[1] = '客户编号,日期,金额';
    const bytes = Buffer.from(lines.join('\r'));
    if (((bytes[256 * 1024] ?? 0) & 0xc0) === 0x80) return bytes;
  }
  throw new Error('no padding put the mark inside a character');
}

describe('headersOfCsv reads the headers from the head of a file', () => {
  /** Two title rows above the header and far more than the head's 256 KiB of rows. */
  const text = ['消费记录导出', '门店：总店', ...purchaseLines(40_000)].join('\r\n');

  it.each([
    ['GB18030 (as Chinese Excel saves it)', iconv.encode(text, 'gb18030')],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])],
    ['UTF-16LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf16le')])],
    // Lines ended by CR alone, Chinese on every line, and the 256 KiB mark inside a character: the
    // head is still cut at a line break (a cut inside a character makes it undecodable as UTF-8).
    ['UTF-8, CR line ends', crOnlyCutInsideACharacter()],
  ])('%s: the same headers as the whole file gives', async (_name, bytes) => {
    expect(bytes.byteLength).toBeGreaterThan(256 * 1024);
    const whole = await readImportFile(bytes, 'p.csv');
    expect(whole.table.headers).toEqual(['客户编号', '日期', '金额']);
    expect(await headersOfCsv(bytes, 'p.csv')).toEqual(whole.table.headers);
  });

  it('a small file is read whole', async () => {
    expect(await headersOfCsv(Buffer.from('姓名;手机\n张三;13800138000\n'), 'c.csv')).toEqual([
      '姓名',
      '手机',
    ]);
  });
});
