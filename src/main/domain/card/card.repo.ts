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
 * One branch per kind; each reads its newest rows before the cursor through the
 * (customer_id, date) index, so a page costs O(limit) whatever the customer's history.
 */
const TIMELINE_BRANCHES: Readonly<
  Record<TimelineKind, { select: string; from: string; at: string; live: string }>
> = {
  purchase: {
    select: `'purchase' AS kind, p.id, p.purchased_at AS at, p.total_minor AS amount_minor,
      (SELECT group_concat(l.product_name, ', ') FROM purchase_lines l WHERE l.purchase_id = p.id) AS text,
      COALESCE(p.payment_method, p.channel) AS tag, p.is_return AS flag`,
    from: 'purchases p',
    at: 'p.purchased_at',
    live: 'p.deleted_at IS NULL',
  },
  interaction: {
    select: `'interaction' AS kind, i.id, i.occurred_at AS at, NULL AS amount_minor, i.summary AS text,
      i.channel || ':' || i.direction AS tag, 0 AS flag`,
    from: 'interactions i',
    at: 'i.occurred_at',
    live: 'i.deleted_at IS NULL',
  },
  complaint: {
    select: `'complaint' AS kind, c.id, c.received_at AS at, NULL AS amount_minor, c.description AS text,
      c.status AS tag, 0 AS flag`,
    from: 'complaints c',
    at: 'c.received_at',
    live: 'c.deleted_at IS NULL',
  },
  reminder: {
    select: `'reminder' AS kind, r.id, r.due_at AS at, NULL AS amount_minor, r.title AS text, r.kind AS tag,
      r.done_at IS NOT NULL AS flag`,
    from: 'reminders r',
    at: 'r.due_at',
    live: 'r.deleted_at IS NULL',
  },
  change: {
    select: `'change' AS kind, h.id, h.changed_at AS at, NULL AS amount_minor,
      CASE WHEN h.field = 'purchase' THEN '' ELSE substr(COALESCE(h.new_value, ''), 1, 120) END AS text,
      h.field AS tag, h.new_value IS NULL AS flag`,
    from: 'customer_changes h',
    at: 'h.changed_at',
    live: '1',
  },
};

export function readTimelinePage(
  db: ReadableDB,
  customerId: string,
  options: { kinds: readonly TimelineKind[]; before: { at: string; id: string } | null; limit: number },
): TimelineEvent[] {
  const alias = (from: string): string => from.split(' ')[1] ?? '';
  const branches = options.kinds.map((kind) => {
    const b = TIMELINE_BRANCHES[kind];
    const a = alias(b.from);
    const cursor = options.before
      ? `AND (${b.at} < @beforeAt OR (${b.at} = @beforeAt AND ${a}.id < @beforeId))`
      : '';
    return `SELECT * FROM (SELECT ${b.select} FROM ${b.from}
      WHERE ${a}.customer_id = @id AND ${b.live} ${cursor} ORDER BY ${b.at} DESC, ${a}.id DESC LIMIT @limit)`;
  });
  const rows = db.prepare(`${branches.join(' UNION ALL ')} ORDER BY at DESC, id DESC LIMIT @limit`).all({
    id: customerId,
    limit: options.limit,
    ...(options.before ? { beforeAt: options.before.at, beforeId: options.before.id } : {}),
  }) as TimelineRow[];
  return rows.map((r) => ({
    kind: r.kind,
    id: r.id,
    at: r.at,
    amountMinor: r.amount_minor,
    text: r.text ?? '',
    tag: r.tag,
    flag: r.flag === 1,
  }));
}

export function readTimelineCounts(db: ReadableDB, customerId: string): Record<TimelineKind, number> {
  const row = db
    .prepare(
      `SELECT
         (SELECT COUNT(*) FROM purchases WHERE customer_id = @id AND deleted_at IS NULL) AS purchase,
         (SELECT COUNT(*) FROM interactions WHERE customer_id = @id AND deleted_at IS NULL) AS interaction,
         (SELECT COUNT(*) FROM complaints WHERE customer_id = @id AND deleted_at IS NULL) AS complaint,
         (SELECT COUNT(*) FROM reminders WHERE customer_id = @id AND deleted_at IS NULL) AS reminder,
         (SELECT COUNT(*) FROM customer_changes WHERE customer_id = @id) AS change`,
    )
    .get({ id: customerId }) as Record<TimelineKind, number>;
  return row;
}

export function readOpenCounts(
  db: ReadableDB,
  customerId: string,
): { complaints: number; reminders: number } {
  return db
    .prepare(
      `SELECT
         (SELECT COUNT(*) FROM complaints WHERE customer_id = @id AND deleted_at IS NULL
            AND status IN ('received', 'cause_analysed', 'in_progress')) AS complaints,
         (SELECT COUNT(*) FROM reminders WHERE customer_id = @id AND deleted_at IS NULL AND done_at IS NULL) AS reminders`,
    )
    .get({ id: customerId }) as { complaints: number; reminders: number };
}

/** Purchases since a date, for the monthly spend chart (the customer/date index bounds it to a year). */
export function readPurchasesSince(
  db: ReadableDB,
  customerId: string,
  since: string,
): { at: string; total: number }[] {
  return db
    .prepare(
      `SELECT purchased_at AS at, total_minor AS total FROM purchases
       WHERE customer_id = ? AND purchased_at >= ? AND deleted_at IS NULL`,
    )
    .all(customerId, since) as { at: string; total: number }[];
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
  /** The run's reason shapes (null for runs stored before compact reasons). */
  reason_shapes: string | null;
}

export function readLatestSnapshot(db: ReadableDB, customerId: string): SnapshotRow | null {
  const row = db
    .prepare(
      `SELECT s.run_id, r.finished_at, s.r_score, s.f_score, s.m_score, s.segment, s.abc_class, s.value_tier,
              s.lifecycle_stage, s.loyalty_type, s.p_alive, s.predicted_clv_minor, s.at_risk, s.reasons,
              r.reason_shapes
       FROM local_analysis_snapshot s
       JOIN (SELECT id, finished_at, reason_shapes FROM local_analysis_runs WHERE status = 'done' AND finished_at IS NOT NULL
             ORDER BY finished_at DESC LIMIT 1) r ON r.id = s.run_id
       WHERE s.customer_id = ?`,
    )
    .get(customerId) as SnapshotRow | undefined;
  return row ?? null;
}

export function readRules(
  db: ReadableDB,
  runId: string,
  level: 'product' | 'category' = 'product',
): { antecedent: string; consequent: string; confidence: number }[] {
  return db
    .prepare(
      `SELECT antecedent, consequent, confidence FROM local_analysis_rules
       WHERE run_id = ? AND level = ? ORDER BY confidence DESC LIMIT 500`,
    )
    .all(runId, level) as { antecedent: string; consequent: string; confidence: number }[];
}

/** Categories of the customer's bought lines; lines without a category say nothing. */
export function readCategoriesBought(db: ReadableDB, customerId: string): string[] {
  return db
    .prepare(
      `SELECT DISTINCT l.category FROM purchase_lines l JOIN purchases p ON p.id = l.purchase_id
       WHERE p.customer_id = ? AND p.deleted_at IS NULL AND l.amount_minor > 0 AND l.category <> ''`,
    )
    .pluck()
    .all(customerId) as string[];
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

export function readRecentCustomers(
  db: ReadableDB,
  limit: number,
): { id: string; name: string; lastAt: string }[] {
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
