import type { Migration } from './types';

/**
 * What makes the Loyalty screen open at once on a 100k shop, even on the first load after an
 * analysis run or an app restart:
 *
 * - `loyalty_aggregates`: the screen's computed figures, stored per kind and key (the run pair for
 *   the snapshot charts, the period and zone for the purchase figures) with the version they were
 *   computed at. A stored run never changes, so run-keyed rows stay right; period rows are right
 *   only while `loyalty_data_version` is unchanged.
 * - `loyalty_data_version`: one counter bumped by triggers on every write to the tables the period
 *   figures read (purchases, interactions, complaints). Triggers, not the core's db.changed events,
 *   because imports, erasure and other processes (CLI) write these tables too, and a stale cached
 *   figure after a restart would be silently wrong.
 *
 * No new index on purchases: a partial (deleted_at IS NULL) index led by purchased_at was measured
 * on the 100k seed — not covering (SQLite needs deleted_at among the columns), slower than the
 * covering customer-ordered scan of 0003's purchases_analysis, and the planner then chose it for
 * the analysis worker's streaming read, which must stay on purchases_analysis.
 */
export const migration0005: Migration = {
  version: 5,
  name: 'loyalty-aggregates',
  up: `
    CREATE TABLE loyalty_aggregates (
      kind        TEXT NOT NULL,
      key         TEXT NOT NULL,
      version     TEXT NOT NULL,
      payload     TEXT NOT NULL CHECK (json_valid(payload)),
      computed_at TEXT NOT NULL,
      PRIMARY KEY (kind, key)
    ) STRICT;
    CREATE TABLE loyalty_data_version (
      id      INTEGER PRIMARY KEY CHECK (id = 1),
      version INTEGER NOT NULL
    ) STRICT;
    INSERT INTO loyalty_data_version (id, version) VALUES (1, 0);
    CREATE TRIGGER loyalty_version_purchases_insert AFTER INSERT ON purchases
      BEGIN UPDATE loyalty_data_version SET version = version + 1 WHERE id = 1; END;
    CREATE TRIGGER loyalty_version_purchases_update AFTER UPDATE ON purchases
      BEGIN UPDATE loyalty_data_version SET version = version + 1 WHERE id = 1; END;
    CREATE TRIGGER loyalty_version_purchases_delete AFTER DELETE ON purchases
      BEGIN UPDATE loyalty_data_version SET version = version + 1 WHERE id = 1; END;
    CREATE TRIGGER loyalty_version_interactions_insert AFTER INSERT ON interactions
      BEGIN UPDATE loyalty_data_version SET version = version + 1 WHERE id = 1; END;
    CREATE TRIGGER loyalty_version_interactions_update AFTER UPDATE ON interactions
      BEGIN UPDATE loyalty_data_version SET version = version + 1 WHERE id = 1; END;
    CREATE TRIGGER loyalty_version_interactions_delete AFTER DELETE ON interactions
      BEGIN UPDATE loyalty_data_version SET version = version + 1 WHERE id = 1; END;
    CREATE TRIGGER loyalty_version_complaints_insert AFTER INSERT ON complaints
      BEGIN UPDATE loyalty_data_version SET version = version + 1 WHERE id = 1; END;
    CREATE TRIGGER loyalty_version_complaints_update AFTER UPDATE ON complaints
      BEGIN UPDATE loyalty_data_version SET version = version + 1 WHERE id = 1; END;
    CREATE TRIGGER loyalty_version_complaints_delete AFTER DELETE ON complaints
      BEGIN UPDATE loyalty_data_version SET version = version + 1 WHERE id = 1; END;
  `,
};
