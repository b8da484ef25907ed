/**
 * A purchase file through the import worker is prepared in a helper thread and inserted by the
 * worker (two cores); in-process (the CLI) both halves run in one thread. Same file, same shop:
 * the two must land exactly the same rows with exactly the same summary.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { checkDatabaseFile } from '../../../src/main/db/health';
import { readImportFile } from '../../../src/main/domain/transfer/import';
import { writeXlsx } from '../../../src/main/domain/transfer/formats';
import { runImport } from '../../../src/main/domain/transfer/transfer.service';
import { streamPurchaseImport } from '../../../src/main/domain/transfer/import-streamed';
import { openTestShop, type TestShop } from '../../helpers/core';

const clock = (): Date => new Date('2026-06-01T08:00:00.000Z');
const opened: TestShop[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((shop) => shop.close()));
});
async function freshShop(): Promise<TestShop> {
  const shop = await openTestShop({ clock });
  opened.push(shop);
  return shop;
}

const HEADER = '单号,客户编号,日期,金额,商品,类别,数量';
const MAPPING = ['order_no', 'customer_code', 'date', 'amount', 'product', 'category', 'quantity'];

/**
 * Over three chunks of rows: receipts whose lines are far apart, identical rows without a receipt
 * number, rejected rows, and (when given) a receipt number spelt like an earlier row's made-up ref.
 */
function messyFile(collidingRef: string | null): Buffer {
  // Title rows above the header, as Chinese software exports them; further down a blank line, a
  // broken quote and a row wider than the header: the helper thread parses these as it streams.
  const lines = ['消费记录导出', '导出时间：2025-06-01', HEADER];
  for (let i = 0; i < 12_500; i++) {
    const day = `2025-${1 + (i % 12)}-${1 + (i % 28)}`;
    if (i % 10 === 0) lines.push(`R${i % 700},M${i % 300},${day},${(i % 90) + 1}.5,拿铁,咖啡,1`);
    else if (i % 97 === 0) lines.push(`,M${i % 300},not a date,3,,,`);
    else if (i % 13 === 0) lines.push(`,M7,2025-03-05,12,,,`);
    else lines.push(`,M${i % 400},${day},${(i % 300) + 1},,,`);
  }
  lines.splice(6, 0, ',M1,2025-01-02,10,,,');
  lines.splice(5_003, 0, '');
  lines.splice(7_001, 0, ',M3,"2025-01-0"5,7,,,');
  lines.splice(9_002, 0, ',M4,2025-01-05,7,,,,extra');
  if (collidingRef !== null) lines.push(`${collidingRef},M2,2025-02-02,20,可颂,烘焙,2`);
  return Buffer.from(lines.join('\n'));
}

/** Everything an import wrote, without the ids it drew. */
function landed(shop: TestShop): unknown[] {
  return shop.core.db
    .prepare(
      `SELECT c.member_no, p.purchased_at, p.total_minor, p.discount_minor, p.is_return, p.external_ref,
              p.basket_products, p.basket_categories,
              (SELECT group_concat(product_name || '|' || category || '|' || quantity || '|' || amount_minor, ';')
                 FROM (SELECT * FROM purchase_lines l WHERE l.purchase_id = p.id
                       ORDER BY product_name, amount_minor, quantity)) AS lines,
              s.visits, s.total_spend_minor, s.last_visit_at
       FROM purchases p JOIN customers c ON c.id = p.customer_id
       JOIN local_customer_summary s ON s.customer_id = c.id
       ORDER BY p.external_ref`,
    )
    .all();
}

