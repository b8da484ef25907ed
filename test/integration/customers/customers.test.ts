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

/** A sale written straight to the table, as the seeder and the till do. */
function purchase(customerId: string, at: string, totalMinor: number): string {
  const id = newId();
  shop.core.db
    .prepare(
      `INSERT INTO purchases (id, customer_id, purchased_at, total_minor, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
    )
    .run(id, customerId, at, totalMinor, at, at);
  return id;
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

async function names(query: string): Promise<string[]> {
  return (await shop.staff.call('customers.search', { query })).map((h) => h.name);
}

describe('search', () => {
  it('finds 2-character Chinese names, pinyin spellings and initials, polyphonic surnames', async () => {
    await create({ name: '张三', phone: '13812345678' });
    await create({ name: '张三丰', phone: '13900001111' });
    await create({ name: '李四', phone: '13700002222' });
    await create({ name: '单雄信' });
    expect(await names('张三')).toEqual(['张三', '张三丰']);
    expect(await names('三丰')).toEqual(['张三丰']);
    expect(await names('李')).toEqual(['李四']);
    expect(await names('zs')).toContain('张三');
    expect(await names('zhangsan')).toEqual(expect.arrayContaining(['张三', '张三丰']));
    expect(await names('zsf')).toEqual(['张三丰']);
    // 单 as a surname reads shan, not dan.
    expect(await names('shanxiongxin')).toEqual(['单雄信']);
    expect(await names('dan')).toEqual([]);
  });

  it('finds by the last 4 digits, any run of digits, the full number in any format', async () => {
    const zhang = await create({ name: '张三', phone: '13812345678' });
    await create({ name: '李四', phone: '13987655678' });
    const suffix = await shop.staff.call('customers.search', { query: '5678' });
    expect(suffix.map((h) => h.name).sort()).toEqual(['张三', '李四']);
    expect(suffix.every((h) => h.match === 'phone_suffix')).toBe(true);
    expect(await names('2345')).toEqual(['张三']);
    const exact = await shop.staff.call('customers.search', { query: '138 1234 5678' });
    expect(exact[0]).toMatchObject({ id: zhang, match: 'phone_exact' });
    expect(await names('+86 138-1234-5678')).toEqual(['张三']);
  });

  it('finds by email, member number, organisation and tag', async () => {
    const emma = await create({ name: 'Emma Watson', email: 'Emma.W@example.com', memberNo: 'M-0042' });
    await create({ name: '星巴克咖啡', kind: 'organization', companyName: 'Starbucks China', industry: '餐饮' });
    expect(await names('emma.w@')).toEqual(['Emma Watson']);
    expect(await names('M-0042')).toEqual(['Emma Watson']);
    expect(await names('Starbucks')).toEqual(['星巴克咖啡']);
    expect(await names('ew')).toEqual(['Emma Watson']);
    const tag = await shop.staff.call('tags.create', { name: 'VIP', color: 'orange' });
    await shop.staff.call('customers.tag', { ids: [emma], tagId: tag.id });
    const byTag = await shop.staff.call('customers.search', { query: 'vip' });
    expect(byTag.map((h) => [h.name, h.match])).toEqual([['Emma Watson', 'tag']]);
  });

  it('ranks exact phone and exact name first, then the most recent visitors', async () => {
    const old = await create({ name: '王芳', phone: '13811110000' });
    const recent = await create({ name: '王芳芳', phone: '13822220000' });
    const middle = await create({ name: '王芳华', phone: '13833330000' });
    purchase(old, '2025-01-01T10:00:00Z', 1000);
    purchase(recent, '2026-02-28T10:00:00Z', 1000);
    purchase(middle, '2025-06-01T10:00:00Z', 1000);
    // The exact name wins although its last visit is the oldest; the rest by recency.
    expect(await names('王芳')).toEqual(['王芳', '王芳芳', '王芳华']);
    // Same for phones: the exact number first, then suffix matches by recency.
    const byPhone = await shop.staff.call('customers.search', { query: '13833330000' });
    expect(byPhone[0]?.id).toBe(middle);
    expect((await shop.staff.call('customers.search', { query: '0000' })).map((h) => h.id)).toEqual([recent, middle, old]);
  });

  it('leaves out customers in the recycle bin and merged records', async () => {
    const a = await create({ name: '赵六', phone: '13866667777' });
    await shop.staff.call('customers.delete', { ids: [a] });
    expect(await names('赵六')).toEqual([]);
    expect(await names('7777')).toEqual([]);
  });

  it('offers existing records while a new customer is typed', async () => {
    const zhang = await create({ name: '张三', phone: '13812345678' });
    // Three digits say nothing yet; from four on, what is typed so far already points at them.
    expect((await shop.staff.call('customers.matches', { phone: '138' })).map((h) => h.id)).toEqual([]);
    expect((await shop.staff.call('customers.matches', { phone: '1381234' })).map((h) => h.id)).toEqual([zhang]);
    expect((await shop.staff.call('customers.matches', { phone: '13912345678' })).map((h) => h.id)).toEqual([]);
    expect((await shop.staff.call('customers.matches', { phone: '138 1234 5678' })).map((h) => h.id)).toEqual([zhang]);
    expect((await shop.staff.call('customers.matches', { phone: '5678' })).map((h) => h.id)).toEqual([zhang]);
    expect((await shop.staff.call('customers.matches', { name: '张三' })).map((h) => h.id)).toEqual([zhang]);
  });
});

describe('create and validation', () => {
  it('normalises the phone for the shop country and stores search keys', async () => {
    const customer = await shop.staff.call('customers.create', { name: '张三', phone: '138 1234 5678', email: ' ZS@Example.com ' });
    expect(customer.phone).toBe('+8613812345678');
    expect(customer.email).toBe('zs@example.com');
    const row = shop.core.db
      .prepare(`SELECT phone_digits, name_pinyin, name_initials FROM customers WHERE id = ?`)
      .get(customer.id);
    expect(row).toEqual({ phone_digits: '13812345678', name_pinyin: 'zhangsan', name_initials: 'zs' });
  });

  it('refuses a bad phone, a bad email, a future birthday and a taken member number with clear codes', async () => {
    const badPhone = await errorOf(shop.staff.call('customers.create', { name: 'A', phone: '12345' }));
    expect(badPhone.code).toBe('invalid_input');
    expect(badPhone.details).toMatchObject({ field: 'phone' });
    const badEmail = await errorOf(shop.staff.call('customers.create', { name: 'A', email: 'not-an-email' }));
    expect(badEmail.code).toBe('invalid_input');
    const future = await errorOf(shop.staff.call('customers.create', { name: 'A', birthday: '2026-03-02' }));
    expect(future.details).toMatchObject({ field: 'birthday', reason: 'future' });
    const notADate = await errorOf(shop.staff.call('customers.create', { name: 'A', birthday: '2025-02-30' }));
    expect(notADate.details).toMatchObject({ field: 'birthday', reason: 'invalid' });
    await create({ name: 'A', memberNo: 'M1' });
    const taken = await errorOf(shop.staff.call('customers.create', { name: 'B', memberNo: 'M1' }));
    expect(taken.code).toBe('conflict');
  });

  it('links a person to an organisation', async () => {
    const org = await create({ name: 'Acme Ltd', kind: 'organization', industry: 'Retail', companySize: '10-50', contactPerson: 'Li Lei', contactTitle: 'Manager' });
    const person = await shop.staff.call('customers.create', { name: 'Han Meimei', organizationId: org, position: 'Buyer' });
    expect(person).toMatchObject({ organizationId: org, organizationName: 'Acme Ltd', position: 'Buyer' });
    const orgs = await shop.staff.call('customers.organizations', { query: 'acme' });
    expect(orgs.map((o) => o.id)).toEqual([org]);
    const notOrg = await errorOf(shop.staff.call('customers.create', { name: 'X', organizationId: person.id }));
    expect(notOrg.code).toBe('invalid_input');
  });
});

describe('history', () => {
  it('keeps who, when and old → new for every changed field', async () => {
    const id = await create({ name: '张三', phone: '13812345678' });
    now = new Date('2026-03-02T09:00:00Z');
    await shop.staff.call('customers.update', { id, patch: { name: '张叁', phone: '13812345678', email: 'z@x.cn' } });
    now = new Date('2026-03-03T09:00:00Z');
    await shop.owner.call('customers.update', { id, patch: { phone: '13900000000' } });
    const history = await shop.staff.call('customers.history', { id });
    const edits = history.filter((h) => h.field !== 'created');
    expect(edits.map((h) => [h.field, h.oldValue, h.newValue, h.actorRole, h.changedAt])).toEqual([
      ['phone', '+8613812345678', '+8613900000000', 'owner', '2026-03-03T09:00:00.000Z'],
      ...[
        ['name', '张三', '张叁', 'staff', '2026-03-02T09:00:00.000Z'],
        ['email', null, 'z@x.cn', 'staff', '2026-03-02T09:00:00.000Z'],
      ].sort(),
    ].map((x) => x));
    expect(history.at(-1)?.field).toBe('created');
    // The pinyin keys follow the new name.
    expect(await names('zhangsan')).toEqual(['张叁']);
  });
});
