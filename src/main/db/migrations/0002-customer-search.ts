import type { Migration } from './types';

// SQLite has no reverse(); national numbers are at most 15 digits (E.164 minus the country
// code), so spelling the reversal out keeps it a plain deterministic expression that a
// generated column and its index accept, and that needs no custom function on any connection.
const reversedDigits = `CASE WHEN phone_digits IS NULL THEN NULL ELSE ${Array.from(
  { length: 15 },
  (_v, i) => `substr(phone_digits, ${15 - i}, 1)`,
).join(' || ')} END`;

// FTS5 trigram cannot match one or two characters, and most Chinese names are two or three.
// A copy of the name with a space between characters turns a two-character query into a
// three-character phrase ("小明" → "小 明") that the same trigram index answers. The first 40
// characters are enough for a person's name.
export const spacedName = (column: string): string =>
  `' ' || rtrim(${Array.from({ length: 40 }, (_v, i) => `substr(${column}, ${i + 1}, 1)`).join(" || ' ' || ")}) || ' '`;

/**
 * What the counter's search and the customer list need on top of 0001.
 *
 * - `local_customer_search` + `customer_search_fts`: an FTS5 trigram index over the text a
 *   customer is found by (name, phone digits, email, member number, organisation). Its rowid
 *   comes from the map table's INTEGER PRIMARY KEY rather than `customers.rowid`, because VACUUM
 *   may renumber the implicit rowid of a table keyed by TEXT, which would silently point the
 *   index at other people. Triggers keep it in sync, so rows written by anyone (the demo seeder,
 *   an import) are searchable, and the migration backfills rows that already exist.
 * - `phone_rev`: the national digits reversed, indexed, so "the last 4 digits" is a prefix range
 *   scan instead of a scan of every number.
 * - `local_customer_summary`: last visit, net spend and visits per customer, derived from
 *   purchases by triggers. It is this PC's cache (local_, never synced): the shared purchases
 *   remain the only truth, and the table can be rebuilt from them at any time.
 * - `customer_merges`: each merge with every row it moved, so undo is exact.
 */
