import type { ReadableDB } from '../../db/connection';
import type { TimelineEvent, TimelineKind } from '../../../shared/contract/card';

export interface CustomerRow {
  id: string;
  kind: 'person' | 'organization';
  name: string;
  member_no: string | null;
  phone: string | null;
  phone2: string | null;
  email: string | null;
  wechat: string | null;
  gender: string | null;
  birthday: string | null;
  address: string | null;
  source: string | null;
  notes: string | null;
  company_name: string | null;
  position: string | null;
  organization_id: string | null;
  organization_name: string | null;
  referred_by: string | null;
  referrer_name: string | null;
  referral_count: number;
  deleted_at: string | null;
  merged_into: string | null;
}

export function readCustomer(db: ReadableDB, id: string): CustomerRow | null {
  const row = db
    .prepare(
      `SELECT c.id, c.kind, c.name, c.member_no, c.phone, c.phone2, c.email, c.wechat, c.gender, c.birthday, c.address,
              c.source, c.notes, c.company_name, c.position, c.organization_id, o.name AS organization_name,
              c.referred_by, r.name AS referrer_name, c.deleted_at, c.merged_into,
              (SELECT COUNT(*) FROM customers x
                WHERE x.referred_by = c.id AND x.deleted_at IS NULL AND x.merged_into IS NULL) AS referral_count
       FROM customers c
       LEFT JOIN customers o ON o.id = c.organization_id
       LEFT JOIN customers r ON r.id = c.referred_by
       WHERE c.id = ? AND c.erased_at IS NULL`,
    )
    .get(id) as CustomerRow | undefined;
  return row ?? null;
}

export function readTags(db: ReadableDB, customerId: string): { name: string; color: string }[] {
  return db
    .prepare(
      `SELECT t.name, t.color FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id
       WHERE ct.customer_id = ? AND t.deleted_at IS NULL ORDER BY t.name`,
    )
    .all(customerId) as { name: string; color: string }[];
}

export function readConsents(
  db: ReadableDB,
  customerId: string,
): { channel: string; granted: boolean; recordedAt: string }[] {
  const rows = db
    .prepare(
      `SELECT channel, granted, recorded_at FROM consents c
       WHERE customer_id = ? AND recorded_at = (SELECT MAX(recorded_at) FROM consents x
                                                WHERE x.customer_id = c.customer_id AND x.channel = c.channel)
       ORDER BY channel`,
    )
    .all(customerId) as { channel: string; granted: number; recorded_at: string }[];
  return rows.map((r) => ({ channel: r.channel, granted: r.granted === 1, recordedAt: r.recorded_at }));
}

interface TimelineRow {
  kind: TimelineKind;
  id: string;
  at: string;
  amount_minor: number | null;
  text: string | null;
  tag: string | null;
  flag: number;
}

/**
 * Every event of one customer in one query, newest first. Each branch reads through its
 * (customer_id, date) index; purchase lines are folded into a short text per purchase.
 */
export function readTimeline(db: ReadableDB, customerId: string): TimelineEvent[] {
  const rows = db
    .prepare(
      `SELECT 'purchase' AS kind, p.id, p.purchased_at AS at, p.total_minor AS amount_minor,
              (SELECT group_concat(l.product_name, ', ') FROM purchase_lines l WHERE l.purchase_id = p.id) AS text,
              COALESCE(p.payment_method, p.channel) AS tag, p.is_return AS flag
         FROM purchases p WHERE p.customer_id = @id AND p.deleted_at IS NULL
       UNION ALL
       SELECT 'interaction', i.id, i.occurred_at, NULL, i.summary, i.channel || ':' || i.direction, 0
         FROM interactions i WHERE i.customer_id = @id AND i.deleted_at IS NULL
       UNION ALL
       SELECT 'complaint', c.id, c.received_at, NULL, c.description, c.status, 0
         FROM complaints c WHERE c.customer_id = @id AND c.deleted_at IS NULL
       UNION ALL
       SELECT 'reminder', r.id, r.due_at, NULL, r.title, r.kind, r.done_at IS NOT NULL
         FROM reminders r WHERE r.customer_id = @id AND r.deleted_at IS NULL
       UNION ALL
       SELECT 'change', h.id, h.changed_at, NULL, h.new_value, h.field, h.new_value IS NULL
         FROM customer_changes h WHERE h.customer_id = @id
       ORDER BY at DESC, id DESC`,
    )
    .all({ id: customerId }) as TimelineRow[];
  return rows.map((r) => ({
    kind: r.kind,
    id: r.id,
    at: r.at,
    amountMinor: r.amount_minor,
    text: r.kind === 'change' ? changeText(r.tag, r.text) : (r.text ?? ''),
    tag: r.tag,
    flag: r.flag === 1,
  }));
}

