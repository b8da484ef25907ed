import { newId } from '../../../src/main/db/ids';
import type { WritableDB } from '../../../src/main/db/connection';

/**
 * Customers are created by issue 3's commands; these tests insert the row directly so the
 * care features can be tested on their own.
 */
export function insertCustomer(
  db: WritableDB,
  fields: { name: string; birthday?: string; referredBy?: string; phone?: string },
): string {
  const id = newId();
  const at = '2025-01-01T00:00:00.000Z';
  db.prepare(
    `INSERT INTO customers (id, name, birthday, referred_by, phone, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(id, fields.name, fields.birthday ?? null, fields.referredBy ?? null, fields.phone ?? null, at, at);
  return id;
}

/** A controllable clock for the core. */
export function fixedClock(iso: string): { clock: () => Date; set(next: string): void } {
  let now = new Date(iso);
  return {
    clock: () => now,
    set(next: string) {
      now = new Date(next);
    },
  };
}
