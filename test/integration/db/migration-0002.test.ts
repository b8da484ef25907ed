import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openWritable, type WritableDB } from '../../../src/main/db/connection';
import { queryPlan } from '../../helpers/db';
import { migrate } from '../../../src/main/db/migrate';
import { migrations } from '../../../src/main/db/migrations';
import { tempDir } from '../../helpers/cli';
import { openTestShop } from '../../helpers/core';

const opened: WritableDB[] = [];
afterEach(() => opened.splice(0).forEach((db) => db.open && db.close()));

function atVersion1(): WritableDB {
  const db = openWritable(path.join(tempDir(), 'shop.db'));
  opened.push(db);
  migrate(db, { migrations: migrations.slice(0, 1) });
  return db;
}

const now = '2026-01-01T00:00:00.000Z';

describe('0002-customer-search', () => {
  it('backfills the search index and the per-customer summary for rows written before it', () => {
    const db = atVersion1();
    const insert = db.prepare(
      `INSERT INTO customers (id, name, name_pinyin, name_initials, phone, phone_digits, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    insert.run('c1', '王小明', 'wangxiaoming', 'wxm', '+8613812345678', '13812345678', now, now);
    insert.run('c2', 'Amy', 'amy', 'a', null, null, now, now);
    const sale = db.prepare(
      `INSERT INTO purchases (id, customer_id, purchased_at, total_minor, is_return, created_at, updated_at) VALUES (?, 'c1', ?, ?, ?, ?, ?)`,
    );
    sale.run('p1', '2025-05-01T10:00:00Z', 3000, 0, now, now);
    sale.run('p2', '2025-06-01T10:00:00Z', -500, 1, now, now);
    migrate(db);
    const fts = (q: string): unknown[] =>
      db
        .prepare(
          `SELECT m.customer_id FROM customer_search_fts f JOIN local_customer_search m ON m.fts_rowid = f.rowid
           WHERE customer_search_fts MATCH ?`,
        )
        .pluck()
        .all(q);
    expect(fts('"王小明"')).toEqual(['c1']);
    expect(fts('{name_chars} : "小 明"')).toEqual(['c1']);
    expect(fts('{phone_digits} : "2345"')).toEqual(['c1']);
    expect(db.prepare(`SELECT phone_rev FROM customers WHERE id = 'c1'`).pluck().get()).toBe('87654321831');
    expect(db.prepare(`SELECT * FROM local_customer_summary ORDER BY customer_id`).all()).toEqual([
      { customer_id: 'c1', last_visit_at: '2025-05-01T10:00:00Z', total_spend_minor: 2500, visits: 1, active: 1 },
      { customer_id: 'c2', last_visit_at: null, total_spend_minor: 0, visits: 0, active: 1 },
    ]);
  });

  it('keeps the index and summary in sync through triggers on insert, update, delete and moves', () => {
    const db = atVersion1();
    migrate(db);
    const insert = db.prepare(`INSERT INTO customers (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)`);
    insert.run('a', '张三', now, now);
    insert.run('b', '李四', now, now);
    const count = (q: string): unknown => db.prepare(`SELECT count(*) FROM customer_search_fts WHERE customer_search_fts MATCH ?`).pluck().get(q);
    db.prepare(`UPDATE customers SET name = '张三丰' WHERE id = 'a'`).run();
    expect(count('"张三丰"')).toBe(1);
    db.prepare(
      `INSERT INTO purchases (id, customer_id, purchased_at, total_minor, created_at, updated_at) VALUES ('p', 'a', ?, 700, ?, ?)`,
    ).run(now, now, now);
    const spend = (id: string): unknown => db.prepare(`SELECT total_spend_minor FROM local_customer_summary WHERE customer_id = ?`).pluck().get(id);
    expect(spend('a')).toBe(700);
    db.prepare(`UPDATE purchases SET customer_id = 'b' WHERE id = 'p'`).run();
    expect([spend('a'), spend('b')]).toEqual([0, 700]);
    db.prepare(`UPDATE purchases SET deleted_at = ? WHERE id = 'p'`).run(now);
    expect(spend('b')).toBe(0);
    db.prepare(`UPDATE customers SET deleted_at = ? WHERE id = 'b'`).run(now);
    expect(db.prepare(`SELECT active FROM local_customer_summary WHERE customer_id = 'b'`).pluck().get()).toBe(0);
    db.prepare(`DELETE FROM purchases WHERE id = 'p'`).run();
    expect(db.prepare(`SELECT active FROM local_customer_summary WHERE customer_id = 'b'`).pluck().get()).toBe(0);
    db.prepare(`DELETE FROM customers WHERE id = 'a'`).run();
    expect(count('"张三丰"')).toBe(0);
    expect(db.prepare(`SELECT count(*) FROM local_customer_search`).pluck().get()).toBe(1);
  });

  it("answers the search's and the list's lookups from indexes", () => {
    const db = atVersion1();
    migrate(db);
    const plan = (sql: string): string => queryPlan(db, sql);
    const active = 'deleted_at IS NULL AND merged_into IS NULL';
    // Search candidates are answered from the index alone (id and the active columns stored).
    expect(plan(`SELECT id FROM customers WHERE phone_rev >= '8765' AND phone_rev < '8765:' AND ${active}`)).toMatch(/USING (COVERING )?INDEX customers_phone_rev/); // virtual column: SQLite reads the row
    expect(plan(`SELECT id FROM customers WHERE name_pinyin >= 'zh' AND name_pinyin < 'zi' AND ${active}`)).toMatch(/USING COVERING INDEX customers_sort_pinyin/);
    expect(plan(`SELECT id FROM customers WHERE name_initials >= 'zs' AND name_initials < 'zt' AND ${active}`)).toMatch(/USING COVERING INDEX customers_initials/);
    expect(plan(`SELECT id FROM customers WHERE name = '张三' AND ${active}`)).toMatch(/USING COVERING INDEX customers_name/);
    // The list's id pages walk covering indexes only, never the wide customer rows.
    expect(plan(`SELECT id FROM customers WHERE ${active} ORDER BY name_pinyin, name, id LIMIT 100 OFFSET 5000`)).toMatch(/SCAN customers USING COVERING INDEX customers_sort_pinyin/);
    expect(plan(`SELECT customer_id FROM local_customer_summary WHERE active = 1 ORDER BY active DESC, total_spend_minor DESC, customer_id DESC LIMIT 100`)).toMatch(/USING COVERING INDEX local_customer_summary_spend/);
    expect(plan(`SELECT customer_id FROM local_customer_summary WHERE active = 1 ORDER BY active DESC, last_visit_at DESC, customer_id DESC LIMIT 100`)).toMatch(/USING COVERING INDEX local_customer_summary_last_visit/);
    expect(plan(`SELECT id FROM customers WHERE birthday IS NOT NULL AND substr(birthday, 6, 2) = '05'`)).toMatch(/USING INDEX customers_birthday_month/);
  });

  it('makes a file filled by the demo seeder searchable at once', async () => {
    const shop = await openTestShop({ setup: false });
    try {
      await shop.staff.call('shop.createDemo', { locale: 'zh-CN', customers: 150, seed: 3 });
      const someone = shop.core.db
        .prepare(`SELECT id, name, name_initials AS initials, phone_digits AS digits FROM customers WHERE phone_digits IS NOT NULL AND deleted_at IS NULL LIMIT 1 OFFSET 17`)
        .get() as { id: string; name: string; initials: string; digits: string };
      const bySuffix = await shop.staff.call('customers.search', { query: someone.digits.slice(-4), limit: 100 });
      expect(bySuffix.map((h) => h.id)).toContain(someone.id);
      const byName = await shop.staff.call('customers.search', { query: someone.name, limit: 100 });
      expect(byName[0]).toMatchObject({ match: 'name_exact', name: someone.name });
      const byInitials = await shop.staff.call('customers.search', { query: someone.initials, limit: 100 });
      expect(byInitials.map((h) => h.id)).toContain(someone.id);
      const spenders = await shop.staff.call('customers.list', { sort: 'total_spend', direction: 'desc', limit: 1 });
      const top = shop.core.db
        .prepare(`SELECT sum(total_minor) FROM purchases WHERE customer_id = ? AND deleted_at IS NULL`)
        .pluck()
        .get(spenders.rows[0]?.id);
      expect(spenders.rows[0]?.totalSpendMinor).toBe(top);
    } finally {
      await shop.close();
    }
  });
});
