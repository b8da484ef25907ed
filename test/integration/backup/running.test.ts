import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  statSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PatronCore } from '../../../src/main/core/core';
import { openShop } from '../../../src/main/core/open-shop';
import { openWritable } from '../../../src/main/db/connection';
import { checkDatabaseFile } from '../../../src/main/db/health';
import { migrate, schemaVersion } from '../../../src/main/db/migrate';
import { latestSchemaVersion, migrations } from '../../../src/main/db/migrations';
import {
  backupFolder,
  backupRunner,
  listBackups,
  startBackupSchedule,
  verifyDatabaseCopy,
} from '../../../src/main/domain/backup/backup.service';
import { createDirectClient } from '../../../src/main/transport/direct';
import { PatronError } from '../../../src/shared/errors';
import { tempDir } from '../../helpers/cli';
import { openTestShop, type TestShop } from '../../helpers/core';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
});

async function shopWithClock(start: string): Promise<{ shop: TestShop; setNow(iso: string): void }> {
  let now = new Date(start);
  const shop = await openTestShop({ clock: () => now });
  open.push(shop);
  return { shop, setNow: (iso) => (now = new Date(iso)) };
}

function customerCount(db: Database.Database): number {
  return db.prepare(`SELECT COUNT(*) FROM customers`).pluck().get() as number;
}

/** Overwrites pages in the middle of the file with garbage, as a failing disk would. */
function damage(file: string): void {
  const size = statSync(file).size;
  const fd = openSync(file, 'r+');
  try {
    const garbage = Buffer.alloc(4096 * 4, 0x5a);
    writeSync(fd, garbage, 0, garbage.length, Math.max(4096, Math.floor(size / 2 / 4096) * 4096));
  } finally {
    closeSync(fd);
  }
}

function dailyBackups(shop: TestShop): string[] {
  return listBackups(backupFolder(shop.core.db, shop.dbFile))
    .filter((backup) => backup.reason === 'daily')
    .map((backup) => backup.name);
}

describe('scheduled daily backup', () => {
  it('backs up at start when due, not again the same day, and again once the clock reaches the next day', async () => {
    const { shop, setNow } = await shopWithClock('2026-03-01T08:00:00.000Z');
    await shop.staff.call('customers.create', { name: 'Ann' });
    startBackupSchedule(shop.core.context, 20);
    await vi.waitFor(() => expect(dailyBackups(shop)).toHaveLength(1), { timeout: 10_000 });
    // Several timer ticks later on the same day: still one.
    setNow('2026-03-01T20:00:00.000Z');
    await new Promise((resolve) => setTimeout(resolve, 150));
    await backupRunner(shop.core.context).dailyIfDue();
    expect(dailyBackups(shop)).toHaveLength(1);
    setNow('2026-03-02T06:00:00.000Z');
    await vi.waitFor(() => expect(dailyBackups(shop)).toHaveLength(2), { timeout: 10_000 });
    const names = dailyBackups(shop);
    expect(names[0]).toMatch(/^patron-daily-20260302T/);
    expect(names[1]).toMatch(/^patron-daily-20260301T/);
    const folder = backupFolder(shop.core.db, shop.dbFile);
    for (const backup of listBackups(folder)) expect(verifyDatabaseCopy(backup.file)).toBeNull();
    // Copies are in rollback-journal mode: checking them leaves no -wal/-shm or partial files behind.
    expect(readdirSync(folder).every((name) => /^patron-daily-\w+\.db$/.test(name))).toBe(true);
  });

  it('an import commit takes a verified backup first; a dry run does not', async () => {
    const { shop } = await shopWithClock('2026-03-01T08:00:00.000Z');
    const base64 = Buffer.from('name,phone\nBea,13812345678\n').toString('base64');
    const input = { kind: 'customers' as const, fileName: 'c.csv', base64, mapping: ['name', 'phone'] };
    await shop.owner.call('transfer.import', { ...input, dryRun: true });
    const folder = backupFolder(shop.core.db, shop.dbFile);
    expect(listBackups(folder)).toHaveLength(0);
    await shop.owner.call('transfer.import', { ...input, dryRun: false });
    const backups = listBackups(folder);
    expect(backups.map((backup) => backup.reason)).toEqual(['import']);
    // The backup is of the shop before the rows landed.
    const copy = new Database(backups[0]!.file, { readonly: true });
    expect(customerCount(copy)).toBe(0);
    copy.close();
    expect(customerCount(shop.core.db)).toBe(1);
  });
});

