import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import {
  CsvFileWriter,
  detectDelimiter,
  formatCsv,
  neutraliseFormula,
  parseCsvText,
  readCsv,
  restoreFormulaEscape,
  writeCsv,
  type CsvDelimiter,
} from '../../../src/main/domain/transfer/formats/csv';
import { FileFormatError } from '../../../src/main/domain/transfer/formats/table';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const sharedData = path.resolve(repoRoot, '..', 'shared/data');

describe('readCsv on messy files', () => {
  it('reads a GBK file from Chinese Excel with semicolons, blank lines, trailing delimiters and quoted newlines', () => {
    const text = [
      '', // line 1: blank before the header
      '姓名;手机;备注;', // 2: trailing delimiter on the header
      '张三;138 1234 5678;"第一行', // 3: quoted newline …
      '第二行";', // 4: … continues here
      '', // 5: blank
      '李四;13987654321;;', // 6: trailing delimiters
      ';;;', // 7: only delimiters = blank
      '王五;139;"说""好的""";', // 8: escaped quotes
      '',
    ].join('\r\n');
    const result = readCsv(iconv.encode(text, 'gbk'));
    expect(result).toEqual({
      headers: ['姓名', '手机', '备注'],
      headerLine: 2,
      rows: [
        { line: 3, cells: ['张三', '138 1234 5678', '第一行\r\n第二行'] },
        { line: 6, cells: ['李四', '13987654321', ''] },
        { line: 8, cells: ['王五', '139', '说"好的"'] },
      ],
      problems: [],
      blankRowsSkipped: 2,
      skippedAboveHeader: [],
      delimiter: ';',
      encoding: 'gb18030',
      bom: false,
      replacementCharacters: 0,
    });
  });

  it('reads UTF-8 with BOM and keeps the BOM out of the first header', () => {
    const result = readCsv(Buffer.from('\uFEFFName,Phone\n"Zhang, San",13812345678\n', 'utf8'));
    expect(result.headers).toEqual(['Name', 'Phone']);
    expect(result.bom).toBe(true);
    expect(result.rows).toEqual([{ line: 2, cells: ['Zhang, San', '13812345678'] }]);
  });

  it('counts physical lines across several quoted newlines, CR-only and LF-only files', () => {
    const lf = parseCsvText('a,b\n"1\n2\n3",x\n4,y\n');
    expect(lf.rows.map((row) => row.line)).toEqual([2, 5]);
    const cr = parseCsvText('a,b\r"1\r2",x\r4,y');
    expect(cr.rows).toEqual([
      { line: 2, cells: ['1\r2', 'x'] },
      { line: 4, cells: ['4', 'y'] },
    ]);
  });

  it('pads short rows and drops empty cells beyond the header', () => {
    const result = parseCsvText('a,b,c\n1\n2,3,4,,,\n');
    expect(result.rows).toEqual([
      { line: 2, cells: ['1', '', ''] },
      { line: 3, cells: ['2', '3', '4'] },
    ]);
  });

  it('reports rows with more values than headers instead of guessing', () => {
    const result = parseCsvText('name,address\nZhang,Beijing, Chaoyang\nLi,Shanghai\n');
    expect(result.rows).toEqual([{ line: 3, cells: ['Li', 'Shanghai'] }]);
    expect(result.problems).toEqual([
      { line: 2, code: 'too_many_fields', params: { expected: 2, found: 3 } },
    ]);
  });

  it('loses only the broken line on a stray or unterminated quote', () => {
    const text = ['a,b', '1,"ok"', '2,"bad"x', '3,fine', '4,"never closed', '5,last'].join('\n');
    const result = parseCsvText(text);
    expect(result.rows).toEqual([
      { line: 2, cells: ['1', 'ok'] },
      { line: 4, cells: ['3', 'fine'] },
      { line: 6, cells: ['5', 'last'] },
    ]);
    expect(result.problems).toEqual([
      { line: 3, code: 'malformed_quotes', params: {} },
      { line: 5, code: 'unterminated_quote', params: {} },
    ]);
  });

  it('reads an empty file, a BOM-only file and a header-only file', () => {
    const empty = { headers: [], headerLine: 0, rows: [], problems: [], blankRowsSkipped: 0, delimiter: ',' };
    expect(readCsv(new Uint8Array())).toMatchObject(empty);
    expect(readCsv(Buffer.from([0xef, 0xbb, 0xbf]))).toMatchObject(empty);
    expect(readCsv(Buffer.from('\r\n\r\n  \r\n'))).toMatchObject(empty);
    expect(readCsv(Buffer.from('姓名,手机\r\n'))).toMatchObject({
      headers: ['姓名', '手机'],
      headerLine: 1,
      rows: [],
    });
  });

  it('skips title rows above the header that Chinese exports add', () => {
    const text = [
      '客户名单,,,',
      '导出时间：2024-03-05,,,',
      '',
      '姓名,手机,生日,备注',
      '张三,13812345678,1990-01-15,',
    ].join('\r\n');
    const result = parseCsvText(text);
    expect(result.headers).toEqual(['姓名', '手机', '生日', '备注']);
    expect(result.headerLine).toBe(4);
    expect(result.skippedAboveHeader).toEqual([
      { line: 1, text: '客户名单' },
      { line: 2, text: '导出时间：2024-03-05' },
    ]);
    expect(result.rows).toEqual([{ line: 5, cells: ['张三', '13812345678', '1990-01-15', ''] }]);
  });

  it('keeps a one-column file intact, however long', () => {
    const short = parseCsvText('手机\n13812345678\n\n13987654321\n');
    expect(short).toMatchObject({
      headers: ['手机'],
      headerLine: 1,
      skippedAboveHeader: [],
      blankRowsSkipped: 1,
    });
    expect(short.rows).toEqual([
      { line: 2, cells: ['13812345678'] },
      { line: 4, cells: ['13987654321'] },
    ]);
    const long = parseCsvText(
      ['手机', ...Array.from({ length: 20 }, (_, index) => `1381234${String(index).padStart(4, '0')}`)].join(
        '\n',
      ),
    );
    expect(long.headers).toEqual(['手机']);
    expect(long.rows).toHaveLength(20);
    expect(long.rows[19]).toEqual({ line: 21, cells: ['13812340019'] });
  });

  it('takes the header line the user chose', () => {
    const result = parseCsvText('报表,2024\n姓名,手机\n张三,138\n', { headerLine: 2 });
    expect(result).toMatchObject({
      headers: ['姓名', '手机'],
      headerLine: 2,
      skippedAboveHeader: [{ line: 1, text: '报表 2024' }],
    });
    // Without the choice, the two-value title line is taken as the header.
    expect(parseCsvText('报表,2024\n姓名,手机\n').headers).toEqual(['报表', '2024']);
  });

  it('undoes the export apostrophe on formula-looking cells, and only there', () => {
    const result = parseCsvText("a,b,c,d\n'=SUM(A1),''=x,'abc,'-5\n");
    expect(result.rows[0]?.cells).toEqual(['=SUM(A1)', "'=x", "'abc", '-5']);
    const raw = parseCsvText("a\n'=SUM(A1)\n", { restoreFormulaEscapes: false });
    expect(raw.rows[0]?.cells).toEqual(["'=SUM(A1)"]);
  });

  it('refuses a file over the size limit before decoding it', () => {
    expect(() => readCsv(Buffer.alloc(2048, 0x61), { maxBytes: 1024 })).toThrow(FileFormatError);
    try {
      readCsv(Buffer.alloc(2048, 0x61), { maxBytes: 1024 });
    } catch (error) {
      expect(error).toMatchObject({ code: 'file_too_large', params: { limit: 1024, actual: 2048 } });
    }
  });

  it('parses a 100k-row file with a quoted newline in every 1000th row, keeping line numbers', () => {
    const lines = ['会员号,姓名,手机,备注'];
    const expectedLines: number[] = [];
    let line = 2;
    for (let index = 0; index < 100_000; index++) {
      expectedLines.push(line);
      const note = index % 1000 === 0 ? '"两行\n备注"' : `备注${index}`;
      lines.push(`M${index},客户${index},138${String(index).padStart(8, '0')},${note}`);
      line += index % 1000 === 0 ? 2 : 1;
    }
    const result = readCsv(Buffer.from(lines.join('\n'), 'utf8'));
    expect(result.rows).toHaveLength(100_000);
    expect(result.problems).toEqual([]);
    expect(result.rows.map((row) => row.line)).toEqual(expectedLines);
    expect(result.rows[99_999]).toEqual({
      line: 100_101,
      cells: ['M99999', '客户99999', '13800099999', '备注99999'],
    });
    expect(result.rows[1000]?.cells[3]).toBe('两行\n备注');
  });
});