export const migration0002: Migration = {
  version: 2,
  name: 'customer-search',
  up: `
    ALTER TABLE customers ADD COLUMN phone_rev TEXT GENERATED ALWAYS AS (${reversedDigits}) VIRTUAL;
    -- Search lookups carry the id and the "active" columns, so each candidate is answered from
    -- the index alone rather than from a random read of the wide customer row.
    CREATE INDEX customers_phone_rev ON customers(phone_rev, id, deleted_at, merged_into);
    CREATE INDEX customers_name ON customers(name, id, deleted_at, merged_into);
    -- The list pages through active customers at any offset: covering indexes (the "active"
    -- columns stored too) let it skip rows without touching the wide table.
    CREATE INDEX customers_sort_pinyin ON customers(name_pinyin, name, id, deleted_at, merged_into);
    CREATE INDEX customers_sort_created ON customers(created_at, id, deleted_at, merged_into);
    CREATE INDEX customers_birthday_month ON customers(substr(birthday, 6, 2)) WHERE birthday IS NOT NULL;
    CREATE INDEX customers_initials ON customers(name_initials, id, deleted_at, merged_into);
    CREATE INDEX customers_deleted ON customers(deleted_at) WHERE deleted_at IS NOT NULL;

    CREATE TABLE local_customer_search (
      fts_rowid   INTEGER PRIMARY KEY,
      customer_id TEXT NOT NULL UNIQUE
    ) STRICT;

    CREATE VIRTUAL TABLE customer_search_fts USING fts5(
      name, name_chars, phone_digits, email, member_no, company,
      tokenize = 'trigram'
    );

    CREATE TRIGGER customers_search_ai AFTER INSERT ON customers BEGIN
      INSERT INTO local_customer_search (customer_id) VALUES (new.id);
      INSERT INTO customer_search_fts (rowid, name, name_chars, phone_digits, email, member_no, company)
      SELECT fts_rowid, new.name, ${spacedName('new.name')},
             coalesce(new.phone_digits, '') || ' ' || coalesce(replace(replace(new.phone2, '+', ''), ' ', ''), ''),
             new.email, new.member_no, new.company_name
      FROM local_customer_search WHERE customer_id = new.id;
      INSERT OR IGNORE INTO local_customer_summary (customer_id, active)
      VALUES (new.id, new.deleted_at IS NULL AND new.merged_into IS NULL);
    END;

    CREATE TRIGGER customers_active_au AFTER UPDATE OF deleted_at, merged_into ON customers BEGIN
      UPDATE local_customer_summary SET active = (new.deleted_at IS NULL AND new.merged_into IS NULL)
      WHERE customer_id = new.id;
    END;

    CREATE TRIGGER customers_search_au AFTER UPDATE OF name, phone_digits, phone2, email, member_no, company_name
    ON customers BEGIN
      DELETE FROM customer_search_fts
      WHERE rowid = (SELECT fts_rowid FROM local_customer_search WHERE customer_id = old.id);
      INSERT INTO customer_search_fts (rowid, name, name_chars, phone_digits, email, member_no, company)
      SELECT fts_rowid, new.name, ${spacedName('new.name')},
             coalesce(new.phone_digits, '') || ' ' || coalesce(replace(replace(new.phone2, '+', ''), ' ', ''), ''),
             new.email, new.member_no, new.company_name
      FROM local_customer_search WHERE customer_id = new.id;
    END;

    CREATE TRIGGER customers_search_ad AFTER DELETE ON customers BEGIN
      DELETE FROM customer_search_fts
      WHERE rowid = (SELECT fts_rowid FROM local_customer_search WHERE customer_id = old.id);
      DELETE FROM local_customer_search WHERE customer_id = old.id;
      DELETE FROM local_customer_summary WHERE customer_id = old.id;
    END;

    CREATE TABLE local_customer_summary (
      customer_id       TEXT PRIMARY KEY,
      last_visit_at     TEXT,
      total_spend_minor INTEGER NOT NULL DEFAULT 0,
      visits            INTEGER NOT NULL DEFAULT 0,
      -- Mirrors "not deleted, not merged" so sorting by spend or visit never reads customers.
      active            INTEGER NOT NULL DEFAULT 1
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX local_customer_summary_last_visit ON local_customer_summary(active, last_visit_at, customer_id);
    CREATE INDEX local_customer_summary_spend ON local_customer_summary(active, total_spend_minor, customer_id);

    -- A sale is the hot path: add it in place instead of re-aggregating the customer.
    CREATE TRIGGER purchases_summary_ai AFTER INSERT ON purchases WHEN new.deleted_at IS NULL BEGIN
      INSERT INTO local_customer_summary (customer_id, last_visit_at, total_spend_minor, visits)
      VALUES (new.customer_id, CASE WHEN new.is_return = 0 THEN new.purchased_at END, new.total_minor,
              CASE WHEN new.is_return = 0 THEN 1 ELSE 0 END)
      ON CONFLICT (customer_id) DO UPDATE SET
        last_visit_at = CASE
          WHEN excluded.last_visit_at IS NOT NULL
           AND (last_visit_at IS NULL OR excluded.last_visit_at > last_visit_at)
          THEN excluded.last_visit_at ELSE last_visit_at END,
        total_spend_minor = total_spend_minor + excluded.total_spend_minor,
        visits = visits + excluded.visits;
    END;

    -- Edits, deletions and moves (merge) are rare: recompute the customers involved.
    CREATE TRIGGER purchases_summary_au AFTER UPDATE OF customer_id, purchased_at, total_minor, is_return, deleted_at
    ON purchases BEGIN
      INSERT OR REPLACE INTO local_customer_summary (customer_id, active, last_visit_at, total_spend_minor, visits)
      SELECT c.id, c.deleted_at IS NULL AND c.merged_into IS NULL,
             (SELECT max(purchased_at) FROM purchases WHERE customer_id = c.id AND deleted_at IS NULL AND is_return = 0),
             (SELECT coalesce(sum(total_minor), 0) FROM purchases WHERE customer_id = c.id AND deleted_at IS NULL),
             (SELECT count(*) FROM purchases WHERE customer_id = c.id AND deleted_at IS NULL AND is_return = 0)
      FROM customers c WHERE c.id IN (old.customer_id, new.customer_id);
    END;

    CREATE TRIGGER purchases_summary_ad AFTER DELETE ON purchases BEGIN
      INSERT OR REPLACE INTO local_customer_summary (customer_id, active, last_visit_at, total_spend_minor, visits)
      SELECT c.id, c.deleted_at IS NULL AND c.merged_into IS NULL,
             (SELECT max(purchased_at) FROM purchases WHERE customer_id = c.id AND deleted_at IS NULL AND is_return = 0),
             (SELECT coalesce(sum(total_minor), 0) FROM purchases WHERE customer_id = c.id AND deleted_at IS NULL),
             (SELECT count(*) FROM purchases WHERE customer_id = c.id AND deleted_at IS NULL AND is_return = 0)
      FROM customers c WHERE c.id = old.customer_id;
    END;

    CREATE TABLE customer_merges (
      id              TEXT PRIMARY KEY,
      survivor_id     TEXT NOT NULL REFERENCES customers(id),
      merged_id       TEXT NOT NULL REFERENCES customers(id),
      merged_at       TEXT NOT NULL,
      actor_role      TEXT NOT NULL,
      -- The survivor's fields before the merge, and the fields the merge changed.
      survivor_before TEXT NOT NULL CHECK (json_valid(survivor_before)),
      -- { "purchases": [ids], "interactions": [ids], ..., "customer_tags": [tag ids added] }
      moved           TEXT NOT NULL CHECK (json_valid(moved)),
      undone_at       TEXT,
      undone_by_role  TEXT,
      created_at      TEXT NOT NULL,
      updated_at      TEXT NOT NULL
    ) STRICT;
    CREATE INDEX customer_merges_survivor ON customer_merges(survivor_id, merged_at);
    CREATE INDEX customer_merges_merged ON customer_merges(merged_id);

    -- Backfill: rows written before this migration (a seeded demo file) become searchable.
    INSERT INTO local_customer_search (customer_id) SELECT id FROM customers ORDER BY rowid;
    INSERT INTO customer_search_fts (rowid, name, name_chars, phone_digits, email, member_no, company)
    SELECT m.fts_rowid, c.name, ${spacedName('c.name')},
           coalesce(c.phone_digits, '') || ' ' || coalesce(replace(replace(c.phone2, '+', ''), ' ', ''), ''),
           c.email, c.member_no, c.company_name
    FROM local_customer_search m JOIN customers c ON c.id = m.customer_id;
    INSERT INTO local_customer_summary (customer_id, active, last_visit_at, total_spend_minor, visits)
    SELECT c.id, c.deleted_at IS NULL AND c.merged_into IS NULL,
           (SELECT max(purchased_at) FROM purchases WHERE customer_id = c.id AND deleted_at IS NULL AND is_return = 0),
           (SELECT coalesce(sum(total_minor), 0) FROM purchases WHERE customer_id = c.id AND deleted_at IS NULL),
           (SELECT count(*) FROM purchases WHERE customer_id = c.id AND deleted_at IS NULL AND is_return = 0)
    FROM customers c;
  `,
};
