import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readImportFile } from '../../../src/main/domain/transfer/import';
import { runImport } from '../../../src/main/domain/transfer/transfer.service';
import type { ImportKind } from '../../../src/main/domain/transfer/mapping';
import { openTestShop, type TestShop } from '../../helpers/core';

const clock = (): Date => new Date('2026-06-01T08:00:00.000Z');

let shop: TestShop;
beforeEach(async () => {
  shop = await openTestShop({ clock });
});
afterEach(async () => {
  await shop.close();
});

async function importBytes(kind: ImportKind, bytes: Uint8Array, dryRun = false, mapSpec?: string) {
  const file = await readImportFile(bytes, `file.csv`);
  return runImport(shop.core.db, {
    kind,
    file,
    dryRun,
    actorRole: 'owner',
    clock,
    ...(mapSpec ? { mapSpec } : {}),
  });
}

const count = (sql: string): number => shop.core.db.prepare(sql).pluck().get() as number;

describe('customer import corpus', () => {
  it('reads GBK with Chinese headers, full-width phones and rejects bad rows with their line numbers', async () => {
    const text =
      '姓名,手机,生日,标签\r\n' +
      '张三,１３８００１３８０００,1990年3月5日,VIP、常客\r\n' +
      '李四,138,1991/4/6,\r\n' + // bad phone → line 3
      '王五,13900139000,1992-13-40,\r\n' + // bad date → line 4
      '赵六,13700137000,,\r\n';
    const summary = await importBytes('customers', iconv.encode(text, 'gbk'));
    expect(summary).toMatchObject({
      rows: 4,
      created: 2,
      updated: 0,
      unchanged: 0,
      duplicates: 0,
      rejected: 2,
    });
    expect(summary.rejectedRows.map((row) => [row.line, row.issues[0]?.code])).toEqual([
      [3, 'invalid_phone'],
      [4, 'invalid_date'],
    ]);
    const zhang = shop.core.db
      .prepare(`SELECT phone, birthday, name_pinyin, name_initials FROM customers WHERE name = '张三'`)
      .get();
    expect(zhang).toEqual({
      phone: '+8613800138000',
      birthday: '1990-03-05',
      name_pinyin: 'zhangsan',
      name_initials: 'zs',
    });
    expect(count(`SELECT COUNT(*) FROM customer_tags`)).toBe(2);
  });

  it('handles BOM, semicolons, quoted newlines, blank lines, trailing delimiters and formula-looking cells', async () => {
    const text =
      '\uFEFFname;phone;notes;\n' +
      'Ann;13800138001;"first line\nsecond line";\n' +
      '\n' +
      "Bob;13800138002;'=SUM(A1);\n" +
      'Cy;13800138003;-5 points;\n';
    const summary = await importBytes('customers', Buffer.from(text, 'utf8'));
    expect(summary).toMatchObject({ rows: 3, created: 3, rejected: 0 });
    const notes = shop.core.db.prepare(`SELECT name, notes FROM customers ORDER BY name`).all();
    expect(notes).toEqual([
      { name: 'Ann', notes: 'first line\nsecond line' },
      { name: 'Bob', notes: '=SUM(A1)' },
      { name: 'Cy', notes: '-5 points' },
    ]);
  });

  it('counts duplicates within the file and matches the database by member number, phone or email', async () => {
    await importBytes(
      'customers',
      Buffer.from('会员号,姓名,手机,邮箱\nM1,甲,13800138001,\n,乙,,b@example.com\n'),
    );
    const text =
      'member_no,name,phone,email,notes\n' +
      'M1,甲,13800138001,,changed\n' + // matches M1 → updated
      ',乙,,B@example.com,\n' + // matches by email (case-insensitive) → unchanged
      ',丙,13800138009,,\n' + // new
      ',丙,+86 138 0013 8009,,\n'; // same phone as the row above → duplicate
    const summary = await importBytes('customers', Buffer.from(text));
    expect(summary).toMatchObject({
      rows: 4,
      created: 1,
      updated: 1,
      unchanged: 1,
      duplicates: 1,
      rejected: 0,
    });
    expect(count(`SELECT COUNT(*) FROM customers`)).toBe(3);
    expect(count(`SELECT COUNT(*) FROM customer_changes WHERE field = 'notes'`)).toBe(1);
  });

  it('is idempotent: importing the same file again changes nothing', async () => {
    const text = 'name,phone,tags,consent\nAnn,13800138001,a、b,是\nBob,13800138002,,否\n';
    const first = await importBytes('customers', Buffer.from(text));
    expect(first).toMatchObject({ created: 2 });
    expect(count(`SELECT COUNT(*) FROM consents WHERE source = 'import'`)).toBe(8);
    const before = count(`SELECT total_changes()`);
    const second = await importBytes('customers', Buffer.from(text));
    expect(second).toMatchObject({ created: 0, updated: 0, unchanged: 2, duplicates: 0 });
    expect(count(`SELECT COUNT(*) FROM consents`)).toBe(8);
    expect(count(`SELECT COUNT(*) FROM customer_changes`)).toBe(0);
    expect(before).toBeGreaterThan(0);
  });

  it('rebuilds the customer indexes it dropped for a load bigger than the table, and they agree with the rows', async () => {
    const indexes = (): unknown[] =>
      shop.core.db
        .prepare(
          `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'customers' ORDER BY name`,
        )
        .all();
    const before = indexes();
    const text = '姓名,手机,会员号\n张三,13800138000,A1\n李四,13900139000,A2\n';
    expect(await importBytes('customers', Buffer.from(text))).toMatchObject({ created: 2 });
    expect(indexes()).toEqual(before);
    expect(shop.core.db.pragma('integrity_check', { simple: true })).toBe('ok');
    // The search reads the rebuilt phone-suffix index.
    const byPhoneSuffix = shop.core.db
      .prepare(`SELECT name FROM customers INDEXED BY customers_phone_rev WHERE phone_rev LIKE '0009310%'`)
      .pluck()
      .all();
    expect(byPhoneSuffix).toEqual(['李四']);
  });

  it('an empty file imports nothing and rejects nothing', async () => {
    const summary = await importBytes('customers', Buffer.alloc(0));
    expect(summary).toMatchObject({ rows: 0, created: 0, rejected: 0 });
  });

  it('a dry run reports the same counts and writes nothing', async () => {
    const text = 'name,phone\nAnn,13800138001\nBad,12\n';
    const dry = await importBytes('customers', Buffer.from(text), true);
    expect(dry).toMatchObject({ dryRun: true, created: 1, rejected: 1 });
    expect(count(`SELECT COUNT(*) FROM customers`)).toBe(0);
    expect(count(`SELECT COUNT(*) FROM audit_log WHERE action = 'import'`)).toBe(0);
    const real = await importBytes('customers', Buffer.from(text));
    expect(real).toMatchObject({ dryRun: false, created: 1, rejected: 1 });
    expect(count(`SELECT COUNT(*) FROM audit_log WHERE action = 'import'`)).toBe(1);
  });

  it('resolves referrers that appear later in the same file', async () => {
    const text = 'member_no,name,referred_by\nM2,Bea,M1\nM1,Al,\n';
    await importBytes('customers', Buffer.from(text));
    const row = shop.core.db
      .prepare(`SELECT r.name FROM customers c JOIN customers r ON r.id = c.referred_by WHERE c.name = 'Bea'`)
      .pluck()
      .get();
    expect(row).toBe('Al');
  });
});

