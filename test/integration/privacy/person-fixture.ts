import type { WritableDB } from '../../../src/main/db/connection';
import { newId } from '../../../src/main/db/ids';

/** Distinctive values, so a search of the raw file bytes finds exactly these and nothing else. */
export const PERSON = {
  name: '欧阳娜娜',
  phone: '+8613912345678',
  phoneDigits: '13912345678',
  email: 'nana.ouyang@example.cn',
  wechat: 'nana_wx_20481',
  address: '上海市静安区南京西路1788号',
  note: '喜欢燕麦拿铁不加糖',
  interaction: '电话回访：对新品很满意',
  complaint: '咖啡太烫烫伤了手指',
  reminder: '送生日券给娜娜',
  oldPhone: '+8613800001111',
} as const;

export interface SeededPerson {
  readonly customerId: string;
  readonly purchaseIds: readonly string[];
  readonly totalMinor: number;
}

/**
 * One customer with a row in every table that can hold something about a person. Written with SQL
 * because the customer and card commands belong to other features.
 */
export function seedPerson(
  db: WritableDB,
  overrides: { name?: string; phone?: string; at?: string } = {},
): SeededPerson {
  const at = overrides.at ?? '2025-03-01T10:00:00.000Z';
  const customerId = newId();
  db.prepare(
    `INSERT INTO customers (id, name, name_pinyin, name_initials, phone, phone_digits, email, wechat, address, notes,
       birthday, gender, created_at, updated_at)
     VALUES (?, ?, 'ouyangnana', 'oynn', ?, ?, ?, ?, ?, ?, '1995-06-01', 'female', ?, ?)`,
  ).run(
    customerId,
    overrides.name ?? PERSON.name,
    overrides.phone ?? PERSON.phone,
    (overrides.phone ?? PERSON.phone).replace('+86', ''),
    PERSON.email,
    PERSON.wechat,
    PERSON.address,
    PERSON.note,
    at,
    at,
  );
  const tagId = newId();
  db.prepare(`INSERT INTO tags (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)`).run(
    tagId,
    `VIP-${tagId}`,
    at,
    at,
  );
  db.prepare(`INSERT INTO customer_tags (customer_id, tag_id, created_at) VALUES (?, ?, ?)`).run(
    customerId,
    tagId,
    at,
  );
  const purchaseIds: string[] = [];
  let totalMinor = 0;
  for (const [index, amount] of [3200, 4500].entries()) {
    const purchaseId = newId();
    purchaseIds.push(purchaseId);
    totalMinor += amount;
    const when = `2025-03-0${index + 2}T09:00:00.000Z`;
    db.prepare(
      `INSERT INTO purchases (id, customer_id, purchased_at, total_minor, note, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(purchaseId, customerId, when, amount, PERSON.note, when, when);
    db.prepare(
      `INSERT INTO purchase_lines (id, purchase_id, product_name, category, amount_minor, created_at)
       VALUES (?, ?, 'Latte', 'coffee', ?, ?)`,
    ).run(newId(), purchaseId, amount, when);
  }
  db.prepare(
    `INSERT INTO interactions (id, customer_id, occurred_at, channel, direction, summary, created_at, updated_at)
     VALUES (?, ?, ?, 'phone', 'outbound', ?, ?, ?)`,
  ).run(newId(), customerId, at, PERSON.interaction, at, at);
  const complaintId = newId();
  db.prepare(
    `INSERT INTO complaints (id, customer_id, received_at, description, resolution, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(complaintId, customerId, at, PERSON.complaint, PERSON.complaint, at, at);
  db.prepare(
    `INSERT INTO complaint_events (id, complaint_id, to_status, at, actor_role, note) VALUES (?, ?, 'received', ?, 'staff', ?)`,
  ).run(newId(), complaintId, at, PERSON.complaint);
  db.prepare(
    `INSERT INTO reminders (id, customer_id, kind, due_at, title, note, created_at, updated_at)
     VALUES (?, ?, 'birthday', ?, ?, ?, ?, ?)`,
  ).run(newId(), customerId, at, PERSON.reminder, PERSON.reminder, at, at);
  db.prepare(
    `INSERT INTO customer_changes (id, customer_id, change_set, changed_at, actor_role, field, old_value, new_value)
     VALUES (?, ?, ?, ?, 'staff', 'phone', ?, ?)`,
  ).run(newId(), customerId, newId(), at, PERSON.oldPhone, overrides.phone ?? PERSON.phone);
  db.prepare(
    `INSERT INTO customer_costs (id, customer_id, occurred_at, kind, amount_minor, note, created_at, updated_at)
     VALUES (?, ?, ?, 'gift', 500, ?, ?, ?)`,
  ).run(newId(), customerId, at, PERSON.note, at, at);
  const campaignId = newId();
  db.prepare(
    `INSERT INTO campaigns (id, name, channel, started_at, created_at, updated_at) VALUES (?, 'Spring', 'sms', ?, ?, ?)`,
  ).run(campaignId, at, at, at);
  db.prepare(
    `INSERT INTO campaign_contacts (id, campaign_id, customer_id, sent_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(newId(), campaignId, customerId, at, at, at);
  db.prepare(
    `INSERT INTO consents (id, customer_id, channel, granted, recorded_at, source, created_at)
     VALUES (?, ?, 'sms', 1, ?, 'paper form signed by 欧阳娜娜', ?)`,
  ).run(newId(), customerId, at, at);
  return { customerId, purchaseIds, totalMinor };
}
