import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PatronError } from '../../../src/shared/errors';
import { openTestShop, type TestShop } from '../../helpers/core';

let shop: TestShop;
beforeEach(async () => {
  shop = await openTestShop();
});
afterEach(async () => {
  await shop.close();
});

const CSV = '姓名,手机,备注\n张三,13800138000,\n李四,12,\n';
const base64 = Buffer.from(CSV).toString('base64');

describe('transfer commands', () => {
  it('previews, dry-runs and imports through the contract, remembering the corrected mapping', async () => {
    const preview = await shop.staff.call('transfer.preview', {
      kind: 'customers',
      fileName: 'a.csv',
      base64,
    });
    expect(preview).toMatchObject({
      headers: ['姓名', '手机', '备注'],
      mapping: ['name', 'phone', 'notes'],
      totalRows: 2,
    });
    expect(preview.remembered).toBe(false);
    const mapping = ['name', 'phone', null];
    const dry = await shop.staff.call('transfer.import', {
      kind: 'customers',
      fileName: 'a.csv',
      base64,
      mapping,
      dryRun: true,
    });
    expect(dry).toMatchObject({ dryRun: true, created: 1, rejected: 1 });
    expect(dry.rejectedRows[0]).toMatchObject({
      line: 3,
      issues: [{ code: 'invalid_phone', field: 'phone' }],
    });
    const real = await shop.staff.call('transfer.import', {
      kind: 'customers',
      fileName: 'a.csv',
      base64,
      mapping,
      dryRun: false,
    });
    expect(real).toMatchObject({ dryRun: false, created: 1, rejected: 1 });
    const again = await shop.staff.call('transfer.preview', { kind: 'customers', fileName: 'a.csv', base64 });
    expect(again).toMatchObject({ mapping: ['name', 'phone', null], remembered: true });
  });

  it('export is refused to staff and allowed to the owner', async () => {
    const refused = await shop.staff.invoke('transfer.export', { format: 'csv' });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe('forbidden');
    const exported = await shop.owner.call('transfer.export', { format: 'csv' });
    expect(exported).toMatchObject({ format: 'csv', rows: 0 });
    expect(Buffer.from(exported.base64, 'base64').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('creates and lists verified backups (owner only)', async () => {
    await expect(shop.staff.call('backup.create', {})).rejects.toBeInstanceOf(PatronError);
    const backup = await shop.owner.call('backup.create', {});
    expect(backup.reason).toBe('manual');
    const overview = await shop.owner.call('backup.list', {});
    expect(overview.backups.map((entry) => entry.name)).toEqual([backup.name]);
  });
});