describe('purchase import', () => {
  it('creates missing customers from the member number and keeps same-day rows as separate purchases', async () => {
    const text =
      'customer_code,date,amount\nC1,2024-03-05,12.50\nC1,2024-03-05,12.50\nC2,2024/3/6,-8\nC3,yesterday,3\n';
    const summary = await importBytes('purchases', Buffer.from(text));
    expect(summary).toMatchObject({
      rows: 4,
      created: 3,
      rejected: 1,
      customersCreated: 2,
      purchasesCreated: 3,
    });
    expect(summary.rejectedRows[0]?.line).toBe(5);
    const rows = shop.core.db
      .prepare(
        `SELECT c.name, c.member_no, p.purchased_at, p.total_minor, p.is_return FROM purchases p
         JOIN customers c ON c.id = p.customer_id ORDER BY p.purchased_at, p.total_minor`,
      )
      .all();
    expect(rows).toEqual([
      // A date without a time is stored at noon in the shop's zone (Asia/Shanghai, UTC+8).
      {
        name: 'C1',
        member_no: 'C1',
        purchased_at: '2024-03-05T04:00:00.000Z',
        total_minor: 1250,
        is_return: 0,
      },
      {
        name: 'C1',
        member_no: 'C1',
        purchased_at: '2024-03-05T04:00:00.000Z',
        total_minor: 1250,
        is_return: 0,
      },
      {
        name: 'C2',
        member_no: 'C2',
        purchased_at: '2024-03-06T04:00:00.000Z',
        total_minor: -800,
        is_return: 1,
      },
    ]);
    const again = await importBytes('purchases', Buffer.from(text));
    expect(again).toMatchObject({ created: 0, unchanged: 3, customersCreated: 0, rejected: 1 });
    expect(count(`SELECT COUNT(*) FROM purchases`)).toBe(3);
  });

  // With few other customers the importer recomputes every summary in one pass; with many, only
  // those of the customers that received purchases. Both must land what the live triggers would.
  it.each([
    ['every summary recomputed', 0],
    ['only the touched summaries recomputed', 6],
  ])(
    "leaves each customer's visits, spend and last visit as the live triggers would (%s), and its triggers in place",
    async (_scope, others) => {
      if (others > 0) {
        const lines = ['member_no,name'];
        for (let i = 0; i < others; i++) lines.push(`O${i},Other ${i}`);
        await importBytes('customers', Buffer.from(lines.join('\n')));
      }
      const summaryOf = (member: string): unknown =>
        shop.core.db
          .prepare(
            `SELECT s.visits, s.total_spend_minor, s.last_visit_at, s.active FROM local_customer_summary s
           JOIN customers c ON c.id = s.customer_id WHERE c.member_no = ?`,
          )
          .get(member);
      await importBytes('purchases', Buffer.from('customer_code,date,amount\nK1,2024-01-02,10\n'));
      const triggersBefore = count(
        `SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'purchases'`,
      );
      // K1 already has a purchase; K2 is new; a return adds spend but no visit and no last visit.
      const text = 'customer_code,date,amount\nK1,2024-03-05,12.50\nK1,2024-02-01,-2\nK2,2024-03-06,8\n';
      await importBytes('purchases', Buffer.from(text));
      expect(summaryOf('K1')).toEqual({
        visits: 2,
        total_spend_minor: 1000 + 1250 - 200,
        last_visit_at: '2024-03-05T04:00:00.000Z',
        active: 1,
      });
      expect(summaryOf('K2')).toEqual({
        visits: 1,
        total_spend_minor: 800,
        last_visit_at: '2024-03-06T04:00:00.000Z',
        active: 1,
      });
      expect(
        count(`SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'purchases'`),
      ).toBe(triggersBefore);
      // The restored trigger keeps the summary current for the next sale.
      const k2 = shop.core.db
        .prepare(`SELECT id FROM customers WHERE member_no = 'K2'`)
        .pluck()
        .get() as string;
      shop.core.db
        .prepare(
          `INSERT INTO purchases (id, customer_id, purchased_at, total_minor, created_at, updated_at)
         VALUES ('p-live', ?, '2024-04-01T04:00:00.000Z', 100, '2024-04-01', '2024-04-01')`,
        )
        .run(k2);
      expect(summaryOf('K2')).toMatchObject({ visits: 2, total_spend_minor: 900 });
      if (others > 0)
        expect(summaryOf('O0')).toEqual({ visits: 0, total_spend_minor: 0, last_visit_at: null, active: 1 });
      expect(count(`SELECT COUNT(*) FROM audit_log WHERE action = 'import'`)).toBe(others > 0 ? 3 : 2);
    },
  );

  it('marks the loyalty figures out of date and leaves foreign keys on, though its load ran without either', async () => {
    const version = (): number => count(`SELECT version FROM loyalty_data_version WHERE id = 1`);
    const before = version();
    const text = 'customer_code,date,amount\nL1,2024-03-05,12.50\nL2,2024-03-06,8\n';
    await importBytes('purchases', Buffer.from(text));
    expect(version()).toBeGreaterThan(before);
    expect(shop.core.db.pragma('foreign_keys', { simple: true })).toBe(1);
    // A re-import adds nothing, so the stored figures stay current.
    const after = version();
    expect(await importBytes('purchases', Buffer.from(text))).toMatchObject({ created: 0, unchanged: 2 });
    expect(version()).toBe(after);
    expect(count(`SELECT COUNT(*) FROM pragma_foreign_key_check`)).toBe(0);
  });

  it('reads Chinese headers, Excel serial dates and groups receipt lines by order number', async () => {
    const text =
      '单号,客户编号,日期,金额,商品,数量\n' +
      'R1,M9,2024-03-05 14:30,10,拿铁,1\n' +
      'R1,M9,2024-03-05 14:30,5,可颂,1\n' +
      'R2,M9,45357,7,美式,1\n';
    const summary = await importBytes('purchases', Buffer.from(text));
    expect(summary).toMatchObject({ rows: 3, created: 3, rejected: 0, purchasesCreated: 2, linesCreated: 3 });
    const receipts = shop.core.db
      .prepare(`SELECT external_ref, purchased_at, total_minor FROM purchases ORDER BY external_ref`)
      .all();
    expect(receipts).toEqual([
      { external_ref: 'R1', purchased_at: '2024-03-05T06:30:00.000Z', total_minor: 1500 },
      // Excel serial 45357 is 2024-03-06.
      { external_ref: 'R2', purchased_at: '2024-03-06T04:00:00.000Z', total_minor: 700 },
    ]);
  });

  it('skips known receipts the same way whether the load keeps the receipt index or drops it', async () => {
    // A file at least as big as the purchase history drops the unique receipt index and checks
    // refs in memory; a smaller one keeps the index. Both must skip exactly the known receipts.
    const rows = (from: number, to: number): string[] =>
      Array.from(
        { length: to - from },
        (_, i) => `R${from + i},N${(from + i) % 7},2024-03-05,${from + i + 1}`,
      );
    const file = (lines: string[]): Buffer => Buffer.from(['单号,客户编号,日期,金额', ...lines].join('\n'));
    const receiptIndex = (): number =>
      count(`SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'purchases_external_ref'`);
    await importBytes('purchases', file(rows(0, 40)));
    // 60 rows ≥ 40 stored: the in-memory path. Rows R0–R39 are known, and R40 appears twice.
    const large = await importBytes('purchases', file([...rows(0, 60), 'R40,N5,2024-03-06,99']));
    expect(large).toMatchObject({ created: 21, unchanged: 40, purchasesCreated: 20, rejected: 0 });
    expect(receiptIndex()).toBe(1);
    // 30 rows < 60 stored: the index path, with the same kinds of rows.
    const small = await importBytes('purchases', file([...rows(50, 70), 'R65,N2,2024-03-06,99']));
    expect(small).toMatchObject({ created: 11, unchanged: 10, purchasesCreated: 10, rejected: 0 });
    expect(count(`SELECT COUNT(*) FROM purchases`)).toBe(70);
    expect(count(`SELECT COUNT(DISTINCT external_ref) FROM purchases`)).toBe(70);
    expect(shop.core.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it("treats an order number spelt like an earlier row's made-up receipt ref as that receipt, on both paths", async () => {
    // Learn the ref made up for a row without an order number.
    await importBytes('purchases', Buffer.from('单号,客户编号,日期,金额\n,Q1,2024-03-05,10\n'));
    const autoRef = shop.core.db.prepare(`SELECT external_ref FROM purchases`).pluck().get() as string;
    expect(autoRef).toMatch(/^auto:.{22}:1$/);
    const text = `单号,客户编号,日期,金额\n,Q1,2024-03-05,10\n${autoRef},Q2,2024-03-06,20\nZ1,Q3,2024-03-07,30\n`;
    const outcomes = [];
    for (const padding of [0, 10]) {
      // padding 0: the file is bigger than the history (index dropped, refs checked in memory);
      // padding 10: ten earlier purchases keep the unique index in place.
      const other = await openTestShop({ clock });
      try {
        if (padding > 0) {
          const earlier = Array.from(
            { length: padding },
            (_, i) => `P${i},Q9,2024-01-0${1 + (i % 9)},${i + 1}`,
          );
          await runImport(other.core.db, {
            kind: 'purchases',
            file: await readImportFile(
              Buffer.from(['单号,客户编号,日期,金额', ...earlier].join('\n')),
              'f.csv',
            ),
            dryRun: false,
            actorRole: 'owner',
            clock,
          });
        }
        const summary = await runImport(other.core.db, {
          kind: 'purchases',
          file: await readImportFile(Buffer.from(text), 'f.csv'),
          dryRun: false,
          actorRole: 'owner',
          clock,
        });
        const refs = other.core.db
          .prepare(
            `SELECT external_ref FROM purchases WHERE external_ref NOT LIKE 'P%' ORDER BY external_ref`,
          )
          .pluck()
          .all();
        outcomes.push({ created: summary.created, unchanged: summary.unchanged, refs });
      } finally {
        await other.close();
      }
    }
    expect(outcomes[0]).toEqual({ created: 2, unchanged: 1, refs: ['Z1', autoRef] });
    expect(outcomes[1]).toEqual(outcomes[0]);
  });

  it('imports a 100k-row file completely, and a second time changes nothing', async () => {
    const lines = ['客户编号,日期,金额'];
    for (let i = 0; i < 100_000; i++)
      lines.push(`M${i % 5000},2024-${1 + (i % 12)}-${1 + (i % 28)},${(i % 300) + 1}.5`);
    const bytes = Buffer.from(lines.join('\n'));
    const summary = await importBytes('purchases', bytes);
    expect(summary).toMatchObject({ rows: 100_000, created: 100_000, rejected: 0, customersCreated: 5000 });
    expect(count(`SELECT COUNT(*) FROM purchases`)).toBe(100_000);
    expect(count(`SELECT SUM(total_minor) FROM purchases`)).toBe(
      Array.from({ length: 100_000 }, (_, i) => (i % 300) * 100 + 150).reduce((a, b) => a + b, 0),
    );
    const again = await importBytes('purchases', bytes);
    expect(again).toMatchObject({ created: 0, unchanged: 100_000, customersCreated: 0 });
  }, 240_000);
});

describe('readImportFile', () => {
  it('reads its own errors CSV fixture-free: the BOM is detected', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('name\nAnn\n')]);
    const file = await readImportFile(bytes, 'x.csv');
    expect(file.encoding).toBe('utf-8');
    expect(file.table.rows.map((row) => row.cells)).toEqual([['Ann']]);
    expect(readFileSync).toBeTypeOf('function');
  });
});