describe('backup before a migration', () => {
  it('backs up a schema-2 shop with a separate connection before migrating it to the latest', async () => {
    const dbFile = path.join(tempDir(), 'old.db');
    const old = openWritable(dbFile);
    migrate(old, { migrations: migrations.slice(0, 2) });
    old
      .prepare(
        `INSERT INTO local_settings (key, value, updated_at) VALUES ('marker', '"kept"', '2025-01-01T00:00:00.000Z')`,
      )
      .run();
    old.close();
    const core = await openShop({
      dbFile,
      transport: 'direct',
      clock: () => new Date('2026-04-01T10:00:00Z'),
    });
    open.push(core);
    expect(core.migration.from).toBe(2);
    expect(schemaVersion(core.db)).toBe(latestSchemaVersion);
    const backups = listBackups(backupFolder(core.db, dbFile));
    expect(backups.map((backup) => backup.name)).toEqual(['patron-migration-20260401T100000000Z.db']);
    const copy = new Database(backups[0]!.file, { readonly: true });
    expect(copy.pragma('user_version', { simple: true })).toBe(2);
    expect(copy.prepare(`SELECT value FROM local_settings WHERE key = 'marker'`).pluck().get()).toBe(
      '"kept"',
    );
    copy.close();
    expect(verifyDatabaseCopy(backups[0]!.file)).toBeNull();
  });

  it('takes no backup when nothing is pending', async () => {
    const dbFile = path.join(tempDir(), 'current.db');
    await openShop({ dbFile, transport: 'direct' }).then((core) => core.close());
    const core = await openShop({ dbFile, transport: 'direct' });
    open.push(core);
    expect(listBackups(backupFolder(core.db, dbFile))).toEqual([]);
  });
});

describe('backup folder setting', () => {
  it('accepts an existing writable folder and refuses a relative or missing one', async () => {
    const { shop } = await shopWithClock('2026-03-01T08:00:00.000Z');
    const usb = path.join(tempDir(), 'usb');
    mkdirSync(usb);
    for (const [folder, problem] of [
      ['relative/folder', 'relative'],
      [path.join(usb, 'missing'), 'missing'],
    ] as const) {
      const result = await shop.owner.invoke('backup.setFolder', { folder });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.details).toMatchObject({ field: 'folder', problem });
    }
    expect((await shop.staff.invoke('backup.setFolder', { folder: usb })).ok).toBe(false);
    expect((await shop.owner.call('backup.setFolder', { folder: usb })).folder).toBe(usb);
    const backup = await shop.owner.call('backup.create', {});
    expect(path.dirname(backup.file)).toBe(usb);
    expect(await shop.owner.call('backup.verify', { name: backup.name })).toEqual({
      name: backup.name,
      ok: true,
      problem: null,
    });
  });
});

describe('restore while the app runs', () => {
  it('swaps the file under the running core, keeps the current one aside, audits and announces it', async () => {
    const { shop, setNow } = await shopWithClock('2026-03-01T08:00:00.000Z');
    await shop.staff.call('customers.create', { name: 'Before' });
    const backup = await shop.owner.call('backup.create', {});
    setNow('2026-03-01T09:00:00.000Z');
    await shop.staff.call('customers.create', { name: 'After' });
    expect(customerCount(shop.core.db)).toBe(2);

    await expect(shop.staff.call('backup.restore', { name: backup.name })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(shop.owner.call('backup.recover', { name: backup.name })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(shop.owner.call('backup.restore', { name: '../shop.db' })).rejects.toBeInstanceOf(
      PatronError,
    );

    const changed: string[][] = [];
    shop.owner.on('db.changed', (payload) => changed.push([...payload.tables]));
    const outcome = await shop.owner.call('backup.restore', { name: backup.name });
    expect(outcome.restored).toBe(backup.name);
    expect(outcome.keptAside).toMatch(/^shop\.db\.before-restore-20260301T090000000Z$/);
    expect(changed.length).toBeGreaterThan(0);

    // The same clients keep working, on the restored file.
    expect(customerCount(shop.core.db)).toBe(1);
    const page = await shop.staff.call('customers.list', {});
    expect(page.rows.map((row) => row.name)).toEqual(['Before']);
    await shop.staff.call('customers.create', { name: 'Later' });
    expect(customerCount(shop.core.db)).toBe(2);
    const audit = shop.core.db
      .prepare(`SELECT details FROM audit_log WHERE action = 'backup.restored'`)
      .pluck()
      .all() as string[];
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!)).toMatchObject({ from: backup.name, recovery: false });

    const aside = path.join(path.dirname(shop.dbFile), outcome.keptAside!);
    const kept = new Database(aside, { readonly: true });
    expect(customerCount(kept)).toBe(2);
    kept.close();
    expect(checkDatabaseFile(shop.dbFile, 'full').ok).toBe(true);
  });
});