describe('detectDelimiter', () => {
  it.each<[string, CsvDelimiter]>([
    ['a,b,c\n1,2,3', ','],
    ['a;b;c\n1;2;3', ';'],
    ['a\tb\tc\n1\t2\t3', '\t'],
    ['a|b|c\n1|2|3', '|'],
    ['金额;备注\n"1,5";"a,b,c,d"\n2,5;x', ';'],
    ['"a,b";c\n1;2', ';'],
    ['single column\nvalue', ','],
    ['\n\nname;phone\n', ';'],
  ])('detects the delimiter of %j', (text, delimiter) => {
    expect(detectDelimiter(text)).toBe(delimiter);
  });
});

describe('writeCsv', () => {
  it('quotes a cell exactly when trim would change it, for every UTF-16 code unit at either edge', () => {
    const wronglyQuoted: string[] = [];
    for (let code = 0; code < 0x10000; code++) {
      const char = String.fromCharCode(code);
      // Characters that force quotes or an apostrophe on their own are covered elsewhere.
      if ('",\r\n=+-@\t\''.includes(char)) continue;
      for (const cell of [`${char}x`, `x${char}`]) {
        const line = formatCsv(['h'], [[cell]]).split('\r\n')[1]!;
        if (line.startsWith('"') !== (cell.trim() !== cell)) wronglyQuoted.push(code.toString(16));
      }
    }
    expect(wronglyQuoted).toEqual([]);
  });

  it('writes the rows alone for a continuation slice, so slices join into the whole file', () => {
    const rows = [
      ['a', '=1'],
      ['b', ' c'],
    ];
    const whole = writeCsv(['x', 'y'], rows);
    const first = new CsvFileWriter(['x', 'y']);
    first.writeRow(rows[0]!);
    const rest = new CsvFileWriter(['x', 'y'], { continuation: true });
    rest.writeRow(rows[1]!);
    expect(Buffer.concat([first.finish(), rest.finish()]).equals(whole)).toBe(true);
  });

  it('writes UTF-8 with BOM, CRLF, quoting and formula neutralisation', () => {
    const bytes = writeCsv(
      ['姓名', '金额', '备注'],
      [
        ['张三', -12.5, '=HYPERLINK("http://x")'],
        ['"Li", Si', 0, '+86 138'],
        ['@me', null, 'line1\nline2'],
        ['-5', true, ' padded '],
        ['\tTab', undefined, '-'],
      ],
    );
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe(
      [
        '姓名,金额,备注',
        '张三,-12.5,"\'=HYPERLINK(""http://x"")"',
        '"""Li"", Si",0,\'+86 138',
        '\'@me,,"line1\nline2"',
        '-5,true," padded "',
        "'\tTab,,'-", // the apostrophe moves the tab inside: no quotes needed
        '',
      ].join('\r\n'),
    );
  });

  it('neutralises and restores as an exact pair', () => {
    for (const value of ['=1+1', "'=1+1", "''@x", '-5', '-5.25', '-5+1', '+1', '\r', "'plain", 'plain', '']) {
      expect(restoreFormulaEscape(neutraliseFormula(value))).toBe(value);
    }
    expect(neutraliseFormula('-5.25')).toBe('-5.25');
    expect(neutraliseFormula('-5+1')).toBe("'-5+1");
  });

  it('round-trips tricky values through every delimiter', () => {
    const headers = ['名字', 'note', 'x'];
    const rows = [
      ['张"三"', 'a,b;c|d\te', '=cmd|/c calc!A0'],
      ['😀 emoji 🎉', 'line1\r\nline2\nline3', "'already quoted"],
      ['@SUM(1)', '  spaces  ', '-'],
      ['', '', 'only last'],
    ];
    for (const delimiter of [',', ';', '\t', '|'] as const) {
      const parsed = readCsv(writeCsv(headers, rows, { delimiter }));
      expect(parsed.delimiter).toBe(delimiter);
      expect(parsed.headers).toEqual(headers);
      expect(parsed.rows.map((row) => row.cells)).toEqual(rows);
    }
  });

  it('round-trips arbitrary cell text (property)', () => {
    const alphabet = fc.constantFrom(
      'a',
      'Z',
      '0',
      '"',
      ',',
      ';',
      '|',
      '\t',
      '\n',
      '\r',
      '=',
      '+',
      '-',
      '@',
      "'",
      ' ',
      '张',
      '😀',
      '\u00a0',
      '\\',
    );
    const cell = fc.string({ unit: alphabet, maxLength: 12 });
    const row = fc
      .array(cell, { minLength: 3, maxLength: 3 })
      .filter((cells) => cells.some((c) => c.trim() !== ''));
    fc.assert(
      fc.property(
        fc.array(row, { maxLength: 8 }),
        fc.constantFrom<CsvDelimiter>(',', ';', '\t', '|'),
        (rows, delimiter) => {
          const parsed = parseCsvText(formatCsv(['h1', 'h2', 'h3'], rows, { delimiter }), { delimiter });
          expect(parsed.problems).toEqual([]);
          expect(parsed.rows.map((r) => r.cells)).toEqual(rows);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('quotes exactly the cells that need it, and writes the others as they are (property)', () => {
    const alphabet = fc.constantFrom(
      'a',
      '"',
      ',',
      ';',
      '|',
      '\t',
      '\n',
      '\r',
      '=',
      '-',
      "'",
      ' ',
      '张',
      '\u3000',
    );
    fc.assert(
      fc.property(
        fc.string({ unit: alphabet, minLength: 1, maxLength: 8 }),
        fc.constantFrom<CsvDelimiter>(',', ';', '\t', '|'),
        (cell, delimiter) => {
          const text = neutraliseFormula(cell);
          const needsQuotes =
            [delimiter, '"', '\n', '\r'].some((special) => text.includes(special)) || text.trim() !== text;
          const line = formatCsv(['h'], [[cell]], { delimiter }).slice('h\r\n'.length, -2);
          expect(line).toBe(needsQuotes ? `"${text.replaceAll('"', '""')}"` : text);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe.skipIf(!fs.existsSync(sharedData))('reference data files (shared/data)', () => {
  it('reads the CRLF CDNOW summary with exact line numbers', () => {
    const bytes = fs.readFileSync(path.join(sharedData, 'cdnow_customers_summary_with_transactions.csv'));
    const result = readCsv(bytes);
    expect(result.headers).toEqual(['ID', 'x', 't_x', 'T', 'zbar']);
    // 2,357 customers; the file has no line break after the last one.
    expect(result.rows).toHaveLength(2357);
    expect(result.rows[0]).toEqual({ line: 2, cells: ['1', '2', '30.43', '38.86', '22.35'] });
    expect(result.rows.at(-1)).toEqual({ line: 2358, cells: ['2357', '0', '0.00', '27.00', '0.00'] });
    expect(result.problems).toEqual([]);
  });
});
