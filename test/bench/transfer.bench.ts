/**
 * Import/export format benchmark. Not a test: prints medians, asserts nothing about time.
 *
 *   npx tsx test/bench/transfer.bench.ts            (100k and 1M rows)
 *   npx tsx test/bench/transfer.bench.ts --quick    (100k only)
 *
 * Rows look like a real customer export: 12 columns, Chinese names, phones, dates, money,
 * a quoted cell with a comma in every row and a quoted newline in every 100th.
 */
import { readCsv, writeCsv, type CsvCell } from '../../src/main/domain/transfer/formats/csv';
import { inspectZip } from '../../src/main/domain/transfer/formats/zip-guard';
import {
  DEFAULT_XLSX_LIMITS,
  readXlsx,
  writeXlsx,
  type XlsxColumn,
} from '../../src/main/domain/transfer/formats/xlsx';
import { autoMapHeaders } from '../../src/main/domain/transfer/mapping';
import { validateTable } from '../../src/main/domain/transfer/rows';

const HEADERS = [
  '会员号',
  '姓名',
  '手机',
  '性别',
  '生日',
  '地址',
  '标签',
  '备注',
  '入会日期',
  '信用额度',
  '来源',
  '邮箱',
];
const COLUMN_TYPES: XlsxColumn['type'][] = [
  'text',
  'text',
  'text',
  'text',
  'date',
  'text',
  'text',
  'text',
  'date',
  'money',
  'text',
  'text',
];
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';

function row(index: number): CsvCell[] {
  const month = String((index % 12) + 1).padStart(2, '0');
  const day = String((index % 28) + 1).padStart(2, '0');
  return [
    `M${String(index).padStart(7, '0')}`,
    `${SURNAMES[index % SURNAMES.length] ?? '王'}客${index}`,
    `+86138${String(index % 100_000_000).padStart(8, '0')}`,
    index % 2 === 0 ? '男' : '女',
    `19${70 + (index % 30)}-${month}-${day}`,
    `北京市朝阳区建国路${index % 500}号, ${index % 30}单元`,
    index % 3 === 0 ? 'VIP、咖啡' : '常客',
    index % 100 === 0 ? '第一行\n第二行' : `备注${index}`,
    `2023-${month}-${day}`,
    index % 10 === 0 ? null : 12345 + index,
    '到店',
    `c${index}@example.com`,
  ];
}

function rows(count: number): CsvCell[][] {
  return Array.from({ length: count }, (_, index) => row(index));
}

async function median(label: string, runs: number, task: () => unknown): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    await task();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const middle = times[Math.floor(times.length / 2)] ?? Number.NaN;
  const spread = `${(times[0] ?? 0).toFixed(0)}–${(times.at(-1) ?? 0).toFixed(0)}`;
  console.log(`${label.padEnd(44)} ${middle.toFixed(0).padStart(7)} ms   (runs ${runs}, range ${spread} ms)`);
  return middle;
}

/** Peak resident memory of the process so far (the OS keeps the high-water mark). */
function peakRss(): string {
  return mib(process.resourceUsage().maxRSS * 1024);
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  console.log(`node ${process.version}, ${process.platform}/${process.arch}`);

  const hundredK = rows(100_000);
  const csv100k = writeCsv(HEADERS, hundredK);
  console.log(`100k-row CSV: ${mib(csv100k.length)}`);
  await median('write CSV, 100k rows', 5, () => writeCsv(HEADERS, hundredK));
  await median('read CSV (decode + parse), 100k rows', 5, () => readCsv(csv100k));
  const table = readCsv(csv100k);
  const { mapping } = autoMapHeaders('customers', table.headers);
  await median('validate 100k rows into customer drafts', 3, () =>
    validateTable('customers', table, mapping, { defaultCountry: 'CN' }),
  );

  const columns = HEADERS.map((header, index) => ({ header, type: COLUMN_TYPES[index] ?? 'text' }));
  await median('write XLSX, 100k rows', 3, () => writeXlsx(columns, hundredK));
  const xlsx100k = await writeXlsx(columns, hundredK);
  const inspection = await inspectZip(xlsx100k, DEFAULT_XLSX_LIMITS);
  console.log(
    `100k-row XLSX: ${mib(xlsx100k.length)} zipped, ${mib(inspection.uncompressedBytes)} unzipped, ${inspection.worksheetCells} cells`,
  );
  await median('zip guard only (inflate + count), 100k rows', 3, () =>
    inspectZip(xlsx100k, DEFAULT_XLSX_LIMITS),
  );
  await median('read XLSX (guard + exceljs), 100k rows', 3, () => readXlsx(xlsx100k));
  console.log(`peak RSS after the 100k-row steps: ${peakRss()}`);

  if (!quick) {
    const parts: Buffer[] = [];
    const chunk = 100_000;
    for (let start = 0; start < 1_000_000; start += chunk) {
      const slice = Array.from({ length: chunk }, (_, offset) => row(start + offset));
      const bytes = writeCsv(HEADERS, slice);
      // Keep one BOM and one header line.
      parts.push(start === 0 ? bytes : bytes.subarray(bytes.indexOf(0x0a) + 1));
    }
    const csv1m = Buffer.concat(parts);
    console.log(`1M-row CSV: ${mib(csv1m.length)}`);
    await median('read CSV (decode + parse), 1M rows', 3, () => readCsv(csv1m));
    console.log(`peak RSS after the 1M-row parse: ${peakRss()}`);
  }
}

await main();
