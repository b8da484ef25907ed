import type { ReadableDB, WritableDB } from '../../db/connection';
import { newId } from '../../db/ids';

export type AuditAction =
  | 'shop.created'
  | 'settings.changed'
  | 'export'
  | 'import'
  | 'customer.erased'
  | 'customer.purged'
  | 'customers.merged'
  | 'customers.mergeUndone'
  | 'customers.deleted'
  | 'customers.restored'
  | 'backup.created'
  | 'backup.restored'
  | 'role.ownerUnlocked'
  | 'role.pinChanged'
  | 'person.exported'
  | 'role.lockedOut'
  | 'tags.updated'
  | 'tags.deleted';

export interface AuditEntry {
  readonly actorRole: string;
  readonly action: AuditAction;
  readonly entity?: string | null;
  readonly entityId?: string | null;
  /** Filters, counts, formats — never names or phone numbers. */
  readonly details?: Record<string, unknown>;
}

export interface AuditRow {
  readonly id: string;
  readonly at: string;
  readonly actorRole: string;
  readonly action: string;
  readonly entity: string | null;
  readonly entityId: string | null;
  readonly details: Record<string, unknown>;
}

/** Appends one entry; the table's triggers refuse any later edit or deletion. */
export function appendAudit(db: WritableDB, entry: AuditEntry, at: string): string {
  const id = newId();
  db.prepare(
    `INSERT INTO audit_log (id, at, actor_role, action, entity, entity_id, details) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    id,
    at,
    entry.actorRole,
    entry.action,
    entry.entity ?? null,
    entry.entityId ?? null,
    JSON.stringify(entry.details ?? {}),
  );
  return id;
}

export function listAudit(
  db: ReadableDB,
  options: { limit: number; before?: string; action?: string },
): AuditRow[] {
  const rows = db
    .prepare(
      `SELECT id, at, actor_role, action, entity, entity_id, details FROM audit_log
       WHERE (? IS NULL OR at < ?) AND (? IS NULL OR action = ?) ORDER BY at DESC, id DESC LIMIT ?`,
    )
    .all(
      options.before ?? null,
      options.before ?? null,
      options.action ?? null,
      options.action ?? null,
      options.limit,
    ) as {
    id: string;
    at: string;
    actor_role: string;
    action: string;
    entity: string | null;
    entity_id: string | null;
    details: string;
  }[];
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    actorRole: r.actor_role,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    details: JSON.parse(r.details) as Record<string, unknown>,
  }));
}
