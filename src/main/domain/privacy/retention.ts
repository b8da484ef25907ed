import type { ReadableDB } from '../../db/connection';
import type { RetentionCandidate } from '../../../shared/contract/privacy';

/**
 * Customers with no purchase, interaction or record change since `cutoff` (ISO): the ones a
 * retention period proposes to erase. Deleted, merged and already erased customers are skipped.
 */
export function retentionCandidates(db: ReadableDB, cutoff: string, limit: number): RetentionCandidate[] {
  return db
    .prepare(
      `SELECT id AS customerId, name, last AS lastActivityAt FROM (
         SELECT c.id, c.name, MAX(
           c.created_at,
           COALESCE((SELECT MAX(p.purchased_at) FROM purchases p WHERE p.customer_id = c.id AND p.deleted_at IS NULL), ''),
           COALESCE((SELECT MAX(i.occurred_at) FROM interactions i WHERE i.customer_id = c.id AND i.deleted_at IS NULL), '')
         ) AS last
         FROM customers c
         WHERE c.deleted_at IS NULL AND c.erased_at IS NULL AND c.merged_into IS NULL
       ) WHERE last < ? ORDER BY last LIMIT ?`,
    )
    .all(cutoff, limit) as RetentionCandidate[];
}
