import { afterEach, describe, expect, it } from 'vitest';
import { openTestShop, type TestShop } from '../../helpers/core';
import { PatronError } from '../../../src/shared/errors';
import { fixedClock, insertCustomer } from './fixtures';

let shop: TestShop;
afterEach(async () => shop.close());

describe('sales', () => {
  it('keeps spend net: discounts, returns by flag and by negative lines', async () => {
    shop = await openTestShop();
    const id = insertCustomer(shop.core.db, { name: 'Li Na' });
    const sale = await shop.staff.call('sales.record', {
      customerId: id,
      discountMinor: 500,
      lines: [
        { productName: 'Latte', category: 'Coffee', quantity: 2, amountMinor: 6000 },
        { productName: 'Croissant', category: 'Bakery', amountMinor: 2000 },
      ],
    });
    expect(sale.totalMinor).toBe(7500);
    expect(sale.lines).toHaveLength(2);
    const refund = await shop.staff.call('sales.record', {
      customerId: id,
      isReturn: true,
      lines: [{ productName: 'Croissant', amountMinor: 2000 }],
    });
    expect(refund.totalMinor).toBe(-2000);
    expect(refund.lines[0]?.amountMinor).toBe(-2000);
    const exchange = await shop.staff.call('sales.record', {
      customerId: id,
      lines: [
        { productName: 'Mocha', amountMinor: 3500 },
        { productName: 'Latte', amountMinor: -3000 },
      ],
    });
    expect(exchange.totalMinor).toBe(500);

    const card = await shop.staff.call('card.get', { id });
    expect(card.figures.netSpendMinor).toBe(7500 - 2000 + 500);
    expect(card.figures.visits).toBe(2); // the return is not a visit
    expect(card.figures.averageTicketMinor).toBe(3000);
    // Quick add: unknown product names joined the product list, known ones were reused.
    const products = await shop.staff.call('products.list', {});
    expect(products.map((p) => p.name).sort()).toEqual(['Croissant', 'Latte', 'Mocha']);
  });

  it('refuses a sale with neither total nor lines, and for an unknown customer', async () => {
    shop = await openTestShop();
    const id = insertCustomer(shop.core.db, { name: 'Wang' });
    await expect(shop.staff.call('sales.record', { customerId: id })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(
      shop.staff.call('sales.record', { customerId: 'nope', totalMinor: 100 }),
    ).rejects.toBeInstanceOf(PatronError);
  });

  it('edits and deletes with history; delete is owner-only', async () => {
    shop = await openTestShop();
    const id = insertCustomer(shop.core.db, { name: 'Zhang' });
    const sale = await shop.staff.call('sales.record', {
      customerId: id,
      totalMinor: 1000,
      paymentMethod: 'cash',
    });
    const edited = await shop.staff.call('sales.update', {
      id: sale.id,
      totalMinor: 1200,
      paymentMethod: 'wechat',
    });
    expect(edited.totalMinor).toBe(1200);
    expect(edited.purchasedAt).toBe(sale.purchasedAt);
    await expect(shop.staff.call('sales.delete', { id: sale.id })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await shop.owner.call('sales.delete', { id: sale.id });
    await expect(shop.staff.call('sales.get', { id: sale.id })).rejects.toMatchObject({ code: 'not_found' });

    const history = shop.core.db
      .prepare(
        `SELECT old_value, new_value FROM customer_changes WHERE customer_id = ? AND field = 'purchase' ORDER BY rowid`,
      )
      .all(id) as { old_value: string; new_value: string | null }[];
    expect(history).toHaveLength(2);
    expect(JSON.parse(history[0]!.old_value)).toMatchObject({ totalMinor: 1000, paymentMethod: 'cash' });
    expect(JSON.parse(history[0]!.new_value!)).toMatchObject({ totalMinor: 1200 });
    expect(JSON.parse(history[1]!.old_value)).toMatchObject({ totalMinor: 1200 });
    expect(history[1]!.new_value).toBeNull();
    // The row stays (soft delete) but no longer counts.
    const row = shop.core.db.prepare('SELECT deleted_at FROM purchases WHERE id = ?').get(sale.id) as {
      deleted_at: string;
    };
    expect(row.deleted_at).not.toBeNull();
    const card = await shop.staff.call('card.get', { id });
    expect(card.figures.netSpendMinor).toBe(0);
    expect(card.timeline.events.filter((e) => e.kind === 'change')).toHaveLength(2);
  });

  it('a large purchase schedules a follow-up reminder at the threshold from Settings', async () => {
    const time = fixedClock('2026-03-10T04:00:00.000Z');
    shop = await openTestShop({ clock: time.clock });
    const id = insertCustomer(shop.core.db, { name: 'Big Spender' });
    await shop.owner.call('care.updateSettings', { largePurchaseMinor: 100_000 });
    await shop.staff.call('sales.record', { customerId: id, totalMinor: 99_999 });
    const big = await shop.staff.call('sales.record', { customerId: id, totalMinor: 100_000 });
    const reminders = shop.core.db
      .prepare('SELECT kind, due_at, source_id FROM reminders WHERE customer_id = ?')
      .all(id) as { kind: string; due_at: string; source_id: string }[];
    expect(reminders).toEqual([
      { kind: 'large_purchase', due_at: '2026-03-12T04:00:00.000Z', source_id: big.id },
    ]);
    await expect(shop.staff.call('care.updateSettings', { largePurchaseMinor: 1 })).rejects.toMatchObject({
      code: 'forbidden',
    });
  });
});
