import { afterEach, describe, expect, it } from 'vitest';
import { PatronCore } from '../../../src/main/core/core';
import { createDirectClient } from '../../../src/main/transport/direct';
import { openTestShop, type TestShop } from '../../helpers/core';

let shop: TestShop | null = null;
afterEach(async () => {
  await shop?.close();
  shop = null;
});

describe('remembered export columns', () => {
  it('keeps the chosen columns and their order in the shop file, so they survive a reopen (another PC, a reinstall)', async () => {
    shop = await openTestShop();
    const first = await shop.staff.call('transfer.exportColumns', {});
    expect(first.chosen).toBeNull();
    expect(first.available.find((column) => column.value === 'phone')).toMatchObject({
      en: expect.any(String),
      zh: expect.any(String),
    });
    expect(first.available.find((column) => column.value === 'segment')).toEqual({
      value: 'segment',
      en: 'Segment',
      zh: '客户分群',
    });

    await expect(
      shop.staff.call('transfer.rememberExportColumns', { columns: ['name'] }),
    ).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(
      shop.owner.call('transfer.rememberExportColumns', { columns: ['phone', 'no_such_column'] }),
    ).rejects.toMatchObject({ code: 'invalid_input' });

    const order = ['segment', 'phone', 'name'];
    expect((await shop.owner.call('transfer.rememberExportColumns', { columns: order })).chosen).toEqual(
      order,
    );
    const exported = await shop.owner.call('transfer.export', { format: 'csv', filter: {}, columns: order });
    expect(exported.columns).toEqual(order);

    const { dbFile } = shop;
    await shop.close();
    shop = null;
    const reopened = PatronCore.open({ dbFile, transport: 'direct' });
    try {
      const staff = createDirectClient(reopened, reopened.createSession('test', 'staff'));
      expect((await staff.call('transfer.exportColumns', {})).chosen).toEqual(order);
      // It lives in the shop's settings, not this PC's.
      const row = reopened.db
        .prepare(`SELECT value FROM shop_settings WHERE key = 'export.columns'`)
        .pluck()
        .get();
      expect(JSON.parse(row as string)).toEqual(order);
    } finally {
      await reopened.close();
    }
  });
});
