import type { Migration } from './types';

/**
 * Placeholder for the number given to the analysis-perf branch, so the loyalty branch's 0005 keeps
 * the runner's "versions 1..n without gaps" rule on its own. When that branch brings a real 0004,
 * the integrator keeps theirs and drops this file (it changes nothing in the schema).
 */
export const migration0004: Migration = {
  version: 4,
  name: 'reserved',
  up: `SELECT 1;`,
};
