import type { Migration } from './types';

/**
 * The whole domain of DOMAIN.md in one first schema, so later features add
 * screens rather than rewrite tables.
 *
 * Shaped for a future sync engine (ARCHITECTURE.md "Ready for several PCs"):
 * every shared record has a UUIDv7 text id, created_at/updated_at/deleted_at,
 * and there are no global counters or mutable totals — spend and visit counts
 * are always derived from the purchase rows. Tables prefixed `local_` hold
 * state of this PC only (caches, analysis snapshots) and will never sync.
 */
export const migration0001: Migration = {
  version: 1,
  name: 'initial',
  up: `
    -- Shop-wide settings (shared between PCs): one JSON value per key.
    CREATE TABLE shop_settings (
      key        TEXT PRIMARY KEY,
      value      TEXT NOT NULL CHECK (json_valid(value)),
      updated_at TEXT NOT NULL
    ) STRICT;

    -- Settings of this PC only (window size, last opened screen, backup folder).
    CREATE TABLE local_settings (
      key        TEXT PRIMARY KEY,
      value      TEXT NOT NULL CHECK (json_valid(value)),
      updated_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE customers (
      id              TEXT PRIMARY KEY,
      kind            TEXT NOT NULL DEFAULT 'person' CHECK (kind IN ('person', 'organization')),
      name            TEXT NOT NULL CHECK (length(name) > 0),
      -- Derived search keys, rewritten whenever name changes (pinyin full spelling
      -- without spaces, and initials), so "zs" and "zhangsan" find 张三.
      name_pinyin     TEXT NOT NULL DEFAULT '',
      name_initials   TEXT NOT NULL DEFAULT '',
      -- Member numbers are not a global counter: they carry a device prefix or
      -- come from the shop's own cards.
      member_no       TEXT,
      phone           TEXT,            -- E.164
      phone_digits    TEXT,            -- national significant number, for suffix search
      phone2          TEXT,
      email           TEXT,
      wechat          TEXT,
      gender          TEXT CHECK (gender IN ('female', 'male', 'other')),
      birthday        TEXT,            -- YYYY-MM-DD
      address         TEXT,
      source          TEXT CHECK (source IN ('walk_in', 'referral', 'online', 'event', 'phone', 'other')),
      referred_by     TEXT REFERENCES customers(id),
      organization_id TEXT REFERENCES customers(id),
      position        TEXT,            -- a person's position in the linked organisation
      company_name    TEXT,
      industry        TEXT,
      company_size    TEXT,
      contact_person  TEXT,
      contact_title   TEXT,
      notes           TEXT,
      credit_rating   TEXT CHECK (credit_rating IN ('A', 'B', 'C', 'D')),
      credit_limit_minor INTEGER,
      created_at      TEXT NOT NULL,
      updated_at      TEXT NOT NULL,
      deleted_at      TEXT,
      merged_into     TEXT REFERENCES customers(id),
      erased_at       TEXT
    ) STRICT;
    CREATE UNIQUE INDEX customers_member_no ON customers(member_no) WHERE member_no IS NOT NULL;
    CREATE INDEX customers_phone ON customers(phone) WHERE phone IS NOT NULL;
    CREATE INDEX customers_email ON customers(email) WHERE email IS NOT NULL;
    CREATE INDEX customers_referred_by ON customers(referred_by) WHERE referred_by IS NOT NULL;
    CREATE INDEX customers_organization ON customers(organization_id) WHERE organization_id IS NOT NULL;
    CREATE INDEX customers_updated ON customers(updated_at);

    -- Marketing consent per channel, insert-only: the latest row per
    -- (customer, channel) is the current state, the rest is the proof trail.
    CREATE TABLE consents (
      id          TEXT PRIMARY KEY,
      customer_id TEXT NOT NULL REFERENCES customers(id),
      channel     TEXT NOT NULL CHECK (channel IN ('sms', 'wechat', 'email', 'phone')),
      granted     INTEGER NOT NULL CHECK (granted IN (0, 1)),
      recorded_at TEXT NOT NULL,
      source      TEXT,
      created_at  TEXT NOT NULL
    ) STRICT;
    CREATE INDEX consents_customer ON consents(customer_id, channel, recorded_at);

    -- Every change to a customer record (the archive is "dynamic": edits keep history).
    CREATE TABLE customer_changes (
      id          TEXT PRIMARY KEY,
      customer_id TEXT NOT NULL REFERENCES customers(id),
      change_set  TEXT NOT NULL,
      changed_at  TEXT NOT NULL,
      actor_role  TEXT NOT NULL,
      field       TEXT NOT NULL,
      old_value   TEXT,
      new_value   TEXT
    ) STRICT;
    CREATE INDEX customer_changes_customer ON customer_changes(customer_id, changed_at);

    CREATE TABLE tags (
      id         TEXT PRIMARY KEY,
      name       TEXT NOT NULL,
      color      TEXT NOT NULL DEFAULT 'gray',
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      deleted_at TEXT
    ) STRICT;
    CREATE UNIQUE INDEX tags_name ON tags(name) WHERE deleted_at IS NULL;

    CREATE TABLE customer_tags (
      customer_id TEXT NOT NULL REFERENCES customers(id),
      tag_id      TEXT NOT NULL REFERENCES tags(id),
      created_at  TEXT NOT NULL,
      PRIMARY KEY (customer_id, tag_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX customer_tags_tag ON customer_tags(tag_id);

    CREATE TABLE products (
      id          TEXT PRIMARY KEY,
      name        TEXT NOT NULL,
      category    TEXT NOT NULL DEFAULT '',
      sku         TEXT,
      price_minor INTEGER,
      cost_minor  INTEGER,
      created_at  TEXT NOT NULL,
      updated_at  TEXT NOT NULL,
      deleted_at  TEXT
    ) STRICT;
    CREATE INDEX products_name ON products(name);

    -- A purchase; total_minor is net of discount and negative for a return,
    -- so summing totals gives net spend.
    CREATE TABLE purchases (
      id             TEXT PRIMARY KEY,
      customer_id    TEXT NOT NULL REFERENCES customers(id),
      purchased_at   TEXT NOT NULL,
      total_minor    INTEGER NOT NULL,
      discount_minor INTEGER NOT NULL DEFAULT 0 CHECK (discount_minor >= 0),
      is_return      INTEGER NOT NULL DEFAULT 0 CHECK (is_return IN (0, 1)),
      payment_method TEXT,
      channel        TEXT,
      staff          TEXT,
      note           TEXT,
      external_ref   TEXT,           -- receipt number from an import, for idempotent re-import
      created_at     TEXT NOT NULL,
      updated_at     TEXT NOT NULL,
      deleted_at     TEXT
    ) STRICT;
    CREATE INDEX purchases_customer ON purchases(customer_id, purchased_at);
    CREATE INDEX purchases_date ON purchases(purchased_at);
    CREATE UNIQUE INDEX purchases_external_ref ON purchases(external_ref) WHERE external_ref IS NOT NULL;

    CREATE TABLE purchase_lines (
      id             TEXT PRIMARY KEY,
      purchase_id    TEXT NOT NULL REFERENCES purchases(id),
      product_id     TEXT REFERENCES products(id),
      product_name   TEXT NOT NULL,   -- as sold, even if the product is renamed later
      category       TEXT NOT NULL DEFAULT '',
      quantity       REAL NOT NULL DEFAULT 1,
      amount_minor   INTEGER NOT NULL,
      discount_minor INTEGER NOT NULL DEFAULT 0,
      created_at     TEXT NOT NULL
    ) STRICT;
    CREATE INDEX purchase_lines_purchase ON purchase_lines(purchase_id);
    CREATE INDEX purchase_lines_product ON purchase_lines(product_id);

    -- Costs of serving a customer (gifts, service time, write-offs) for CLV.
    CREATE TABLE customer_costs (
      id          TEXT PRIMARY KEY,
      customer_id TEXT NOT NULL REFERENCES customers(id),
      occurred_at TEXT NOT NULL,
      kind        TEXT NOT NULL CHECK (kind IN ('discount', 'gift', 'service', 'other')),
      amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
      note        TEXT,
      created_at  TEXT NOT NULL,
      updated_at  TEXT NOT NULL,
      deleted_at  TEXT
    ) STRICT;
    CREATE INDEX customer_costs_customer ON customer_costs(customer_id);

    -- Promotion data: campaigns and who they reached.
    CREATE TABLE campaigns (
      id          TEXT PRIMARY KEY,
      name        TEXT NOT NULL,
      channel     TEXT NOT NULL CHECK (channel IN ('sms', 'wechat', 'email', 'phone', 'letter', 'in_store', 'other')),
      started_at  TEXT NOT NULL,
      ended_at    TEXT,
      offer       TEXT,
      created_at  TEXT NOT NULL,
      updated_at  TEXT NOT NULL,
      deleted_at  TEXT
    ) STRICT;
    CREATE TABLE campaign_contacts (
      id           TEXT PRIMARY KEY,
      campaign_id  TEXT NOT NULL REFERENCES campaigns(id),
      customer_id  TEXT NOT NULL REFERENCES customers(id),
      sent_at      TEXT NOT NULL,
      response     TEXT NOT NULL DEFAULT 'none' CHECK (response IN ('none', 'opened', 'replied', 'redeemed', 'opted_out')),
      responded_at TEXT,
      created_at   TEXT NOT NULL,
      updated_at   TEXT NOT NULL
    ) STRICT;
    CREATE INDEX campaign_contacts_customer ON campaign_contacts(customer_id);

    CREATE TABLE interactions (
      id           TEXT PRIMARY KEY,
      customer_id  TEXT NOT NULL REFERENCES customers(id),
      occurred_at  TEXT NOT NULL,
      channel      TEXT NOT NULL CHECK (channel IN ('face_to_face', 'phone', 'sms', 'wechat', 'email', 'letter', 'website')),
      direction    TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
      staff        TEXT,
      summary      TEXT NOT NULL DEFAULT '',
      satisfaction INTEGER CHECK (satisfaction BETWEEN 1 AND 5),
      recommend    INTEGER CHECK (recommend BETWEEN 0 AND 10),
      created_at   TEXT NOT NULL,
      updated_at   TEXT NOT NULL,
      deleted_at   TEXT
    ) STRICT;
    CREATE INDEX interactions_customer ON interactions(customer_id, occurred_at);

    CREATE TABLE complaints (
      id               TEXT PRIMARY KEY,
      customer_id      TEXT NOT NULL REFERENCES customers(id),
      interaction_id   TEXT REFERENCES interactions(id),
      received_at      TEXT NOT NULL,
      channel          TEXT CHECK (channel IN ('face_to_face', 'phone', 'sms', 'wechat', 'email', 'letter', 'website')),
      description      TEXT NOT NULL,
      cause            TEXT CHECK (cause IN ('quality', 'communication', 'price', 'waiting', 'attitude', 'other')),
      status           TEXT NOT NULL DEFAULT 'received'
                       CHECK (status IN ('received', 'cause_analysed', 'in_progress', 'resolved', 'followed_up')),
      resolution       TEXT,
      resolved_at      TEXT,
      followed_up_at   TEXT,
      followup_satisfaction INTEGER CHECK (followup_satisfaction BETWEEN 1 AND 5),
      staff            TEXT,
      created_at       TEXT NOT NULL,
      updated_at       TEXT NOT NULL,
      deleted_at       TEXT
    ) STRICT;
    CREATE INDEX complaints_customer ON complaints(customer_id);
    CREATE INDEX complaints_status ON complaints(status, received_at);

    -- The workflow trail of each complaint (insert-only).
    CREATE TABLE complaint_events (
      id           TEXT PRIMARY KEY,
      complaint_id TEXT NOT NULL REFERENCES complaints(id),
      from_status  TEXT,
      to_status    TEXT NOT NULL,
      at           TEXT NOT NULL,
      actor_role   TEXT NOT NULL,
      note         TEXT
    ) STRICT;
    CREATE INDEX complaint_events_complaint ON complaint_events(complaint_id, at);

    CREATE TABLE reminders (
      id          TEXT PRIMARY KEY,
      customer_id TEXT REFERENCES customers(id),
      kind        TEXT NOT NULL CHECK (kind IN ('follow_up', 'complaint_follow_up', 'large_purchase', 'birthday', 'anniversary', 'win_back', 'other')),
      due_at      TEXT NOT NULL,
      title       TEXT NOT NULL,
      note        TEXT,
      source_id   TEXT,             -- the complaint or purchase that caused it
      done_at     TEXT,
      created_at  TEXT NOT NULL,
      updated_at  TEXT NOT NULL,
      deleted_at  TEXT
    ) STRICT;
    CREATE INDEX reminders_due ON reminders(due_at) WHERE done_at IS NULL AND deleted_at IS NULL;
    CREATE INDEX reminders_customer ON reminders(customer_id);

    -- Analysis runs and their per-customer snapshot are derived data of this PC.
    CREATE TABLE local_analysis_runs (
      id            TEXT PRIMARY KEY,
      status        TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed', 'cancelled')),
      started_at    TEXT NOT NULL,
      finished_at   TEXT,
      as_of         TEXT NOT NULL,
      time_unit     TEXT NOT NULL CHECK (time_unit IN ('day', 'week')),
      params        TEXT NOT NULL CHECK (json_valid(params)),
      models        TEXT CHECK (models IS NULL OR json_valid(models)),
      sufficiency   TEXT CHECK (sufficiency IS NULL OR json_valid(sufficiency)),
      summary       TEXT CHECK (summary IS NULL OR json_valid(summary)),
      timings       TEXT CHECK (timings IS NULL OR json_valid(timings)),
      error         TEXT
    ) STRICT;
    CREATE INDEX local_analysis_runs_finished ON local_analysis_runs(status, finished_at);

    CREATE TABLE local_analysis_snapshot (
      run_id              TEXT NOT NULL REFERENCES local_analysis_runs(id) ON DELETE CASCADE,
      customer_id         TEXT NOT NULL,
      recency_days        INTEGER,
      frequency           INTEGER,
      monetary_minor      INTEGER,
      r_score             INTEGER,
      f_score             INTEGER,
      m_score             INTEGER,
      segment             TEXT,
      abc_class           TEXT,
      value_tier          TEXT,
      lifecycle_stage     TEXT,
      loyalty_type        TEXT,
      difference_block    TEXT,
      loyalty_scale       TEXT,
      credit_loyalty      TEXT,
      p_alive             REAL,
      expected_purchases  REAL,
      expected_spend_minor INTEGER,
      predicted_clv_minor INTEGER,
      historical_value_minor INTEGER,
      at_risk             INTEGER NOT NULL DEFAULT 0,
      cluster             INTEGER,
      reasons             TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(reasons)),
      PRIMARY KEY (run_id, customer_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX local_analysis_snapshot_customer ON local_analysis_snapshot(customer_id);
    CREATE INDEX local_analysis_snapshot_segment ON local_analysis_snapshot(run_id, segment);

    CREATE TABLE local_analysis_rules (
      run_id      TEXT NOT NULL REFERENCES local_analysis_runs(id) ON DELETE CASCADE,
      level       TEXT NOT NULL CHECK (level IN ('product', 'category')),
      antecedent  TEXT NOT NULL CHECK (json_valid(antecedent)),
      consequent  TEXT NOT NULL,
      support     REAL NOT NULL,
      confidence  REAL NOT NULL,
      lift        REAL NOT NULL
    ) STRICT;
    CREATE INDEX local_analysis_rules_run ON local_analysis_rules(run_id, level);

    -- Append-only: exports, erasures, merges and undos, imports, restores,
    -- role and settings changes. Triggers refuse edits and deletions.
    CREATE TABLE audit_log (
      id          TEXT PRIMARY KEY,
      at          TEXT NOT NULL,
      actor_role  TEXT NOT NULL,
      action      TEXT NOT NULL,
      entity      TEXT,
      entity_id   TEXT,
      details     TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(details))
    ) STRICT;
    CREATE INDEX audit_log_at ON audit_log(at);
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

    -- Customers erased on request (PIPL/GDPR): a restore of an older backup
    -- re-applies every erasure listed here.
    CREATE TABLE erasure_ledger (
      id          TEXT PRIMARY KEY,
      customer_id TEXT NOT NULL,
      erased_at   TEXT NOT NULL,
      actor_role  TEXT NOT NULL,
      created_at  TEXT NOT NULL
    ) STRICT;
  `,
};
