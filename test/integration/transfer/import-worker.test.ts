import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandInput, EventMap } from '../../../src/shared/contract';
import { PatronError } from '../../../src/shared/errors';
import { checkDatabaseFile } from '../../../src/main/db/health';
import { openTestShop, type TestShop } from '../../helpers/core';

let shop: TestShop;
beforeEach(async () => {
  shop = await openTestShop();
});
afterEach(async () => {
  await shop.close();
});

function customersFile(rows: number): string {
  const lines = ['会员号,姓名,手机'];
  for (let i = 0; i < rows; i++) lines.push(`W${i},客户${i},139${String(i).padStart(8, '0')}`);
  return Buffer.from(lines.join('\n')).toString('base64');
}

const importInput = (base64: string, dryRun: boolean): CommandInput<'transfer.import'> => ({
  kind: 'customers',
  fileName: 'customers.csv',
  base64,
  mapping: ['member_no', 'name', 'phone'],
  dateOrder: 'ymd',
  dryRun,
});

function collectProgress(): {
  events: EventMap['job.progress'][];
  firstRows: Promise<void>;
  stop: () => void;
} {
  const events: EventMap['job.progress'][] = [];
  let seenRows: () => void = () => undefined;
  const firstRows = new Promise<void>((resolve) => (seenRows = resolve));
  const stop = shop.staff.on('job.progress', (event) => {
    events.push(event);
    if (event.stage === 'rows') seenRows();
  });
  return { events, firstRows, stop };
}

const customerCount = (): number =>
  shop.core.db.prepare(`SELECT COUNT(*) FROM customers`).pluck().get() as number;