describe('restore while the app runs: what stays as it is now', () => {
  it("keeps this PC's backup folder: a backup from another PC (a synced folder) does not switch the list to its folder", async () => {
    const { shop } = await shopWithClock('2026-03-01T08:00:00.000Z');
    const synced = path.join(tempDir(), 'synced');
    const otherPc = path.join(tempDir(), 'other-pc');
    mkdirSync(synced);
    mkdirSync(otherPc);
    await shop.staff.call('customers.create', { name: 'Ann' });
    // The other PC's backup remembers the other PC's folder; it reaches ours through the sync.
    await shop.owner.call('backup.setFolder', { folder: otherPc });
    const fromOtherPc = await shop.owner.call('backup.create', {});
    await shop.owner.call('backup.setFolder', { folder: synced });
    renameSync(fromOtherPc.file, path.join(synced, fromOtherPc.name));
    await shop.owner.call('customers.list', {});

    await shop.owner.call('backup.restore', { name: fromOtherPc.name });
    const after = await shop.owner.call('backup.list', {});
    expect(after.folder).toBe(synced);
    expect(after.backups.map((backup) => backup.name)).toEqual([fromOtherPc.name]);
    expect(customerCount(shop.core.db)).toBe(1);
  });

  it('refuses a damaged backup before touching the shop: no swap, nothing kept aside, nothing left behind', async () => {
    const { shop } = await shopWithClock('2026-03-01T08:00:00.000Z');
    for (let i = 0; i < 300; i++)
      await shop.staff.call('customers.create', { name: `Customer ${i}`, notes: 'x'.repeat(200) });
    const backup = await shop.owner.call('backup.create', {});
    damage(backup.file);
    await shop.staff.call('customers.create', { name: 'After the backup' });

    await expect(shop.owner.call('backup.restore', { name: backup.name })).rejects.toMatchObject({
      code: 'corrupt',
    });
    expect(shop.core.context.damaged).toBeNull();
    expect(customerCount(shop.core.db)).toBe(301);
    await shop.staff.call('customers.create', { name: 'Still writing' });
    const beside = readdirSync(path.dirname(shop.dbFile));
    expect(beside.filter((name) => /before-restore|\.restoring$/.test(name))).toEqual([]);
  });
});

describe('restore while the app runs: the Loyalty screen', () => {
  it('reads the restored file, not figures or a connection left over from the one replaced', async () => {
    const { shop, setNow } = await shopWithClock('2026-03-01T08:00:00.000Z');
    const kept = await shop.staff.call('customers.create', { name: 'Kept' });
    await shop.staff.call('sales.record', {
      customerId: kept.id,
      purchasedAt: '2026-02-20T04:00:00.000Z',
      totalMinor: 1_000,
    });
    const backup = await shop.owner.call('backup.create', {});
    setNow('2026-03-01T09:00:00.000Z');
    await shop.staff.call('sales.record', {
      customerId: kept.id,
      purchasedAt: '2026-02-25T04:00:00.000Z',
      totalMinor: 5_000,
    });
    // Computed and held by the store of the connection about to be replaced.
    expect((await shop.staff.call('loyalty.activity', {})).headline.revenueMinor).toBe(6_000);

    await shop.owner.call('backup.restore', { name: backup.name });
    expect((await shop.staff.call('loyalty.activity', {})).headline.revenueMinor).toBe(1_000);
    // One sale later the restored file's data version equals the replaced file's: only a store
    // made for the new connection can tell the two apart.
    await shop.staff.call('sales.record', {
      customerId: kept.id,
      purchasedAt: '2026-02-26T04:00:00.000Z',
      totalMinor: 2_000,
    });
    expect((await shop.staff.call('loyalty.activity', {})).headline.revenueMinor).toBe(3_000);
    await shop.staff.call('loyalty.dashboard', {});
  });
});

