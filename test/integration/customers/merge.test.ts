import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../../src/main/db/ids';
import { PatronError } from '../../../src/shared/errors';
import type { CustomerFieldsInput } from '../../../src/shared/contract/customers';
import { openTestShop, type TestShop } from '../../helpers/core';

let shop: TestShop;
let now = new Date('2026-03-01T10:00:00Z');
beforeEach(async () => {
  now = new Date('2026-03-01T10:00:00Z');
  shop = await openTestShop({ clock: () => now });
});
afterEach(async () => shop.close());

async function create(fields: CustomerFieldsInput): Promise<string> {
  return (await shop.staff.call('customers.create', fields)).id;
}

async function errorOf(promise: Promise<unknown>): Promise<PatronError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PatronError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

function insert(sql: string, ...params: (string | number | null)[]): string {
  const id = newId();
  shop.core.db.prepare(sql).run(id, ...params);
  return id;
}

const at = '2026-02-01T10:00:00.000Z';
function purchase(customerId: string, totalMinor: number): string {
  return insert(
    `INSERT INTO purchases (id, customer_id, purchased_at, total_minor, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
    customerId, at, totalMinor, at, at,
  );
}

function ownerOf(table: string, id: string): unknown {
  return shop.core.db.prepare(`SELECT customer_id FROM ${table} WHERE id = ?`).pluck().get(id);
}

function summary(customerId: string): unknown {
  return shop.core.db
    .prepare(`SELECT total_spend_minor AS spend, visits FROM local_customer_summary WHERE customer_id = ?`)
    .get(customerId);
}

describe('duplicates', () => {
  it('finds same phone, same email, same name with a similar phone, and pinyin-equal names', async () => {
    const a = await create({ name: '张三', phone: '13812345678' });
    const b = await create({ name: 'Zhang San', phone: '+86 138 1234 5678' });
    const c = await create({ name: 'Amy', email: 'amy@example.com' });
    const d = await create({ name: 'Amy Chen', email: 'AMY@example.com' });
    const e = await create({ name: '李四', phone: '13900001234' });
    const f = await create({ name: '李四', phone: '13900001235' });
    const g = await create({ name: '张伟', phone: '13711112222' });
    const h = await create({ name: '章伟' });
    await create({ name: '李四', phone: '15011112222' }); // same name, unrelated number
    const pairs = await shop.staff.call('customers.duplicates', {});
    const found = pairs.map((p) => [[p.a.id, p.b.id].sort().join('|'), p.reasons.join(',')]);
    const key = (x: string, y: string): string => [x, y].sort().join('|');
    expect(found).toEqual(
      expect.arrayContaining([
        [key(a, b), 'same_phone,same_pinyin'], // 张三 reads zhangsan, like Zhang San
        [key(c, d), 'same_email'],
        [key(e, f), 'same_name_similar_phone'],
        [key(g, h), 'same_pinyin'],
      ]),
    );
    expect(found).toHaveLength(4);
    // Strongest evidence first.
    expect(pairs[0]?.reasons).toEqual(['same_phone', 'same_pinyin']);
    const withG = await shop.staff.call('customers.duplicates', { withId: g });
    expect(withG.map((p) => key(p.a.id, p.b.id))).toEqual([key(g, h)]);
  });
});

describe('merge and undo', () => {
  async function scenario() {
    const survivor = await create({ name: '张三', phone: '13812345678', memberNo: 'S-1' });
    const merged = await create({ name: '张叁', phone: '13812345679', email: 'zs@example.com', memberNo: 'M-1' });
    const vip = await shop.staff.call('tags.create', { name: 'VIP' });
    const regular = await shop.staff.call('tags.create', { name: '常客' });
    await shop.staff.call('customers.tag', { ids: [survivor], tagId: regular.id });
    await shop.staff.call('customers.tag', { ids: [merged], tagId: vip.id });
    await shop.staff.call('customers.tag', { ids: [merged], tagId: regular.id });
    const p1 = purchase(survivor, 1000);
    const p2 = purchase(merged, 2500);
    const p3 = purchase(merged, 500);
    const interaction = insert(
      `INSERT INTO interactions (id, customer_id, occurred_at, channel, direction, created_at, updated_at) VALUES (?, ?, ?, 'phone', 'inbound', ?, ?)`,
      merged, at, at, at,
    );
    const complaint = insert(
      `INSERT INTO complaints (id, customer_id, received_at, description, created_at, updated_at) VALUES (?, ?, ?, 'cold', ?, ?)`,
      merged, at, at, at,
    );
    const reminder = insert(
      `INSERT INTO reminders (id, customer_id, kind, due_at, title, created_at, updated_at) VALUES (?, ?, 'follow_up', ?, 'call', ?, ?)`,
      merged, at, at, at,
    );
    return { survivor, merged, vip, regular, p1, p2, p3, interaction, complaint, reminder };
  }

  it('moves every dependent row and tag, takes chosen fields, and undo restores it exactly', async () => {
    const s = await scenario();
    const survivorBefore = await shop.staff.call('customers.get', { id: s.survivor });
    const mergedBefore = await shop.staff.call('customers.get', { id: s.merged });
    const merge = await shop.staff.call('customers.merge', { survivorId: s.survivor, mergedId: s.merged, take: ['email', 'memberNo'] });
    expect(merge.movedCounts).toMatchObject({ purchases: 2, interactions: 1, complaints: 1, reminders: 1, tags: 1 });
    for (const [table, id] of [['purchases', s.p2], ['purchases', s.p3], ['interactions', s.interaction], ['complaints', s.complaint], ['reminders', s.reminder]] as const) {
      expect(ownerOf(table, id)).toBe(s.survivor);
    }
    const after = await shop.staff.call('customers.get', { id: s.survivor });
    expect(after).toMatchObject({ name: '张三', email: 'zs@example.com', memberNo: 'M-1', phone: '+8613812345678' });
    expect(after.tags.map((t) => t.name).sort()).toEqual(['VIP', '常客']);
    expect(summary(s.survivor)).toEqual({ spend: 4000, visits: 3 });
    expect((await shop.staff.call('customers.get', { id: s.merged })).mergedInto).toBe(s.survivor);
    expect((await shop.staff.call('customers.search', { query: '张叁' })).map((h) => h.id)).toEqual([]);
    const history = await shop.staff.call('customers.history', { id: s.survivor });
    expect(history.filter((h) => h.changeSet === merge.id).map((h) => h.field).sort()).toEqual(['email', 'memberNo', 'merged']);
    const audit = shop.core.db.prepare(`SELECT action, details FROM audit_log WHERE action = 'customers.merged'`).all() as { details: string }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]?.details).not.toMatch(/张/);

    now = new Date('2026-03-01T10:30:00Z');
    const undone = await shop.staff.call('customers.undoMerge', { mergeId: merge.id });
    expect(undone.undoneAt).toBe('2026-03-01T10:30:00.000Z');
    expect(ownerOf('purchases', s.p1)).toBe(s.survivor);
    for (const [table, id] of [['purchases', s.p2], ['purchases', s.p3], ['interactions', s.interaction], ['complaints', s.complaint], ['reminders', s.reminder]] as const) {
      expect(ownerOf(table, id)).toBe(s.merged);
    }
    const { updatedAt: _a, ...survivorNow } = await shop.staff.call('customers.get', { id: s.survivor });
    const { updatedAt: _b, ...survivorThen } = survivorBefore;
    expect(survivorNow).toEqual(survivorThen);
    const { updatedAt: _c, ...mergedNow } = await shop.staff.call('customers.get', { id: s.merged });
    const { updatedAt: _d, ...mergedThen } = mergedBefore;
    expect(mergedNow).toEqual(mergedThen);
    expect(summary(s.survivor)).toEqual({ spend: 1000, visits: 1 });
    expect(summary(s.merged)).toEqual({ spend: 3000, visits: 2 });
    expect((await shop.staff.call('customers.search', { query: '张叁' })).map((h) => h.id)).toEqual([s.merged]);
    const again = await errorOf(shop.staff.call('customers.undoMerge', { mergeId: merge.id }));
    expect(again.code).toBe('conflict');
    expect(shop.core.db.prepare(`SELECT count(*) FROM audit_log WHERE action = 'customers.mergeUndone'`).pluck().get()).toBe(1);
  });

  it('lets staff undo within an hour; after that only the owner', async () => {
    const s = await scenario();
    const merge = await shop.staff.call('customers.merge', { survivorId: s.survivor, mergedId: s.merged });
    now = new Date('2026-03-01T11:00:01Z');
    const late = await errorOf(shop.staff.call('customers.undoMerge', { mergeId: merge.id }));
    expect(late.code).toBe('forbidden');
    expect(late.details).toMatchObject({ reason: 'undo_window_passed' });
    const undone = await shop.owner.call('customers.undoMerge', { mergeId: merge.id });
    expect(undone.undoneAt).not.toBeNull();
  });

  it('refuses to merge a record into itself or one already merged', async () => {
    const s = await scenario();
    expect((await errorOf(shop.staff.call('customers.merge', { survivorId: s.survivor, mergedId: s.survivor }))).code).toBe('invalid_input');
    await shop.staff.call('customers.merge', { survivorId: s.survivor, mergedId: s.merged });
    expect((await errorOf(shop.staff.call('customers.merge', { survivorId: s.survivor, mergedId: s.merged }))).code).toBe('conflict');
  });
});

describe('recycle bin', () => {
  it('soft-deletes to the bin, restores, and lets only the owner erase for good (audited without names)', async () => {
    const a = await create({ name: '误录客户', phone: '13812340000' });
    const b = await create({ name: '保留客户' });
    purchase(a, 1200);
    const tag = await shop.staff.call('tags.create', { name: 'x' });
    await shop.staff.call('customers.tag', { ids: [a], tagId: tag.id });
    expect(await shop.staff.call('customers.delete', { ids: [a, b] })).toEqual({ deleted: 2 });
    expect((await shop.staff.call('customers.bin', {})).map((e) => e.id).sort()).toEqual([a, b].sort());
    expect((await shop.staff.call('customers.list', {})).total).toBe(0);
    expect(await shop.staff.call('customers.restore', { ids: [b] })).toEqual({ restored: 1 });
    expect((await shop.staff.call('customers.list', {})).rows.map((r) => r.id)).toEqual([b]);

    expect((await errorOf(shop.staff.call('customers.erase', { ids: [a] }))).code).toBe('forbidden');
    expect((await errorOf(shop.owner.call('customers.erase', { ids: [b] }))).code).toBe('conflict');
    const erased = await shop.owner.call('customers.erase', { ids: [a] });
    expect(erased.erased).toBe(1);
    expect(erased.rows).toBeGreaterThanOrEqual(4); // purchase, tag link, history row, the customer
    expect(shop.core.db.prepare(`SELECT count(*) FROM customers WHERE id = ?`).pluck().get(a)).toBe(0);
    expect(shop.core.db.prepare(`SELECT count(*) FROM purchases WHERE customer_id = ?`).pluck().get(a)).toBe(0);
    expect(shop.core.db.prepare(`SELECT count(*) FROM customer_search_fts WHERE customer_search_fts MATCH '误录客'`).pluck().get()).toBe(0);
    const audit = shop.core.db.prepare(`SELECT actor_role, details FROM audit_log WHERE action = 'customer.purged'`).get() as { actor_role: string; details: string };
    expect(audit.actor_role).toBe('owner');
    expect(JSON.parse(audit.details)).toEqual({ customers: 1, rows: erased.rows });
    expect(shop.core.db.prepare(`PRAGMA foreign_key_check`).all()).toEqual([]);
  });
});

describe('list', () => {
  it('sorts Chinese names in pinyin order, by last visit and spend, and filters by tag, kind and birthday month', async () => {
    const zhang = await create({ name: '张三', birthday: '1990-05-02' });
    const an = await create({ name: '安娜' });
    const li = await create({ name: '李四', birthday: '1985-05-20' });
    const org = await create({ name: '博雅书店', kind: 'organization' });
    purchase(li, 9000);
    purchase(zhang, 100);
    const page = await shop.staff.call('customers.list', { sort: 'name' });
    expect(page.rows.map((r) => r.name)).toEqual(['安娜', '博雅书店', '李四', '张三']);
    const spend = await shop.staff.call('customers.list', { sort: 'total_spend', direction: 'desc' });
    expect(spend.rows.map((r) => [r.name, r.totalSpendMinor])).toEqual([['李四', 9000], ['张三', 100], expect.anything(), expect.anything()]);
    const tag = await shop.staff.call('tags.create', { name: '熟客', color: 'teal' });
    await shop.staff.call('customers.tag', { ids: [an, li], tagId: tag.id });
    await shop.staff.call('customers.untag', { ids: [li], tagId: tag.id });
    expect((await shop.staff.call('customers.list', { filters: { tagId: tag.id } })).rows.map((r) => r.id)).toEqual([an]);
    expect((await shop.staff.call('customers.list', { filters: { kind: 'organization' } })).rows.map((r) => r.id)).toEqual([org]);
    expect((await shop.staff.call('customers.list', { filters: { birthdayMonth: 5 } })).rows.map((r) => r.name)).toEqual(['李四', '张三']);
    const paged = await shop.staff.call('customers.list', { sort: 'name', offset: 1, limit: 2 });
    expect(paged).toMatchObject({ total: 4, offset: 1 });
    expect(paged.rows.map((r) => r.name)).toEqual(['博雅书店', '李四']);
    // No analysis run yet: nothing to offer as segments.
    expect((await shop.staff.call('customers.listOptions', {})).segments).toEqual([]);
  });
});
