import type { Migration } from './types';

/**
 * `purchases_customer (customer_id, purchased_at)` is a prefix of `purchases_analysis` (0006), so
 * every query by customer, in date order, is answered by the wider index as well. Keeping both
 * cost every sale one more B-tree insert and every large import one more index build (measured on
 * 1M imported purchases: 0.5–0.9 s of a ~20 s import).
 */
export const migration0007: Migration = {
  version: 7,
  name: 'drop-purchases-customer-index',
  up: `DROP INDEX purchases_customer;`,
};