describe('start-up recovery', () => {
  it('checks a large file in the background: writes wait for the check and are refused once it finds damage', async () => {
    const dir = tempDir();
    const dbFile = path.join(dir, 'shop.db');
    const first = await openShop({ dbFile, transport: 'direct' });
    await createDirectClient(first, first.createSession('test', 'staff')).call('shop.create', {
      name: 'Big Café',
      currency: 'CNY',
      locale: 'zh-CN',
      country: 'CN',
      timezone: 'Asia/Shanghai',
    });
    for (let i = 0; i < 300; i++)
      await createDirectClient(first, first.createSession('test', 'staff')).call('customers.create', {
        name: `Customer ${i}`,
        notes: 'x'.repeat(200),
      });
    await first.close();
    damage(dbFile);

    // Every file counts as large here, so the core opens before the check is in.
    const core = await openShop({ dbFile, transport: 'direct', backgroundCheckAboveBytes: 0 });
    open.push(core);
    const staff = createDirectClient(core, core.createSession('test', 'staff'));
    const changed: string[][] = [];
    staff.on('db.changed', (payload) => changed.push([...payload.tables]));
    const write = staff.invoke('customers.create', { name: 'Too late' });
    await core.startupChecked;
    expect(core.context.damaged?.problem).toBe('corrupt');
    expect(await write).toMatchObject({ ok: false, error: { code: 'corrupt' } });
    expect(changed).toContainEqual(['*']);
    expect((await staff.call('backup.recoveryStatus', {})).damaged).toBe(true);
  });

  it('opens a sound large file at once and lets writes through after the background check', async () => {
    const dbFile = path.join(tempDir(), 'shop.db');
    await openShop({ dbFile, transport: 'direct' }).then((core) => core.close());
    const core = await openShop({ dbFile, transport: 'direct', backgroundCheckAboveBytes: 0 });
    open.push(core);
    const staff = createDirectClient(core, core.createSession('test', 'staff'));
    await staff.call('shop.create', {
      name: 'Sound Café',
      currency: 'CNY',
      locale: 'en',
      country: 'CN',
      timezone: 'Asia/Shanghai',
    });
    await core.startupChecked;
    expect(core.context.damaged).toBeNull();
    expect((await staff.call('shop.info', {})).initialized).toBe(true);
  });

  it('opens a damaged file in recovery mode, offers the newest good backup and restores it, keeping the damaged file', async () => {
    const dir = tempDir();
    const dbFile = path.join(dir, 'shop.db');
    const first = PatronCore.open({ dbFile, transport: 'direct' });
    const owner = createDirectClient(first, first.createSession('test', 'owner'));
    await owner.call('shop.create', {
      name: 'Damaged Café',
      currency: 'CNY',
      locale: 'zh-CN',
      country: 'CN',
      timezone: 'Asia/Shanghai',
    });
    for (let i = 0; i < 400; i++)
      await owner.call('customers.create', { name: `Customer ${i}`, notes: 'x'.repeat(200) });
    const older = await owner.call('backup.create', {});
    await new Promise((resolve) => setTimeout(resolve, 5));
    const newest = await owner.call('backup.create', {});
    await first.close();
    // The newest backup is damaged too: the older good one must be offered.
    damage(newest.file);
    damage(dbFile);
    expect(checkDatabaseFile(dbFile, 'quick').ok).toBe(false);

    const core = await openShop({ dbFile, transport: 'direct' });
    open.push(core);
    expect(core.context.damaged?.problem).toBe('corrupt');
    const staff = createDirectClient(core, core.createSession('test', 'staff'));
    await expect(staff.call('customers.list', {})).rejects.toMatchObject({ code: 'corrupt' });
    const status = await staff.call('backup.recoveryStatus', {});
    expect(status.damaged).toBe(true);
    expect(status.newestGood).toBe(older.name);
    expect(status.backups.map((backup) => backup.name)).toEqual([older.name]);

    const outcome = await staff.call('backup.recover', { name: older.name });
    expect(outcome.keptAside).not.toBeNull();
    expect(core.context.damaged).toBeNull();
    expect((await staff.call('customers.list', {})).total).toBe(400);
    expect((await staff.call('backup.recoveryStatus', {})).damaged).toBe(false);
    expect(checkDatabaseFile(dbFile, 'full').ok).toBe(true);
    // The damaged file is never deleted: kept aside, still damaged.
    const aside = path.join(dir, outcome.keptAside!);
    expect(existsSync(aside)).toBe(true);
    expect(checkDatabaseFile(aside, 'quick').ok).toBe(false);
    expect(readdirSync(dir).filter((name) => /^shop\.db\.before-restore-\w+$/.test(name))).toHaveLength(1);
  });
});
