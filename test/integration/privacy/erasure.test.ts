import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openTestShop, type TestShop } from '../../helpers/core';
import { ERASED_CUSTOMER_NAME, reapplyErasures, readErasureLedger } from '../../../src/main/domain/privacy';
import { openWritable } from '../../../src/main/db/connection';
import { PERSON, seedPerson } from './person-fixture';
import { tempDir } from '../../helpers/cli';
import path from 'node:path';

let shop: TestShop | null = null;
afterEach(async () => {
  await shop?.close();
  shop = null;
});

/** The shop file and its WAL as they are on disk, concatenated. */
function rawBytes(dbFile: string): Buffer {
  const parts = [dbFile, `${dbFile}-wal`].filter(existsSync).map((file) => readFileSync(file));
  return Buffer.concat(parts);
}

const SECRETS = [
  PERSON.phoneDigits,
  PERSON.name,
  PERSON.email,
  PERSON.wechat,
  PERSON.address,
  PERSON.note,
  PERSON.interaction,
  PERSON.complaint,
  PERSON.reminder,
  PERSON.oldPhone.slice(3),
];

describe('privacy.erase', () => {
  it('removes the phone number and every free text from the database file and its WAL', async () => {
    shop = await openTestShop();
    const person = seedPerson(shop.core.db);
    // Push the person's pages into the main file, as days of normal use would.
    shop.core.db.pragma('wal_checkpoint(TRUNCATE)');
    const before = rawBytes(shop.dbFile);
    for (const secret of SECRETS) expect(before.includes(Buffer.from(secret, 'utf8')), secret).toBe(true);

    const result = await shop.owner.call('privacy.erase', { customerId: person.customerId });
    expect(result.checkpointed).toBe(true);
    expect(result.clearedRows).toMatchObject({
      customers: 1,
      purchases: 2,
      interactions: 1,
      complaints: 1,
      reminders: 1,
      consents: 1,
    });

    const after = rawBytes(shop.dbFile);
    for (const secret of SECRETS) expect(after.includes(Buffer.from(secret, 'utf8')), secret).toBe(false);
  });

  it('keeps anonymised purchase amounts, writes the ledger and the audit trail', async () => {
    shop = await openTestShop();
    const person = seedPerson(shop.core.db);
    await shop.owner.call('privacy.erase', { customerId: person.customerId });
    const db = shop.core.db;
    const row = db.prepare(`SELECT * FROM customers WHERE id = ?`).get(person.customerId) as Record<
      string,
      unknown
    >;
    expect(row.name).toBe(ERASED_CUSTOMER_NAME);
    expect(row.erased_at).not.toBeNull();
    for (const column of [
      'phone',
      'phone_digits',
      'email',
      'wechat',
      'address',
      'notes',
      'birthday',
      'gender',
    ]) {
      expect(row[column], column).toBeNull();
    }
    const total = db
      .prepare(`SELECT SUM(total_minor) FROM purchases WHERE customer_id = ?`)
      .pluck()
      .get(person.customerId);
    expect(total).toBe(person.totalMinor);
    expect(readErasureLedger(db).map((e) => e.customerId)).toEqual([person.customerId]);
    const audit = db
      .prepare(`SELECT actor_role, entity_id, details FROM audit_log WHERE action = 'customer.erased'`)
      .all();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_role: 'owner', entity_id: person.customerId });
  });

  it('is refused to staff and refused twice', async () => {
    shop = await openTestShop();
    const person = seedPerson(shop.core.db);
    await expect(shop.staff.call('privacy.erase', { customerId: person.customerId })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await shop.owner.call('privacy.erase', { customerId: person.customerId });
    await expect(shop.owner.call('privacy.erase', { customerId: person.customerId })).rejects.toMatchObject({
      code: 'conflict',
    });
  });

  it('is re-applied to an older backup restored over the file', async () => {
    shop = await openTestShop();
    const person = seedPerson(shop.core.db);
    const backup = path.join(tempDir(), 'backup.db');
    await shop.core.db.backup(backup);
    await shop.owner.call('privacy.erase', { customerId: person.customerId });
    const ledger = readErasureLedger(shop.core.db);

    const restored = openWritable(backup);
    try {
      expect(restored.prepare(`SELECT name FROM customers WHERE id = ?`).pluck().get(person.customerId)).toBe(
        PERSON.name,
      );
      expect(reapplyErasures(restored, '2026-01-01T00:00:00.000Z', ledger)).toBe(1);
      expect(restored.prepare(`SELECT name FROM customers WHERE id = ?`).pluck().get(person.customerId)).toBe(
        ERASED_CUSTOMER_NAME,
      );
      expect(readErasureLedger(restored)).toHaveLength(1);
      expect(reapplyErasures(restored, '2026-01-01T00:00:00.000Z', ledger)).toBe(0);
    } finally {
      restored.close();
    }
    const bytes = rawBytes(backup);
    expect(bytes.includes(Buffer.from(PERSON.phoneDigits))).toBe(false);
  });
});
