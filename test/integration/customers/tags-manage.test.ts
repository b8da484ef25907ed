import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestShop, type TestShop } from '../../helpers/core';

let shop: TestShop;
beforeEach(async () => {
  shop = await openTestShop({ clock: () => new Date('2026-03-01T10:00:00Z') });
});
afterEach(async () => shop.close());

function auditOf(action: string): { entity_id: string; details: string; actor_role: string }[] {
  return shop.core.db
    .prepare('SELECT entity_id, details, actor_role FROM audit_log WHERE action = ? ORDER BY at')
    .all(action) as { entity_id: string; details: string; actor_role: string }[];
}

describe('tags manager: rename and delete (owner, audited)', () => {
  it('renames and recolours a tag for the owner only, keeping names unique', async () => {
    const vip = await shop.staff.call('tags.create', { name: 'VIP', color: 'red' });
    await shop.staff.call('tags.create', { name: 'Regular' });
    await expect(shop.staff.call('tags.update', { id: vip.id, name: 'Gold' })).rejects.toMatchObject({
      code: 'forbidden',
    });

    expect(await shop.owner.call('tags.update', { id: vip.id, name: 'Gold', color: 'yellow' })).toEqual({
      id: vip.id,
      name: 'Gold',
      color: 'yellow',
    });
    await expect(shop.owner.call('tags.update', { id: vip.id, name: 'Regular' })).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(shop.owner.call('tags.update', { id: 'nope', name: 'X' })).rejects.toMatchObject({
      code: 'not_found',
    });
    expect((await shop.staff.call('tags.list', {})).map((t) => t.name)).toEqual(['Gold', 'Regular']);
    expect(auditOf('tags.updated')).toEqual([
      { entity_id: vip.id, actor_role: 'owner', details: JSON.stringify({ fields: ['name', 'color'] }) },
    ]);
  });

  it('deletes a tag: off every customer, out of the filters, its name free again', async () => {
    const tag = await shop.staff.call('tags.create', { name: 'Student' });
    const a = await shop.staff.call('customers.create', { name: 'Ann' });
    const b = await shop.staff.call('customers.create', { name: 'Bob' });
    await shop.staff.call('customers.tag', { ids: [a.id, b.id], tagId: tag.id });
    await expect(shop.staff.call('tags.delete', { id: tag.id })).rejects.toMatchObject({ code: 'forbidden' });

    expect(await shop.owner.call('tags.delete', { id: tag.id })).toEqual({ untagged: 2 });
    expect(await shop.staff.call('tags.list', {})).toEqual([]);
    expect((await shop.staff.call('customers.get', { id: a.id })).tags).toEqual([]);
    expect((await shop.staff.call('customers.list', {})).rows.flatMap((r) => r.tags)).toEqual([]);
    expect(await shop.staff.call('customers.search', { query: 'Student' })).toEqual([]);
    await expect(shop.owner.call('tags.delete', { id: tag.id })).rejects.toMatchObject({ code: 'not_found' });
    expect((await shop.staff.call('tags.create', { name: 'Student' })).name).toBe('Student');
    expect(auditOf('tags.deleted')).toEqual([
      { entity_id: tag.id, actor_role: 'owner', details: JSON.stringify({ untagged: 2 }) },
    ]);
  });
});
