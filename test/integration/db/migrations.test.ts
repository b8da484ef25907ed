import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openWritable, type WritableDB } from '../../../src/main/db/connection';
import { migrate, schemaVersion } from '../../../src/main/db/migrate';
import { latestSchemaVersion, migrations } from '../../../src/main/db/migrations';
import { PatronError } from '../../../src/shared/errors';
import { tempDir } from '../../helpers/cli';
import { queryPlan, useFreshDbs } from '../../helpers/db';

const freshDb = useFreshDbs();

describe('migration runner', () => {
  it('numbers migrations 1..n with no gaps, so user_version maps to one list position', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_m, i) => i + 1));
    expect(latestSchemaVersion).toBe(migrations.length);
  });

  it('brings a new file to the latest version and is idempotent', () => {
    const db = freshDb();
    const first = migrate(db);
    expect(first).toMatchObject({ from: 0, to: latestSchemaVersion });
    expect(first.applied).toHaveLength(migrations.length);
    expect(schemaVersion(db)).toBe(latestSchemaVersion);
    expect(migrate(db).applied).toEqual([]);
  });

  it('refuses a file written by a newer Patron and leaves it untouched', () => {
    const db = freshDb();
    migrate(db);
    db.pragma(`user_version = ${latestSchemaVersion + 1}`);
    expect(() => migrate(db)).toThrow(PatronError);
    try {
      migrate(db);
    } catch (error) {
      expect((error as PatronError).code).toBe('schema_too_new');
    }
    expect(schemaVersion(db)).toBe(latestSchemaVersion + 1);
  });

  it('applies pending steps in one transaction: a failing step leaves the old version and no partial tables', () => {
    const db = freshDb();
    const broken = [
      ...migrations,
      {
        version: latestSchemaVersion + 1,
        name: 'adds-a-table',
        up: 'CREATE TABLE half_done (id TEXT PRIMARY KEY) STRICT;',
      },
      { version: latestSchemaVersion + 2, name: 'broken', up: 'CREATE TABLE oops (' },
    ];
    migrate(db);
    expect(() => migrate(db, { migrations: broken })).toThrow();
    expect(schemaVersion(db)).toBe(latestSchemaVersion);
    const tables = db
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'half_done'`)
      .all();
    expect(tables).toEqual([]);
  });

  it('opens the writer in WAL with synchronous=FULL and foreign keys on', () => {
    const db = freshDb();
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });
});

describe('0001-initial', () => {
  function migrated(): WritableDB {
    const db = freshDb();
    migrate(db, { migrations: migrations.slice(0, 1) });
    return db;
  }

  it('creates every domain table as STRICT', () => {
    const db = migrated();
    const tables = db
      .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
      .all() as { name: string; sql: string }[];
    const names = tables.map((t) => t.name).sort();
    for (const expected of [
      'audit_log',
      'campaign_contacts',
      'campaigns',
      'complaint_events',
      'complaints',
      'consents',
      'customer_changes',
      'customer_costs',
      'customer_tags',
      'customers',
      'erasure_ledger',
      'interactions',
      'local_analysis_rules',
      'local_analysis_runs',
      'local_analysis_snapshot',
      'local_settings',
      'products',
      'purchase_lines',
      'purchases',
      'reminders',
      'shop_settings',
      'tags',
    ]) {
      expect(names).toContain(expected);
    }
    for (const table of tables) expect(table.sql, table.name).toMatch(/\)\s*STRICT/);
  });

  it('enforces types, checks and foreign keys', () => {
    const db = migrated();
    const now = new Date().toISOString();
    const insertCustomer = db.prepare(
      `INSERT INTO customers (id, kind, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
    );
    insertCustomer.run('c1', 'person', '张三', now, now);
    expect(() => insertCustomer.run('c2', 'robot', 'X', now, now)).toThrow(/CHECK/);
    expect(() =>
      db
        .prepare(
          `INSERT INTO purchases (id, customer_id, purchased_at, total_minor, created_at, updated_at) VALUES ('p1', 'nobody', ?, 100, ?, ?)`,
        )
        .run(now, now, now),
    ).toThrow(/FOREIGN KEY/);
    expect(() =>
      db
        .prepare(
          `INSERT INTO purchases (id, customer_id, purchased_at, total_minor, created_at, updated_at) VALUES ('p1', 'c1', ?, 'lots', ?, ?)`,
        )
        .run(now, now, now),
    ).toThrow(/cannot store TEXT value in INTEGER column/);
    expect(() =>
      db
        .prepare(
          `INSERT INTO complaints (id, customer_id, received_at, description, status, created_at, updated_at) VALUES ('k1', 'c1', ?, 'cold coffee', 'done', ?, ?)`,
        )
        .run(now, now, now),
    ).toThrow(/CHECK/);
  });

  it('keeps member numbers unique and the audit log append-only', () => {
    const db = migrated();
    const now = new Date().toISOString();
    const insert = db.prepare(
      `INSERT INTO customers (id, name, member_no, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
    );
    insert.run('a', 'A', 'D1-1', now, now);
    insert.run('b', 'B', null, now, now);
    insert.run('c', 'C', null, now, now);
    expect(() => insert.run('d', 'D', 'D1-1', now, now)).toThrow(/UNIQUE/);
    db.prepare(`INSERT INTO audit_log (id, at, actor_role, action) VALUES ('x', ?, 'owner', 'export')`).run(
      now,
    );
    expect(() => db.prepare(`UPDATE audit_log SET action = 'nothing'`).run()).toThrow(/append-only/);
    expect(() => db.prepare(`DELETE FROM audit_log`).run()).toThrow(/append-only/);
  });

  it("answers the counter's lookups from indexes, not table scans", () => {
    const db = migrated();
    const plan = (sql: string): string => queryPlan(db, sql);
    expect(plan(`SELECT * FROM purchases WHERE customer_id = 'x' ORDER BY purchased_at`)).toMatch(
      /USING INDEX purchases_customer/,
    );
    expect(plan(`SELECT * FROM customers WHERE member_no = 'D1-1'`)).toMatch(
      /USING INDEX customers_member_no/,
    );
    expect(plan(`SELECT * FROM customers WHERE phone = '+8613800000000'`)).toMatch(
      /USING INDEX customers_phone/,
    );
    expect(plan(`SELECT * FROM interactions WHERE customer_id = 'x'`)).toMatch(
      /USING INDEX interactions_customer/,
    );
  });

  it('is readable by a separate read-only connection (as analysis workers use)', () => {
    const file = path.join(tempDir(), 'ro.db');
    const db = openWritable(file);
    migrate(db);
    const reader = new Database(file, { readonly: true });
    expect(reader.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
    expect(() => reader.exec(`DELETE FROM customers`)).toThrow(/readonly/);
    reader.close();
    db.close();
  });
});
