import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readXlsx, writeXlsx, type XlsxColumn } from '../../../src/main/domain/transfer/formats/xlsx';
import { inspectZip } from '../../../src/main/domain/transfer/formats/zip-guard';
import { FileFormatError } from '../../../src/main/domain/transfer/formats/table';

async function loadWithExcelJs(buffer: Buffer): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  const sheet = workbook.worksheets[0];
  if (sheet === undefined) throw new Error('no sheet');
  return sheet;
}

async function workbookBuffer(build: (workbook: ExcelJS.Workbook) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  build(workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function expectFormatError(
  promise: Promise<unknown>,
  expected: Record<string, unknown>,
): Promise<void> {
  const error: unknown = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(FileFormatError);
  expect(error).toMatchObject(expected);
}

interface ZipEntrySpec {
  name: string;
  content: Buffer;
  /** Lie about the uncompressed size in both headers. */
  declaredSize?: number;
}

/** A minimal deflate zip writer, so the tests can build hostile archives byte by byte. */
function buildZip(entries: ZipEntrySpec[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const data = deflateRawSync(entry.content);
    const size = entry.declaredSize ?? entry.content.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const CUSTOMER_COLUMNS: XlsxColumn[] = [
  { header: '姓名', type: 'text' },
  { header: '手机', type: 'text' },
  { header: '生日', type: 'date' },
  { header: '消费', type: 'money' },
  { header: '时间', type: 'datetime' },
  { header: '次数', type: 'integer' },
  { header: '同意', type: 'boolean' },
];

describe('writeXlsx', () => {
  it('writes typed cells: dates as dates, money as numbers, phones as text', async () => {
    const buffer = await writeXlsx(CUSTOMER_COLUMNS, [
      ['张三', '+8613812345678', '1990-01-15', 123456, '2024-03-05 14:30:00', 7, true],
      ['=1+1', '00123', '--03-05', -5, '2024-03-05T14:30:00+08:00', null, false],
    ]);
    const sheet = await loadWithExcelJs(buffer);
    const first = sheet.getRow(2);
    expect(sheet.getRow(1).getCell(1).value).toBe('姓名');
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(first.getCell(2).value).toBe('+8613812345678');
    expect(first.getCell(3).value).toEqual(new Date(Date.UTC(1990, 0, 15)));
    expect(first.getCell(3).numFmt).toBe('yyyy-mm-dd');
    expect(first.getCell(4).value).toBe(1234.56);
    expect(first.getCell(4).numFmt).toBe('#,##0.00');
    expect(first.getCell(5).value).toEqual(new Date(Date.UTC(2024, 2, 5, 14, 30, 0)));
    expect(first.getCell(6).value).toBe(7);
    expect(first.getCell(7).value).toBe(true);
    const second = sheet.getRow(3);
    // Values that do not fit their column type are kept as text, never lost.
    expect(second.getCell(1).value).toBe('=1+1');
    expect(second.getCell(2).value).toBe('00123');
    expect(second.getCell(3).value).toBe('--03-05');
    expect(second.getCell(4).value).toBe(-0.05);
    expect(second.getCell(5).value).toBe('2024-03-05T14:30:00+08:00');
  });

  it('uses the currency decimals for money', async () => {
    const buffer = await writeXlsx([{ header: 'JPY', type: 'money' }], [[1500]], { minorDigits: 0 });
    const cell = (await loadWithExcelJs(buffer)).getRow(2).getCell(1);
    expect(cell.value).toBe(1500);
    expect(cell.numFmt).toBe('#,##0');
  });
});

describe('readXlsx', () => {
  it('reads back what writeXlsx wrote, as the strings a CSV export would show', async () => {
    const buffer = await writeXlsx(CUSTOMER_COLUMNS, [
      ['张三', '+8613812345678', '1990-01-15', 123456, '2024-03-05 14:30:00', 7, true],
      ['😀 "引号", 逗号\n换行', '', '', 0, '2024-03-05 00:00:00', 0, false],
    ]);
    const result = await readXlsx(buffer);
    expect(result).toEqual({
      headers: ['姓名', '手机', '生日', '消费', '时间', '次数', '同意'],
      headerLine: 1,
      rows: [
        {
          line: 2,
          cells: ['张三', '+8613812345678', '1990-01-15', '1234.56', '2024-03-05 14:30:00', '7', 'true'],
        },
        // Midnight keeps its time: the cell's format shows hours.
        { line: 3, cells: ['😀 "引号", 逗号\n换行', '', '', '0', '2024-03-05 00:00:00', '0', 'false'] },
      ],
      problems: [],
      blankRowsSkipped: 0,
      skippedAboveHeader: [],
      sheetName: 'Sheet1',
      sheetNames: ['Sheet1'],
    });
  });

  it('reads rich text, formulas, hyperlinks, merges, Chinese date formats, float noise and blank rows', async () => {
    const buffer = await workbookBuffer((workbook) => {
      const sheet = workbook.addWorksheet('客户');
      sheet.addRow(['姓名', '金额', '日期', '链接', '合并', '']);
      sheet.addRow([
        { richText: [{ text: '张', font: { bold: true } }, { text: '三' }] },
        { formula: 'A9*2', result: 0.1 + 0.2 },
        new Date(Date.UTC(2024, 2, 5)),
        { text: '官网', hyperlink: 'https://example.com' },
        '甲',
        null,
      ]);
      sheet.getCell('C2').numFmt = 'yyyy"年"m"月"d"日"';
      sheet.mergeCells('E2:F2');
      sheet.addRow([]);
      sheet.addRow(['李四', 45356, { error: '#N/A' }, null, null, null]);
      sheet.addRow(['王五', 13812345678, null, null, null, 'extra']);
    });
    const result = await readXlsx(buffer);
    expect(result.headers).toEqual(['姓名', '金额', '日期', '链接', '合并']);
    expect(result.rows).toEqual([
      { line: 2, cells: ['张三', '0.3', '2024-03-05', '官网', '甲'] },
      { line: 4, cells: ['李四', '45356', '#N/A', '', ''] },
    ]);
    expect(result.problems).toEqual([
      { line: 5, code: 'too_many_fields', params: { expected: 5, found: 6 } },
    ]);
    expect(result.sheetName).toBe('客户');
  });

  it('skips a merged title row above the header', async () => {
    const buffer = await workbookBuffer((workbook) => {
      const sheet = workbook.addWorksheet('客户');
      sheet.addRow(['客户名单（2024年3月）']);
      sheet.mergeCells('A1:C1');
      sheet.addRow(['姓名', '手机', '生日']);
      sheet.addRow(['张三', '13812345678', '1990-01-15']);
    });
    const result = await readXlsx(buffer);
    expect(result).toMatchObject({
      headers: ['姓名', '手机', '生日'],
      headerLine: 2,
      skippedAboveHeader: [{ line: 1, text: '客户名单（2024年3月）' }],
      rows: [{ line: 3, cells: ['张三', '13812345678', '1990-01-15'] }],
    });
  });

  it('reads the first tab by default, or a named or numbered one', async () => {
    const buffer = await workbookBuffer((workbook) => {
      workbook.addWorksheet('说明').addRow(['readme']);
      workbook.addWorksheet('数据').addRow(['姓名']);
    });
    expect((await readXlsx(buffer)).headers).toEqual(['readme']);
    expect((await readXlsx(buffer, { sheet: '数据' })).headers).toEqual(['姓名']);
    expect((await readXlsx(buffer, { sheet: 1 })).sheetNames).toEqual(['说明', '数据']);
    await expectFormatError(readXlsx(buffer, { sheet: '不存在' }), { code: 'no_worksheet' });
  });

  it('reads an empty worksheet as an empty table', async () => {
    const buffer = await workbookBuffer((workbook) => workbook.addWorksheet('空'));
    expect(await readXlsx(buffer)).toMatchObject({ headers: [], headerLine: 0, rows: [], problems: [] });
  });
});

describe('readXlsx limits', () => {
  const sheetXml = (cells: number): Buffer =>
    Buffer.from(
      `<worksheet><sheetData><row r="1">${'<c r="A1" t="n"><v>1</v></c>'.repeat(cells)}</row></sheetData></worksheet>`,
    );

  it('refuses a file over the size limit', async () => {
    await expectFormatError(readXlsx(Buffer.alloc(2000), { limits: { maxFileBytes: 1000 } }), {
      code: 'file_too_large',
      params: { limit: 1000, actual: 2000 },
    });
  });

  it('counts worksheet cells exactly and refuses one over the limit', async () => {
    const rows = Array.from({ length: 100 }, (_, index) => [`客户${index}`, index, '2024-01-01']);
    const buffer = await writeXlsx(
      [
        { header: 'a', type: 'text' },
        { header: 'b', type: 'integer' },
        { header: 'c', type: 'date' },
      ],
      rows,
    );
    const limits = { maxUncompressedBytes: 10_000_000, maxEntries: 100, maxCells: 303 };
    expect((await inspectZip(buffer, limits)).worksheetCells).toBe(303);
    await expectFormatError(readXlsx(buffer, { limits: { maxCells: 302 } }), { code: 'too_many_cells' });
    expect((await readXlsx(buffer, { limits: { maxCells: 303 } })).rows).toHaveLength(100);
  });

  it('counts namespaced cell tags and tags split across inflate chunks', async () => {
    // 50 000 cells ≈ 1.4 MB of XML: many 16 KiB inflate chunks, so tags straddle chunk borders.
    const zip = buildZip([{ name: 'xl/worksheets/sheet1.xml', content: sheetXml(50_000) }]);
    const limits = { maxUncompressedBytes: 10_000_000, maxEntries: 10, maxCells: 1_000_000 };
    expect((await inspectZip(zip, limits)).worksheetCells).toBe(50_000);
    const prefixed = Buffer.from(
      '<x:sheetData><x:row><x:c r="A1"/><x:c r="B1"><x:v>1</x:v></x:c><col/></x:row></x:sheetData>',
    );
    const prefixedZip = buildZip([{ name: 'xl/worksheets/sheet1.xml', content: prefixed }]);
    expect((await inspectZip(prefixedZip, limits)).worksheetCells).toBe(2);
  });

  it('stops a zip bomb by real inflated size, even when the zip directory lies', async () => {
    const bomb = Buffer.alloc(20 * 1024 * 1024, 0x20); // 20 MiB of spaces deflates to ~20 KiB
    const honest = buildZip([{ name: 'xl/sharedStrings.xml', content: bomb }]);
    const lying = buildZip([{ name: 'xl/sharedStrings.xml', content: bomb, declaredSize: 10 }]);
    expect(honest.length).toBeLessThan(100 * 1024);
    for (const zip of [honest, lying]) {
      await expectFormatError(readXlsx(zip, { limits: { maxUncompressedBytes: 1024 * 1024 } }), {
        code: 'uncompressed_too_large',
        params: { limit: 1024 * 1024 },
      });
    }
  });

  it('refuses archives with too many entries', async () => {
    const entries = Array.from({ length: 20 }, (_, index) => ({
      name: `x/${index}.xml`,
      content: Buffer.from('x'),
    }));
    await expectFormatError(readXlsx(buildZip(entries), { limits: { maxEntries: 10 } }), {
      code: 'too_many_zip_entries',
      params: { limit: 10, actual: 20 },
    });
  });

  it('refuses files that are not xlsx: text, legacy .xls, corrupt deflate data', async () => {
    await expectFormatError(readXlsx(Buffer.from('姓名,手机\n张三,138\n')), { code: 'not_xlsx' });
    const ole = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(512),
    ]);
    await expectFormatError(readXlsx(ole), { code: 'not_xlsx', params: { detected: 'ole' } });
    const zip = buildZip([{ name: 'xl/worksheets/sheet1.xml', content: sheetXml(10) }]);
    // Overwrite the start of the deflate stream with an invalid block type.
    const dataStart = 30 + 'xl/worksheets/sheet1.xml'.length;
    zip.fill(0xff, dataStart, dataStart + 4);
    await expectFormatError(readXlsx(zip), {
      code: 'not_xlsx',
      params: { detected: 'corrupt_deflate_data' },
    });
  });
});
