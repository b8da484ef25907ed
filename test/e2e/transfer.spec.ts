import { openReadable } from '../../src/main/db/connection';
import { splitTags } from '../../src/main/domain/transfer/rows';
import { expect, test } from './support/fixtures';
import { recordAppearances } from './support/appearances';
import { choosePinThenDownload, readCsvDownload } from './support/owner-export';
import { TransferPage } from './pages/transfer.page';

const CSV =
  'name,phone,notes\nAnn Lee,+8613800138001,first\nBob Ray,12,second\nCy Fox,+8613800138003,third\n';

test('import a CSV through the wizard: the dry run lists the rejected row, then the import lands', async ({
  page,
  openPreview,
}) => {
  const preview = await openPreview({ shop: 'init', locale: 'en' });
  const transfer = new TransferPage(page);
  await transfer.goto(preview.url);
  await transfer.chooseCsv('customers.csv', CSV);
  await expect(page.getByText('3 rows in the file')).toBeVisible();
  await transfer.button('Check the file').click();
  await expect(transfer.summary).toContainText('Check result (nothing written yet)');
  await expect(transfer.summary).toContainText('New: 2');
  await expect(transfer.summary).toContainText('Rejected: 1');
  await expect(transfer.rejectedRows).toContainText('Line 3: Phone: not a phone number (12)');
  await transfer.button('Import now').click();
  await expect(transfer.summary).toContainText('Imported. Everything landed in one step.');
  await expect(transfer.summary).toContainText('New: 2');
});

test('import contacts exported from a phone (.vcf, in Chinese): the names and phones land', async ({
  page,
  openPreview,
}) => {
  const preview = await openPreview({ shop: 'init', locale: 'zh-CN' });
  const transfer = new TransferPage(page);
  await transfer.goto(preview.url);
  const contacts = [
    'BEGIN:VCARD',
    'VERSION:2.1',
    'FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E7=8E=8B=E8=8A=B3',
    'TEL;CELL:139 0000 1111',
    'END:VCARD',
    'BEGIN:VCARD',
    'VERSION:3.0',
    'N:赵;磊;;;',
    'TEL;type=CELL:13900002222',
    'END:VCARD',
  ].join('\r\n');
  await transfer.chooseFile('通讯录.vcf', 'text/vcard', contacts);
  await expect(page.getByText('文件共 2 行')).toBeVisible();
  // A vCard has no header row of its own: its columns are titled by field, in the screen's language.
  await expect(page.locator('thead th').first()).toHaveText('姓名');
  await transfer.button('检查文件').click();
  await expect(transfer.summary).toContainText('新增：2');
  await transfer.button('立即导入').click();
  // The check's summary also said "新增：2": wait for the import's own words.
  await expect(transfer.summary).toContainText('导入完成，全部数据一次性写入。');
  await expect(transfer.summary).toContainText('新增：2');
  const db = openReadable(preview.dbFile);
  try {
    expect(db.prepare(`SELECT name, phone FROM customers ORDER BY phone`).all()).toEqual([
      { name: '王芳', phone: '+8613900001111' },
      { name: '赵磊', phone: '+8613900002222' },
    ]);
  } finally {
    db.close();
  }
});

