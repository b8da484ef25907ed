import type { Migration } from './types';

/**
 * The analysis snapshot moves out of the shop file into the analysis store beside it
 * (src/main/db/analysis-store.ts says why). Its rows are derived data and are not carried over:
 * the runs that had them stay on record, AnalysisService finds their rows missing at its next
 * start, marks them failed and computes a fresh run. The rules stay here, with the run records.
 */
export const migration0010: Migration = {
  version: 10,
  name: 'analysis-snapshot-own-file',
  up: `
    DROP INDEX IF EXISTS main.local_analysis_snapshot_segment;
    DROP TABLE IF EXISTS main.local_analysis_snapshot;
  `,
};
