import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWritable, type WritableDB } from '../../../src/main/db/connection';
import { migrate } from '../../../src/main/db/migrate';
import { seedDemoShop } from '../../../src/main/domain/demo';
import { tempDir } from '../../helpers/cli';

// The seeder suspends the search/summary triggers during its bulk load and rebuilds
// their tables afterwards; the result must equal what the live triggers keep.
let db: WritableDB;
beforeAll(() => {
  db = openWritable(path.join(tempDir(), 'seed.db'));
  migrate(db);
  seedDemoShop(db, { customers: 300, seed: 5, locale: 'zh-CN', endDate: new Date('2026-06-30T12:00:00Z') });
});
afterAll(() => db.close());

describe('demo seed: derived search data', () => {
  it('leaves every trigger of the migrated schema in place', () => {
    const names = db
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name`)
      .pluck()
      .all() as string[];
    for (const expected of [
      'customers_search_ai',
      'customers_search_au',
      'customers_search_ad',
      'purchases_summary_ai',
    ]) {
      expect(names).toContain(expected);
    }
  });

  it('indexes every customer for search and summarises purchases exactly', () => {
    const customers = db.prepare('SELECT COUNT(*) FROM customers').pluck().get() as number;
    expect(db.prepare('SELECT COUNT(*) FROM local_customer_search').pluck().get()).toBe(customers);
    expect(db.prepare('SELECT COUNT(*) FROM customer_search_fts').pluck().get()).toBe(customers);
    const mismatches = db
      .prepare(
        `SELECT COUNT(*) FROM local_customer_summary s
         WHERE s.total_spend_minor IS NOT (SELECT coalesce(sum(total_minor), 0) FROM purchases p WHERE p.customer_id = s.customer_id AND p.deleted_at IS NULL)
            OR s.visits IS NOT (SELECT count(*) FROM purchases p WHERE p.customer_id = s.customer_id AND p.deleted_at IS NULL AND p.is_return = 0)
            OR s.active IS NOT (SELECT deleted_at IS NULL AND merged_into IS NULL FROM customers c WHERE c.id = s.customer_id)`,
      )
      .pluck()
      .get();
    expect(mismatches).toBe(0);
    expect(db.prepare('SELECT COUNT(*) FROM local_customer_summary').pluck().get()).toBe(customers);
  });

  it('finds a seeded customer by a trigram of the name and keeps triggers live for new rows', () => {
    const row = db.prepare(`SELECT id, name FROM customers WHERE length(name) >= 3 LIMIT 1`).get() as {
      id: string;
      name: string;
    };
    const hits = db
      .prepare(
        `SELECT m.customer_id FROM customer_search_fts f JOIN local_customer_search m ON m.fts_rowid = f.rowid WHERE customer_search_fts MATCH ?`,
      )
      .pluck()
      .all(`"${row.name}"`) as string[];
    expect(hits).toContain(row.id);
    const now = new Date().toISOString();
    db.prepare(
      `INSERT INTO customers (id, name, created_at, updated_at) VALUES ('new-1', '新顾客测试', ?, ?)`,
    ).run(now, now);
    expect(
      db.prepare(`SELECT COUNT(*) FROM local_customer_search WHERE customer_id = 'new-1'`).pluck().get(),
    ).toBe(1);
  });
});