test('a larger import shows its live progress (stage and row counts) until the summary replaces it', async ({
  page,
  openPreview,
}) => {
  const preview = await openPreview({ shop: 'init', locale: 'en' });
  const transfer = new TransferPage(page);
  await transfer.goto(preview.url);
  const lines = ['name,phone'];
  for (let i = 0; i < 12_000; i++) lines.push(`Guest ${i},+86139${String(i).padStart(8, '0')}`);
  await transfer.chooseCsv('guests.csv', lines.join('\n'));
  await expect(page.getByText('12000 rows in the file')).toBeVisible();
  // The worker reports each chunk of rows: the bar shows the count while the check runs. On a fast
  // machine a stage can end between two polls, so what the progress area showed is recorded.
  const checkProgress = await recordAppearances(page, '[data-testid="import-progress"]');
  const checkBar = await recordAppearances(page, '[data-testid="import-progress"] [role="progressbar"]');
  await transfer.button('Check the file').click();
  await expect(transfer.summary).toContainText('New: 12000');
  await expect(transfer.progress).toBeHidden();
  expect((await checkProgress.texts()).some((text) => text.includes('of 12,000 rows'))).toBe(true);
  expect(await checkBar.texts()).not.toHaveLength(0);
  const importProgress = await recordAppearances(page, '[data-testid="import-progress"]');
  await transfer.button('Import now').click();
  await expect(transfer.summary).toContainText('Imported. Everything landed in one step.');
  await expect(transfer.summary).toContainText('New: 12000');
  expect((await importProgress.texts()).some((text) => text.includes('of 12,000 rows'))).toBe(true);
});

test('in Chinese, a staff export asks for the owner PIN first, then downloads the customer list', async ({
  page,
  openPreview,
}) => {
  const preview = await openPreview({ shop: { demoCustomers: 30, locale: 'zh-CN' }, locale: 'zh-CN' });
  const transfer = new TransferPage(page);
  await transfer.goto(preview.url);
  await transfer.tab('导出').click();
  await transfer.button('导出客户').click();
  // No PIN yet on this shop: the owner chooses one, and the export then runs as the owner.
  const download = await choosePinThenDownload(page, 'zh-CN', '204817');
  expect(download.suggestedFilename()).toMatch(/^customers-\d{4}-\d{2}-\d{2}\.csv$/);
  const { bytes } = await readCsvDownload(download);
  // UTF-8 with BOM so Excel shows the Chinese names.
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  await expect(page.getByRole('alert')).toContainText('已导出');
});

test('the export panel exports one tag only: every row carries it, none is missing', async ({
  page,
  openPreview,
}) => {
  const preview = await openPreview({ shop: { demoCustomers: 60, locale: 'en' }, locale: 'en' });
  const transfer = new TransferPage(page);
  await transfer.goto(preview.url);
  await transfer.tab('Export').click();
  // The demo's most common tag, and who carries it, straight from the shop file.
  const db = openReadable(preview.dbFile);
  let tag: { name: string; members: string[] };
  try {
    const name = db
      .prepare(
        `SELECT t.name FROM tags t JOIN customer_tags ct ON ct.tag_id = t.id JOIN customers c ON c.id = ct.customer_id
         WHERE t.deleted_at IS NULL AND c.deleted_at IS NULL AND c.merged_into IS NULL GROUP BY t.id ORDER BY count(*) DESC, t.name LIMIT 1`,
      )
      .pluck()
      .get() as string;
    const members = db
      .prepare(
        `SELECT c.name FROM customers c JOIN customer_tags ct ON ct.customer_id = c.id JOIN tags t ON t.id = ct.tag_id
         WHERE t.name = ? AND t.deleted_at IS NULL AND c.deleted_at IS NULL AND c.merged_into IS NULL`,
      )
      .pluck()
      .all(name) as string[];
    tag = { name, members };
  } finally {
    db.close();
  }
  expect(tag.members.length).toBeGreaterThan(0);
  await page.getByTestId('export-tag').click();
  await page.getByRole('option', { name: tag.name, exact: true }).click();
  await transfer.button('Export customers').click();
  const { rows } = await readCsvDownload(await choosePinThenDownload(page, 'en', '318064'));
  expect(rows.map((row) => row['name']).sort()).toEqual([...tag.members].sort());
  // Read the tags cell as an import reads it (the export joins them with 、, a customer may carry several).
  for (const row of rows) expect(splitTags(row['tags'] ?? '')).toContain(tag.name);
  await expect(page.getByRole('alert')).toContainText(`${rows.length} customers exported.`);
});