/** A purchase edit stores JSON; the timeline shows only the field name and a short new value. */
function changeText(field: string | null, newValue: string | null): string {
  if (field === 'purchase') return '';
  return (newValue ?? '').slice(0, 120);
}

export function readPurchaseFigures(
  db: ReadableDB,
  customerId: string,
): { net: number; visits: number; first_at: string | null; last_at: string | null } {
  return db
    .prepare(
      `SELECT COALESCE(SUM(total_minor), 0) AS net, COALESCE(SUM(is_return = 0), 0) AS visits,
              MIN(CASE WHEN is_return = 0 THEN purchased_at END) AS first_at,
              MAX(CASE WHEN is_return = 0 THEN purchased_at END) AS last_at
       FROM purchases WHERE customer_id = ? AND deleted_at IS NULL`,
    )
    .get(customerId) as { net: number; visits: number; first_at: string | null; last_at: string | null };
}

export interface SnapshotRow {
  run_id: string;
  finished_at: string;
  r_score: number | null;
  f_score: number | null;
  m_score: number | null;
  segment: string | null;
  abc_class: string | null;
  value_tier: string | null;
  lifecycle_stage: string | null;
  loyalty_type: string | null;
  p_alive: number | null;
  predicted_clv_minor: number | null;
  at_risk: number;
  reasons: string;
}

export function readLatestSnapshot(db: ReadableDB, customerId: string): SnapshotRow | null {
  const row = db
    .prepare(
      `SELECT s.run_id, r.finished_at, s.r_score, s.f_score, s.m_score, s.segment, s.abc_class, s.value_tier,
              s.lifecycle_stage, s.loyalty_type, s.p_alive, s.predicted_clv_minor, s.at_risk, s.reasons
       FROM local_analysis_snapshot s
       JOIN (SELECT id, finished_at FROM local_analysis_runs WHERE status = 'done' AND finished_at IS NOT NULL
             ORDER BY finished_at DESC LIMIT 1) r ON r.id = s.run_id
       WHERE s.customer_id = ?`,
    )
    .get(customerId) as SnapshotRow | undefined;
  return row ?? null;
}

export function readRules(
  db: ReadableDB,
  runId: string,
): { antecedent: string; consequent: string; confidence: number }[] {
  return db
    .prepare(
      `SELECT antecedent, consequent, confidence FROM local_analysis_rules
       WHERE run_id = ? AND level = 'product' ORDER BY confidence DESC LIMIT 500`,
    )
    .all(runId) as { antecedent: string; consequent: string; confidence: number }[];
}

export function readProductsBought(db: ReadableDB, customerId: string): string[] {
  return db
    .prepare(
      `SELECT DISTINCT l.product_name FROM purchase_lines l JOIN purchases p ON p.id = l.purchase_id
       WHERE p.customer_id = ? AND p.deleted_at IS NULL AND l.amount_minor > 0`,
    )
    .pluck()
    .all(customerId) as string[];
}

export function readRecentCustomers(db: ReadableDB, limit: number): { id: string; name: string; lastAt: string }[] {
  return db
    .prepare(
      `SELECT c.id, c.name, MAX(p.purchased_at) AS lastAt
       FROM (SELECT customer_id, purchased_at FROM purchases WHERE deleted_at IS NULL
             ORDER BY purchased_at DESC LIMIT 2000) p
       JOIN customers c ON c.id = p.customer_id
       WHERE c.deleted_at IS NULL AND c.merged_into IS NULL
       GROUP BY c.id ORDER BY lastAt DESC LIMIT ?`,
    )
    .all(limit) as { id: string; name: string; lastAt: string }[];
}
