import type { ReadableDB, WritableDB } from '../../db/connection';
import { newId } from '../../db/ids';
import type { ConsentChannel, ConsentRecord, CustomerConsents } from '../../../shared/contract/privacy';

interface ConsentRow {
  id: string;
  channel: ConsentChannel;
  granted: number;
  recorded_at: string;
  source: string | null;
}

export function readConsents(db: ReadableDB, customerId: string): CustomerConsents {
  const rows = db
    .prepare(
      `SELECT id, channel, granted, recorded_at, source FROM consents
       WHERE customer_id = ? ORDER BY recorded_at DESC, id DESC`,
    )
    .all(customerId) as ConsentRow[];
  const history: ConsentRecord[] = rows.map((row) => ({
    channel: row.channel,
    granted: row.granted === 1,
    recordedAt: row.recorded_at,
    source: row.source,
  }));
  const seen = new Set<ConsentChannel>();
  const current = history.filter((record) => {
    if (seen.has(record.channel)) return false;
    seen.add(record.channel);
    return true;
  });
  return { current, history };
}

export function insertConsent(
  db: WritableDB,
  consent: {
    customerId: string;
    channel: ConsentChannel;
    granted: boolean;
    recordedAt: string;
    source: string | null;
  },
  at: string,
): void {
  db.prepare(
    `INSERT INTO consents (id, customer_id, channel, granted, recorded_at, source, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    newId(),
    consent.customerId,
    consent.channel,
    consent.granted ? 1 : 0,
    consent.recordedAt,
    consent.source,
    at,
  );
}

/**
 * Customers whose latest consent on `channel` is a yes — for campaign exports (issue 7), which must
 * leave out everyone else. Deleted, merged-away and erased customers never consent. Ties on
 * recorded_at are broken by id (UUIDv7, so the later insert wins).
 */
export function consentingCustomerIds(db: ReadableDB, channel: ConsentChannel): ReadonlySet<string> {
  const ids = db
    .prepare(
      `SELECT c.customer_id FROM consents c
       JOIN customers cu ON cu.id = c.customer_id
       WHERE c.channel = ? AND c.granted = 1
         AND cu.deleted_at IS NULL AND cu.erased_at IS NULL AND cu.merged_into IS NULL
         AND NOT EXISTS (
           SELECT 1 FROM consents later
           WHERE later.customer_id = c.customer_id AND later.channel = c.channel
             AND (later.recorded_at > c.recorded_at OR (later.recorded_at = c.recorded_at AND later.id > c.id))
         )`,
    )
    .pluck()
    .all(channel) as string[];
  return new Set(ids);
}
