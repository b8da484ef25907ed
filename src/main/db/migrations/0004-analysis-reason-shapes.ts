import type { Migration } from './types';

/**
 * The snapshot's reasons are stored positionally (see shared/analysis/reason-codec.ts): each
 * customer's row holds only shape numbers and parameter values, and the run keeps the shapes (a
 * reason key with its parameter names) once. Spelled out in full the reasons made most 100k-shop
 * snapshot rows larger than a WITHOUT ROWID leaf cell may be, so every row spilled into its own
 * 4 KiB overflow page (measured: 900 MB for two runs), which made the write and its COMMIT slow.
 * Nullable: runs written before this migration keep their self-describing JSON reasons.
 */
export const migration0004: Migration = {
  version: 4,
  name: 'analysis-reason-shapes',
  up: `
    ALTER TABLE local_analysis_runs ADD COLUMN reason_shapes TEXT
      CHECK (reason_shapes IS NULL OR json_valid(reason_shapes));
  `,
};
