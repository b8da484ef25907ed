import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseVCards } from '../../../src/main/domain/transfer/formats';
import { readImportFile } from '../../../src/main/domain/transfer/import';
import { runExport, runImport } from '../../../src/main/domain/transfer/transfer.service';
import { PatronError } from '../../../src/shared/errors';
import { openTestShop, type TestShop } from '../../helpers/core';

const clock = (): Date => new Date('2026-06-01T08:00:00.000Z');
let shop: TestShop;

const CORPUS =
  'member_no,name,phone,email,gender,birthday,tags,notes,consent,credit_limit,kind,company_name\n' +
  'M1,张三,13800138001,zs@example.com,男,1990-03-05,VIP、常客,"=1+1 looks like a formula",是,1234.50,个人,\n' +
  'M2,李四,+8613800138002,,女,--07-14,,"two\nlines",否,,个人,\n' +
  ',瑞丰律所,,,,,企业客户,@mention,,,组织,瑞丰律所\n';

/** Imports a customer file into `db` as the owner, for real. */
async function importCustomers(db: TestShop['core']['db'], bytes: Uint8Array, fileName: string) {
  const file = await readImportFile(bytes, fileName);
  return runImport(db, { kind: 'customers', file, dryRun: false, actorRole: 'owner', clock });
}

beforeEach(async () => {
  shop = await openTestShop({ clock });
  const summary = await importCustomers(shop.core.db, Buffer.from(CORPUS), 'seed.csv');
  expect(summary).toMatchObject({ created: 3, rejected: 0 });
});
afterEach(async () => {
  await shop.close();
});

function snapshot(): unknown[] {
  return shop.core.db
    .prepare(
      `SELECT c.*, (SELECT group_concat(t.name) FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id
         WHERE ct.customer_id = c.id) AS tag_names FROM customers c ORDER BY c.id`,
    )
    .all();
}

describe.each(['csv', 'xlsx', 'vcf'] as const)('%s round trip', (format) => {
  it('export → import of the same file updates nothing and loses nothing', async () => {
    const before = snapshot();
    const exported = await runExport(shop.core.db, { format, filter: {}, actorRole: 'owner', clock });
    expect(exported.rows).toBe(3);
    const summary = await importCustomers(shop.core.db, exported.bytes, `export.${format}`);
    expect(summary).toMatchObject({
      rows: 3,
      created: 0,
      updated: 0,
      unchanged: 3,
      duplicates: 0,
      rejected: 0,
    });
    expect(snapshot()).toEqual(before);
  });
});

describe('CSV export format', () => {
  it('starts with a BOM and neutralises formula-looking cells', async () => {
    const exported = await runExport(shop.core.db, {
      format: 'csv',
      filter: {},
      columns: ['name', 'notes'],
      actorRole: 'owner',
      clock,
    });
    expect([...exported.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = exported.bytes.toString('utf8');
    expect(text).toContain(`'=1+1 looks like a formula`);
    expect(text).toContain(`'@mention`);
    expect(text.split('\r\n')[0]).toBe('\uFEFFname,notes');
  });

  it('is an owner action, audited with the filter and row count', async () => {
    await expect(
      runExport(shop.core.db, { format: 'csv', filter: {}, actorRole: 'staff', clock }),
    ).rejects.toBeInstanceOf(PatronError);
    await runExport(shop.core.db, { format: 'csv', filter: { tag: 'VIP' }, actorRole: 'owner', clock });
    const audit = shop.core.db
      .prepare(`SELECT actor_role, details FROM audit_log WHERE action = 'export'`)
      .all() as { actor_role: string; details: string }[];
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.details)).toMatchObject({ format: 'csv', filter: { tag: 'VIP' }, rows: 1 });
  });

  it('filters by consent channel and says why a segment export is empty without an analysis run', async () => {
    const consented = await runExport(shop.core.db, {
      format: 'csv',
      filter: { consentChannel: 'sms' },
      columns: ['member_no'],
      actorRole: 'owner',
      clock,
    });
    expect(consented.rows).toBe(1);
    const segment = await runExport(shop.core.db, {
      format: 'csv',
      filter: { segment: 'champions' },
      actorRole: 'owner',
      clock,
    });
    expect(segment.rows).toBe(0);
    expect(segment.note).toMatch(/analysis/);
  });
});

describe('vCard round trip', () => {
  it('writes every customer with phones, email, birthday and tags that parse back', async () => {
    const exported = await runExport(shop.core.db, { format: 'vcf', filter: {}, actorRole: 'owner', clock });
    const cards = parseVCards(exported.bytes);
    expect(cards).toHaveLength(3);
    const zhang = cards.find((card) => card.fullName === '张三');
    expect(zhang).toMatchObject({
      phones: [{ number: '+8613800138001' }],
      emails: ['zs@example.com'],
      birthday: '1990-03-05',
      categories: ['VIP', '常客'],
    });
    expect(cards.find((card) => card.fullName === '李四')?.birthday).toBe('--07-14');
    expect(cards.find((card) => card.fullName === '瑞丰律所')?.kind).toBe('org');
    // N, which phones sort and show contacts by: a person's name split, none for an organisation.
    expect(zhang).toMatchObject({ familyName: '张', givenName: '三' });
    expect(cards.find((card) => card.fullName === '瑞丰律所')?.familyName).toBeUndefined();
  });

  it('imports its export into an empty shop with the same people', async () => {
    const exported = await runExport(shop.core.db, { format: 'vcf', filter: {}, actorRole: 'owner', clock });
    const other = await openTestShop({ clock });
    try {
      const summary = await importCustomers(other.core.db, exported.bytes, 'contacts.vcf');
      expect(summary).toMatchObject({ created: 3, rejected: 0 });
      const people = other.core.db
        .prepare(`SELECT name, kind, phone, email, birthday FROM customers ORDER BY name`)
        .all();
      expect(people).toEqual([
        {
          name: '张三',
          kind: 'person',
          phone: '+8613800138001',
          email: 'zs@example.com',
          birthday: '1990-03-05',
        },
        { name: '李四', kind: 'person', phone: '+8613800138002', email: null, birthday: '--07-14' },
        { name: '瑞丰律所', kind: 'organization', phone: null, email: null, birthday: null },
      ]);
    } finally {
      await other.close();
    }
  });
});
