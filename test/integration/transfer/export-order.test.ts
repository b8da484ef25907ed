/**
 * The export's row order (creation time, then id) and referrer column, whose labels come from one
 * read of every named referrer rather than a self-join per row: the same answers, including
 * referrers outside the exported rows.
 */
import Papa from 'papaparse';
import { afterEach, describe, expect, it } from 'vitest';
import { openTestShop, type TestShop } from '../../helpers/core';

let shop: TestShop | null = null;
afterEach(async () => {
  await shop?.close();
  shop = null;
});

function rowsOf(base64: string): string[][] {
  const text = Buffer.from(base64, 'base64').toString('utf8').replace(/^\uFEFF/, '');
  return Papa.parse<string[]>(text.trim()).data;
}

describe('export order and referrers', () => {
  it('lists customers in creation order and names each referrer, also one outside the export', async () => {
    shop = await openTestShop();
    const ann = await shop.staff.call('customers.create', { name: 'Ann', memberNo: 'M-1' });
    const bob = await shop.staff.call('customers.create', { name: 'Bob' });
    const cat = await shop.staff.call('customers.create', { name: 'Cat' });
    const dan = await shop.staff.call('customers.create', { name: 'Dan' });
    // Same creation instant for two of them: the id breaks the tie, as ORDER BY created_at, id did.
    const db = shop.core.db;
    db.prepare(`UPDATE customers SET created_at = ? WHERE id IN (?, ?)`).run(
      '2020-01-01T00:00:00.000Z',
      dan.id,
      cat.id,
    );
    db.prepare(`UPDATE customers SET referred_by = ? WHERE id = ?`).run(ann.id, cat.id);
    db.prepare(`UPDATE customers SET referred_by = ? WHERE id = ?`).run(bob.id, dan.id);

    const all = await shop.owner.call('transfer.export', {
      format: 'csv',
      filter: {},
      columns: ['name', 'referred_by'],
    });
    const [first, second] = [cat, dan].sort((x, y) => (x.id < y.id ? -1 : 1));
    const referrerOf = (id: string): string => (id === cat.id ? 'M-1' : 'Bob');
    expect(rowsOf(all.base64).slice(1)).toEqual([
      [first!.name, referrerOf(first!.id)],
      [second!.name, referrerOf(second!.id)],
      ['Ann', ''],
      ['Bob', ''],
    ]);

    // Only Cat and Dan exported: their referrers are not among the rows and are still named.
    const tag = await shop.staff.call('tags.create', { name: 'referred' });
    await shop.staff.call('customers.tag', { ids: [cat.id, dan.id], tagId: tag.id });
    const tagged = await shop.owner.call('transfer.export', {
      format: 'csv',
      filter: { tag: 'referred' },
      columns: ['name', 'referred_by'],
    });
    expect(rowsOf(tagged.base64).slice(1)).toEqual([
      [first!.name, referrerOf(first!.id)],
      [second!.name, referrerOf(second!.id)],
    ]);
  });
});