describe('transfer.import through the import worker', () => {
  it('reports backup → read → rows → finish → commit with growing row counts, then announces the change', async () => {
    const progress = collectProgress();
    const changed: string[][] = [];
    const stopChanged = shop.staff.on('db.changed', ({ tables }) => changed.push([...tables]));
    const summary = await shop.staff.call('transfer.import', importInput(customersFile(12_000), false));
    progress.stop();
    stopChanged();
    expect(summary).toMatchObject({ created: 12_000, rejected: 0, dryRun: false });
    expect(customerCount()).toBe(12_000);
    const stages = progress.events.map((event) => event.stage);
    expect(stages[0]).toBe('backup');
    expect(stages.at(-1)).toBe('commit');
    expect(new Set(stages)).toEqual(new Set(['backup', 'read', 'rows', 'finish', 'commit']));
    // Stages never go back, and the rows stage counts up to the file's rows.
    const order = ['backup', 'read', 'rows', 'finish', 'commit'];
    const ranks = stages.map((stage) => order.indexOf(stage ?? ''));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    const rows = progress.events.filter((event) => event.stage === 'rows');
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.every((event) => event.total === 12_000 && event.done < 12_000)).toBe(true);
    expect(rows.map((event) => event.done)).toEqual(
      [...rows.map((event) => event.done)].sort((a, b) => a - b),
    );
    expect(changed).toContainEqual(['customers', 'purchases']);
  });

  it('a dry run takes no backup, reports no commit stage and leaves the shop as it was', async () => {
    const progress = collectProgress();
    const summary = await shop.staff.call('transfer.import', importInput(customersFile(6_000), true));
    progress.stop();
    expect(summary).toMatchObject({ created: 6_000, dryRun: true });
    const stages = progress.events.map((event) => event.stage);
    expect(stages[0]).toBe('read');
    expect(stages).not.toContain('backup');
    expect(stages).not.toContain('commit');
    expect(customerCount()).toBe(0);
  });

  it('keeps answering reads while the worker writes, and holds other writes until the import is in', async () => {
    const progress = collectProgress();
    const finished: string[] = [];
    const stopCommit = shop.staff.on('job.progress', (event) => {
      if (event.stage === 'commit') finished.push('commit');
    });
    const importing = shop.staff.call('transfer.import', importInput(customersFile(20_000), false));
    await progress.firstRows;
    const search = await shop.staff.call('customers.search', { query: '张', limit: 5 });
    finished.push('read');
    const write = shop.staff.call('customers.create', { name: '等待的客户' }).then((customer) => {
      finished.push('write');
      return customer;
    });
    const [summary, created] = await Promise.all([importing, write]);
    progress.stop();
    stopCommit();
    expect(search).toEqual([]);
    expect(summary.created).toBe(20_000);
    // The read was answered mid-import; the write only once the worker's transaction committed.
    expect(finished).toEqual(['read', 'commit', 'write']);
    expect(customerCount()).toBe(20_001);
    expect(created.name).toBe('等待的客户');
  });

  it('cancels: the worker rolls back, nothing lands, the file is sound and the next import works', async () => {
    const progress = collectProgress();
    const importing = shop.staff.invoke('transfer.import', importInput(customersFile(20_000), false));
    await progress.firstRows;
    const cancel = await shop.staff.call('transfer.cancelImport', {});
    expect(cancel.cancelled).toBe(1);
    const outcome = await importing;
    progress.stop();
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error.code).toBe('cancelled');
    expect(customerCount()).toBe(0);
    expect(checkDatabaseFile(shop.dbFile, 'full').integrity).toEqual(['ok']);
    const again = await shop.staff.call('transfer.import', importInput(customersFile(10), false));
    expect(again.created).toBe(10);
    expect(customerCount()).toBe(10);
  });

  it('turns a refused file into invalid_input with the reason, from preview and import alike', async () => {
    const notXlsx = Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6]).toString('base64');
    const preview = shop.staff.call('transfer.preview', {
      kind: 'customers',
      fileName: 'a.xlsx',
      base64: notXlsx,
    });
    await expect(preview).rejects.toBeInstanceOf(PatronError);
    await expect(preview).rejects.toMatchObject({
      code: 'invalid_input',
      details: { fileError: expect.any(String) },
    });
    const imported = await shop.staff.invoke('transfer.import', {
      ...importInput(notXlsx, false),
      fileName: 'a.xlsx',
      mapping: [],
    });
    expect(imported.ok).toBe(false);
    if (!imported.ok)
      expect(imported.error).toMatchObject({
        code: 'invalid_input',
        details: { fileError: expect.any(String) },
      });
    expect(customerCount()).toBe(0);
  });

  it('refuses a purchase file the same way: its helper thread reads it and reports why', async () => {
    const notXlsx = Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6]).toString('base64');
    const refused = await shop.staff.invoke('transfer.import', {
      ...importInput(notXlsx, false),
      kind: 'purchases',
      fileName: 'a.xlsx',
      mapping: [],
    });
    expect(refused.ok).toBe(false);
    if (!refused.ok)
      expect(refused.error).toMatchObject({ code: 'invalid_input', details: { fileError: 'not_xlsx' } });
    // A mapping for other columns than the file's: refused before a row is written.
    const misfit = await shop.staff.invoke('transfer.import', {
      ...importInput(Buffer.from('客户编号,日期,金额\nK1,2025-01-02,5\n').toString('base64'), false),
      kind: 'purchases',
      fileName: 'p.csv',
      mapping: ['customer_code', 'date'],
    });
    expect(misfit.ok).toBe(false);
    if (!misfit.ok) expect(misfit.error.code).toBe('invalid_input');
    expect(shop.core.db.prepare('SELECT COUNT(*) FROM purchases').pluck().get()).toBe(0);
    // The helper is still there for the next file.
    const next = await shop.staff.call('transfer.import', {
      ...importInput(Buffer.from('客户编号,日期,金额\nK1,2025-01-02,5\n').toString('base64'), false),
      kind: 'purchases',
      fileName: 'p.csv',
      mapping: ['customer_code', 'date', 'amount'],
    });
    expect(next).toMatchObject({ purchasesCreated: 1, rejected: 0 });
  });
});
