import type { Complaint, Interaction, Reminder } from '../../../shared/contract/care';
import type {
  ComplaintCause,
  ComplaintStatus,
  InteractionChannel,
  ReminderKind,
} from '../../../shared/care/settings';
import type { ReadableDB, WritableDB } from '../../db/connection';
import { newId } from '../../db/ids';
import { readSetting, writeSetting } from '../shop/shop.repo';
import { careSettingsSchema, type CareSettings } from '../../../shared/care/settings';
import { decodeReminderTemplate } from '../../../shared/care/reminder-template';

const CARE_SETTINGS_KEY = 'care.settings';

export function readCareSettings(db: ReadableDB): CareSettings {
  const parsed = careSettingsSchema.safeParse(readSetting(db, 'shop_settings', CARE_SETTINGS_KEY) ?? {});
  return parsed.success ? parsed.data : careSettingsSchema.parse({});
}

export function writeCareSettings(db: WritableDB, settings: CareSettings, at: string): void {
  writeSetting(db, 'shop_settings', CARE_SETTINGS_KEY, settings, at);
}

export function insertReminder(
  db: WritableDB,
  reminder: {
    customerId: string | null;
    kind: string;
    dueAt: string;
    title: string;
    note: string | null;
    sourceId: string | null;
  },
  at: string,
): string {
  const id = newId();
  db.prepare(
    `INSERT INTO reminders (id, customer_id, kind, due_at, title, note, source_id, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    id,
    reminder.customerId,
    reminder.kind,
    reminder.dueAt,
    reminder.title,
    reminder.note,
    reminder.sourceId,
    at,
    at,
  );
  return id;
}

export function insertInteraction(db: WritableDB, i: Omit<Interaction, 'id'>, at: string): string {
  const id = newId();
  db.prepare(
    `INSERT INTO interactions (id, customer_id, occurred_at, channel, direction, staff, summary, satisfaction, recommend,
                               created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    id,
    i.customerId,
    i.occurredAt,
    i.channel,
    i.direction,
    i.staff,
    i.summary,
    i.satisfaction,
    i.recommend,
    at,
    at,
  );
  return id;
}

interface ComplaintRow {
  id: string;
  customer_id: string;
  customer_name: string;
  received_at: string;
  channel: InteractionChannel | null;
  description: string;
  cause: ComplaintCause | null;
  status: ComplaintStatus;
  resolution: string | null;
  resolved_at: string | null;
  followed_up_at: string | null;
  followup_satisfaction: number | null;
  staff: string | null;
}

const COMPLAINT_COLUMNS = `c.id, c.customer_id, cu.name AS customer_name, c.received_at, c.channel, c.description, c.cause,
  c.status, c.resolution, c.resolved_at, c.followed_up_at, c.followup_satisfaction, c.staff`;
const OPEN_STATUSES = `('received', 'cause_analysed', 'in_progress')`;

function toComplaint(r: ComplaintRow, overdueBefore: string): Complaint {
  const open = r.status === 'received' || r.status === 'cause_analysed' || r.status === 'in_progress';
  return {
    id: r.id,
    customerId: r.customer_id,
    customerName: r.customer_name,
    receivedAt: r.received_at,
    channel: r.channel,
    description: r.description,
    cause: r.cause,
    status: r.status,
    resolution: r.resolution,
    resolvedAt: r.resolved_at,
    followedUpAt: r.followed_up_at,
    followupSatisfaction: r.followup_satisfaction,
    staff: r.staff,
    overdue: open && r.received_at < overdueBefore,
  };
}

export function insertComplaint(
  db: WritableDB,
  c: {
    customerId: string;
    receivedAt: string;
    channel: string | null;
    description: string;
    cause: string | null;
    staff: string | null;
  },
  actorRole: string,
  at: string,
): string {
  const id = newId();
  db.prepare(
    `INSERT INTO complaints (id, customer_id, received_at, channel, description, cause, status, staff, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, 'received', ?, ?, ?)`,
  ).run(id, c.customerId, c.receivedAt, c.channel, c.description, c.cause, c.staff, at, at);
  insertComplaintEvent(db, { complaintId: id, from: null, to: 'received', actorRole, note: null }, at);
  return id;
}

export function insertComplaintEvent(
  db: WritableDB,
  e: {
    complaintId: string;
    from: ComplaintStatus | null;
    to: ComplaintStatus;
    actorRole: string;
    note: string | null;
  },
  at: string,
): void {
  db.prepare(
    `INSERT INTO complaint_events (id, complaint_id, from_status, to_status, at, actor_role, note) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(newId(), e.complaintId, e.from, e.to, at, e.actorRole, e.note);
}

export function updateComplaint(
  db: WritableDB,
  id: string,
  patch: {
    status: ComplaintStatus;
    cause?: ComplaintCause;
    resolution?: string;
    resolvedAt?: string;
    followedUpAt?: string;
    followupSatisfaction?: number;
  },
  at: string,
): void {
  db.prepare(
    `UPDATE complaints SET status = ?, cause = COALESCE(?, cause), resolution = COALESCE(?, resolution),
            resolved_at = COALESCE(?, resolved_at), followed_up_at = COALESCE(?, followed_up_at),
            followup_satisfaction = COALESCE(?, followup_satisfaction), updated_at = ?
     WHERE id = ?`,
  ).run(
    patch.status,
    patch.cause ?? null,
    patch.resolution ?? null,
    patch.resolvedAt ?? null,
    patch.followedUpAt ?? null,
    patch.followupSatisfaction ?? null,
    at,
    id,
  );
}

export function readComplaint(db: ReadableDB, id: string, overdueBefore: string): Complaint | null {
  const row = db
    .prepare(
      `SELECT ${COMPLAINT_COLUMNS} FROM complaints c JOIN customers cu ON cu.id = c.customer_id
       WHERE c.id = ? AND c.deleted_at IS NULL`,
    )
    .get(id) as ComplaintRow | undefined;
  return row ? toComplaint(row, overdueBefore) : null;
}

export function listComplaints(
  db: ReadableDB,
  filter: {
    state: 'open' | 'overdue' | 'follow_up' | 'active' | 'closed' | 'all';
    cause?: ComplaintCause;
    customerId?: string;
    limit: number;
  },
  overdueBefore: string,
): Complaint[] {
  const where = ['c.deleted_at IS NULL'];
  const params: (string | number)[] = [];
  if (filter.state === 'open') where.push(`c.status IN ${OPEN_STATUSES}`);
  if (filter.state === 'follow_up') where.push(`c.status = 'resolved'`);
  if (filter.state === 'active') where.push(`c.status <> 'followed_up'`);
  if (filter.state === 'closed') where.push(`c.status NOT IN ${OPEN_STATUSES}`);
  if (filter.state === 'overdue') {
    where.push(`c.status IN ${OPEN_STATUSES}`, 'c.received_at < ?');
    params.push(overdueBefore);
  }
  if (filter.cause) {
    where.push('c.cause = ?');
    params.push(filter.cause);
  }
  if (filter.customerId) {
    where.push('c.customer_id = ?');
    params.push(filter.customerId);
  }
  params.push(filter.limit);
  const rows = db
    .prepare(
      `SELECT ${COMPLAINT_COLUMNS} FROM complaints c JOIN customers cu ON cu.id = c.customer_id
       WHERE ${where.join(' AND ')} ORDER BY c.received_at DESC LIMIT ?`,
    )
    .all(...params) as ComplaintRow[];
  return rows.map((r) => toComplaint(r, overdueBefore));
}

export function complaintCounts(
  db: ReadableDB,
  overdueBefore: string,
): {
  total: number;
  open: number;
  overdue: number;
  meanFollowup: number | null;
  byCause: { cause: string | null; count: number }[];
} {
  const totals = db
    .prepare(
      `SELECT COUNT(*) AS total,
              COALESCE(SUM(status IN ${OPEN_STATUSES}), 0) AS open,
              COALESCE(SUM(status IN ${OPEN_STATUSES} AND received_at < ?), 0) AS overdue,
              AVG(followup_satisfaction) AS mean_followup
       FROM complaints WHERE deleted_at IS NULL`,
    )
    .get(overdueBefore) as { total: number; open: number; overdue: number; mean_followup: number | null };
  const byCause = db
    .prepare(
      `SELECT cause, COUNT(*) AS count FROM complaints WHERE deleted_at IS NULL GROUP BY cause ORDER BY count DESC`,
    )
    .all() as { cause: string | null; count: number }[];
  return {
    total: totals.total,
    open: totals.open,
    overdue: totals.overdue,
    meanFollowup: totals.mean_followup,
    byCause,
  };
}

interface ReminderRow {
  id: string;
  customer_id: string | null;
  customer_name: string | null;
  kind: ReminderKind;
  due_at: string;
  title: string;
  note: string | null;
  source_id: string | null;
  done_at: string | null;
}
const toReminder = (r: ReminderRow): Reminder => {
  const template = decodeReminderTemplate(r.title);
  return {
    id: r.id,
    customerId: r.customer_id,
    customerName: r.customer_name,
    kind: r.kind,
    dueAt: r.due_at,
    title: template ? '' : r.title,
    template,
    note: r.note,
    sourceId: r.source_id,
    doneAt: r.done_at,
  };
};
const REMINDER_SELECT = `SELECT r.id, r.customer_id, cu.name AS customer_name, r.kind, r.due_at, r.title, r.note, r.source_id,
  r.done_at FROM reminders r LEFT JOIN customers cu ON cu.id = r.customer_id`;

export function readReminder(db: ReadableDB, id: string): Reminder | null {
  const row = db.prepare(`${REMINDER_SELECT} WHERE r.id = ? AND r.deleted_at IS NULL`).get(id) as
    ReminderRow | undefined;
  return row ? toReminder(row) : null;
}

export function setReminderDone(db: WritableDB, id: string, doneAt: string | null, at: string): void {
  db.prepare('UPDATE reminders SET done_at = ?, updated_at = ? WHERE id = ?').run(doneAt, at, id);
}

/** Open reminders due before the given instant (uses the partial reminders_due index). */
export function remindersDueBefore(db: ReadableDB, before: string, limit: number): Reminder[] {
  const rows = db
    .prepare(
      `${REMINDER_SELECT} WHERE r.done_at IS NULL AND r.deleted_at IS NULL AND r.due_at < ?
       AND (cu.id IS NULL OR (cu.deleted_at IS NULL AND cu.merged_into IS NULL))
       ORDER BY r.due_at LIMIT ?`,
    )
    .all(before, limit) as ReminderRow[];
  return rows.map(toReminder);
}

export function customersWithBirthdays(
  db: ReadableDB,
): { id: string; name: string; phone: string | null; birthday: string }[] {
  return db
    .prepare(
      `SELECT id, name, phone, birthday FROM customers
       WHERE birthday IS NOT NULL AND deleted_at IS NULL AND merged_into IS NULL AND erased_at IS NULL`,
    )
    .all() as { id: string; name: string; phone: string | null; birthday: string }[];
}

/** Per live customer: first and last purchase and the number of purchase days (visits), net of returns. */
export function visitSummaries(
  db: ReadableDB,
): { id: string; name: string; phone: string | null; first_at: string; last_at: string; visits: number }[] {
  return db
    .prepare(
      `SELECT cu.id, cu.name, cu.phone, MIN(p.purchased_at) AS first_at, MAX(p.purchased_at) AS last_at,
              COUNT(*) AS visits
       FROM purchases p JOIN customers cu ON cu.id = p.customer_id
       WHERE p.deleted_at IS NULL AND p.is_return = 0 AND cu.deleted_at IS NULL AND cu.merged_into IS NULL
       GROUP BY cu.id`,
    )
    .all() as {
    id: string;
    name: string;
    phone: string | null;
    first_at: string;
    last_at: string;
    visits: number;
  }[];
}

/** The latest finished analysis run, or null when none has finished. */
export function latestDoneRun(db: ReadableDB): { id: string; finished_at: string } | null {
  const row = db
    .prepare(
      `SELECT id, finished_at FROM local_analysis_runs WHERE status = 'done' AND finished_at IS NOT NULL
       ORDER BY finished_at DESC LIMIT 1`,
    )
    .get() as { id: string; finished_at: string } | undefined;
  return row ?? null;
}

export interface AtRiskRow {
  id: string;
  name: string;
  phone: string | null;
  p_alive: number | null;
  lifecycle_stage: string | null;
  /** At-risk customers in the run, beyond the limit too. */
  total: number;
}

/**
 * The latest run's at-risk customers for the win-back calls, highest value at stake first (the
 * Loyalty screen's order, DOMAIN.md §3.8).
 */
export function atRiskCustomers(db: ReadableDB, runId: string, limit: number): AtRiskRow[] {
  return db
    .prepare(
      `SELECT cu.id, cu.name, cu.phone, s.p_alive, s.lifecycle_stage, COUNT(*) OVER () AS total
       FROM local_analysis_snapshot s JOIN customers cu ON cu.id = s.customer_id
       WHERE s.run_id = ? AND s.at_risk = 1 AND cu.deleted_at IS NULL AND cu.merged_into IS NULL
       ORDER BY COALESCE(s.value_at_stake_minor, 0) DESC, s.customer_id LIMIT ?`,
    )
    .all(runId, limit) as AtRiskRow[];
}
