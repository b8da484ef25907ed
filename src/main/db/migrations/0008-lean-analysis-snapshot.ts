import type { Migration } from './types';

/**
 * The analysis writes one snapshot row per customer per run (100k rows for a big shop, on main's
 * thread, in slices), so what each row costs to insert is part of every run's time. Two costs
 * bought nothing:
 * - the `json_valid` CHECKs on `reasons` and `suggestions`: both are written only by the analysis,
 *   from JSON.stringify and the reason encoder, and read back with JSON.parse; the checks were ~25 %
 *   of an insert (measured on the 100k seed's real rows: 24.5 → 20.5 µs per row);
 * - the index on `customer_id` alone: every reader asks for a customer within a run, which the
 *   primary key (run_id, customer_id) answers; erasure now names the runs too. Another ~2 µs.
 * SQLite cannot drop a CHECK in place, so the table is rebuilt and its rows copied.
 */
export const migration0008: Migration = {
  version: 8,
  name: 'lean-analysis-snapshot',
  up: `
    CREATE TABLE local_analysis_snapshot_new (
      run_id                 TEXT NOT NULL REFERENCES local_analysis_runs(id) ON DELETE CASCADE,
      customer_id            TEXT NOT NULL,
      recency_days           INTEGER,
      frequency              INTEGER,
      monetary_minor         INTEGER,
      r_score                INTEGER,
      f_score                INTEGER,
      m_score                INTEGER,
      segment                TEXT,
      abc_class              TEXT,
      value_tier             TEXT,
      lifecycle_stage        TEXT,
      loyalty_type           TEXT,
      difference_block       TEXT,
      loyalty_scale          TEXT,
      credit_loyalty         TEXT,
      p_alive                REAL,
      expected_purchases     REAL,
      expected_spend_minor   INTEGER,
      predicted_clv_minor    INTEGER,
      historical_value_minor INTEGER,
      at_risk                INTEGER NOT NULL DEFAULT 0,
      cluster                INTEGER,
      reasons                TEXT NOT NULL DEFAULT '{}',
      visits                 INTEGER,
      first_purchase         TEXT,
      last_purchase          TEXT,
      attachment             TEXT,
      tier_rank              INTEGER,
      clv_minor              INTEGER,
      clv_basis              TEXT CHECK (clv_basis IN ('model', 'historical')),
      value_at_stake_minor   INTEGER,
      win_back_rank          INTEGER,
      suggestions            TEXT,
      PRIMARY KEY (run_id, customer_id)
    ) STRICT, WITHOUT ROWID;
    INSERT INTO local_analysis_snapshot_new (
      run_id, customer_id, recency_days, frequency, monetary_minor, r_score, f_score, m_score, segment,
      abc_class, value_tier, lifecycle_stage, loyalty_type, difference_block, loyalty_scale, credit_loyalty,
      p_alive, expected_purchases, expected_spend_minor, predicted_clv_minor, historical_value_minor, at_risk,
      cluster, reasons, visits, first_purchase, last_purchase, attachment, tier_rank, clv_minor, clv_basis,
      value_at_stake_minor, win_back_rank, suggestions)
    SELECT
      run_id, customer_id, recency_days, frequency, monetary_minor, r_score, f_score, m_score, segment,
      abc_class, value_tier, lifecycle_stage, loyalty_type, difference_block, loyalty_scale, credit_loyalty,
      p_alive, expected_purchases, expected_spend_minor, predicted_clv_minor, historical_value_minor, at_risk,
      cluster, reasons, visits, first_purchase, last_purchase, attachment, tier_rank, clv_minor, clv_basis,
      value_at_stake_minor, win_back_rank, suggestions
    FROM local_analysis_snapshot;
    DROP TABLE local_analysis_snapshot;
    ALTER TABLE local_analysis_snapshot_new RENAME TO local_analysis_snapshot;
    CREATE INDEX local_analysis_snapshot_segment ON local_analysis_snapshot(run_id, segment);
  `,
};