describe('purchase import: helper thread and one thread agree', () => {
  it('lands the same rows with the same summary, a dry run counts the same, and a re-import changes nothing', async () => {
    // The made-up ref of the lone 'M1' row, learnt from a first shop.
    const probe = await freshShop();
    await runImport(probe.core.db, {
      kind: 'purchases',
      file: await readImportFile(Buffer.from(`${HEADER}\n,M1,2025-01-02,10,,,\n`), 'p.csv'),
      mapping: MAPPING,
      dryRun: false,
      actorRole: 'owner',
      clock,
    });
    const autoRef = probe.core.db.prepare(`SELECT external_ref FROM purchases`).pluck().get() as string;
    const bytes = messyFile(autoRef);

    const inProcess = await freshShop();
    const direct = runImport(inProcess.core.db, {
      kind: 'purchases',
      file: await readImportFile(bytes, 'p.csv'),
      mapping: MAPPING,
      dryRun: false,
      actorRole: 'owner',
      clock,
    });

    const viaWorker = await freshShop();
    const input = {
      kind: 'purchases' as const,
      fileName: 'p.csv',
      base64: bytes.toString('base64'),
      mapping: MAPPING,
      dateOrder: 'ymd' as const,
    };
    const dryRun = await viaWorker.owner.call('transfer.import', { ...input, dryRun: true });
    expect(viaWorker.core.db.prepare(`SELECT COUNT(*) FROM purchases`).pluck().get()).toBe(0);
    const helped = await viaWorker.owner.call('transfer.import', { ...input, dryRun: false });

    const counts = (summary: typeof direct) => {
      const { seconds: _seconds, dryRun: _dryRun, ...rest } = summary;
      return rest;
    };
    expect(direct.rejected).toBeGreaterThan(100);
    // The quote and the extra field are reported on their lines, in both summaries (compared below).
    expect(direct.rejectedRows.map((row) => row.issues[0]?.code)).toEqual(
      expect.arrayContaining(['malformed_quotes', 'too_many_fields']),
    );
    expect(direct.linesCreated).toBeGreaterThan(1000);
    // The receipt number spelt like the lone M1 row's made-up ref: that receipt, so unchanged.
    expect(direct.unchanged).toBe(1);
    expect(counts(helped)).toEqual(counts(direct));
    expect(counts(dryRun)).toEqual(counts(direct));
    expect(landed(viaWorker)).toEqual(landed(inProcess));
    expect(landed(viaWorker).length).toBe(direct.purchasesCreated);
    expect(checkDatabaseFile(viaWorker.dbFile, 'full').integrity).toEqual(['ok']);

    const again = await viaWorker.owner.call('transfer.import', { ...input, dryRun: false });
    expect(again).toMatchObject({ created: 0, purchasesCreated: 0, customersCreated: 0 });
    expect(again.unchanged).toBe(direct.created + direct.unchanged);
  }, 120_000);

  it("the CLI's way for a large file (helper thread, mapping from the head of the file) lands what one thread lands", async () => {
    const bytes = messyFile(null);
    // The headers sit below two title rows, and the file is longer than the head they are read from.
    expect(bytes.byteLength).toBeGreaterThan(256 * 1024);
    for (const mapSpec of [undefined, '类别=ignore,数量=ignore']) {
      const options = { dryRun: false, actorRole: 'owner', clock, ...(mapSpec ? { mapSpec } : {}) };
      const inProcess = await freshShop();
      const direct = runImport(inProcess.core.db, {
        ...options,
        kind: 'purchases',
        file: await readImportFile(bytes, 'p.csv'),
      });
      const streamed = await freshShop();
      const helped = await streamPurchaseImport(streamed.core.db, { ...options, bytes, fileName: 'p.csv' });
      const { seconds: _a, ...directCounts } = direct;
      const { seconds: _b, ...helpedCounts } = helped;
      expect(direct.rejected).toBeGreaterThan(100);
      expect(direct.purchasesCreated).toBeGreaterThan(5_000);
      // Mapped or not, the categories are what the --map spec says.
      const categories = inProcess.core.db
        .prepare(`SELECT COUNT(*) FROM purchase_lines WHERE category <> ''`)
        .pluck()
        .get() as number;
      expect(categories > 0).toBe(mapSpec === undefined);
      expect(helpedCounts).toEqual(directCounts);
      expect(landed(streamed)).toEqual(landed(inProcess));
    }
  }, 120_000);

  it('an XLSX purchase file through the worker lands what it lands in-process', async () => {
    const rows: (string | number | null)[][] = [];
    for (let i = 0; i < 6_200; i++)
      rows.push([
        i % 9 === 0 ? `X${i % 500}` : null,
        `M${i % 300}`,
        `2025-0${1 + (i % 9)}-1${i % 10}`,
        (i % 80) + 1,
      ]);
    rows.push([null, `M1`, 'not a date', 3]);
    const bytes = await writeXlsx(
      [
        { header: '单号', type: 'text' },
        { header: '客户编号', type: 'text' },
        { header: '日期', type: 'text' },
        { header: '金额', type: 'number' },
      ],
      rows,
    );
    const mapping = ['order_no', 'customer_code', 'date', 'amount'];
    const inProcess = await freshShop();
    const direct = runImport(inProcess.core.db, {
      kind: 'purchases',
      file: await readImportFile(bytes, 'p.xlsx'),
      mapping,
      dryRun: false,
      actorRole: 'owner',
      clock,
    });
    const viaWorker = await freshShop();
    const helped = await viaWorker.owner.call('transfer.import', {
      kind: 'purchases',
      fileName: 'p.xlsx',
      base64: bytes.toString('base64'),
      mapping,
      dateOrder: 'ymd',
      dryRun: false,
    });
    const { seconds: _a, ...directCounts } = direct;
    const { seconds: _b, ...helpedCounts } = helped;
    expect(direct.rejected).toBe(1);
    expect(direct.purchasesCreated).toBeGreaterThan(5_000);
    expect(helpedCounts).toEqual(directCounts);
    expect(landed(viaWorker)).toEqual(landed(inProcess));
  }, 120_000);

  it('cancels a helped purchase import: nothing lands and the next one works', async () => {
    const shop = await freshShop();
    const lines = ['客户编号,日期,金额'];
    for (let i = 0; i < 60_000; i++)
      lines.push(`K${i % 900},2025-${1 + (i % 12)}-${1 + (i % 28)},${(i % 50) + 1}`);
    const input = {
      kind: 'purchases' as const,
      fileName: 'k.csv',
      base64: Buffer.from(lines.join('\n')).toString('base64'),
      mapping: ['customer_code', 'date', 'amount'],
      dateOrder: 'ymd' as const,
      dryRun: false,
    };
    let seenRows: () => void = () => undefined;
    const firstRows = new Promise<void>((resolve) => (seenRows = resolve));
    const stop = shop.staff.on('job.progress', (event) => {
      if (event.stage === 'rows') seenRows();
    });
    const importing = shop.owner.invoke('transfer.import', input);
    await firstRows;
    stop();
    expect((await shop.owner.call('transfer.cancelImport', {})).cancelled).toBe(1);
    const outcome = await importing;
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error.code).toBe('cancelled');
    expect(shop.core.db.prepare(`SELECT COUNT(*) FROM purchases`).pluck().get()).toBe(0);
    const small = await shop.owner.call('transfer.import', {
      ...input,
      base64: Buffer.from('客户编号,日期,金额\nK1,2025-01-01,5\n').toString('base64'),
    });
    expect(small).toMatchObject({ created: 1, rejected: 0 });
  }, 120_000);
});
