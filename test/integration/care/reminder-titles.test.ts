import { afterEach, describe, expect, it } from 'vitest';
import { openTestShop, type TestShop } from '../../helpers/core';
import { newId } from '../../../src/main/db/ids';
import { fixedClock, insertCustomer } from './fixtures';

let shop: TestShop;
afterEach(async () => shop.close());

/**
 * Reminders Patron schedules itself keep a type and parameters, so each reader sees the title
 * in their own language; reminders stored before with an English title still read as they were.
 */
describe('automatic reminder titles', () => {
  it('stores a type and params, not an English sentence, and still reads old plain titles', async () => {
    const time = fixedClock('2026-05-01T02:00:00.000Z');
    shop = await openTestShop({ clock: time.clock });
    const id = insertCustomer(shop.core.db, { name: 'Chen' });
    await shop.owner.call('care.updateSettings', { largePurchaseMinor: 100_000 });
    await shop.staff.call('sales.record', { customerId: id, totalMinor: 128_000 });
    const complaint = await shop.staff.call('complaints.open', {
      customerId: id,
      channel: 'phone',
      description: 'Cold coffee',
    });
    await shop.staff.call('complaints.advance', { id: complaint.id, to: 'cause_analysed', cause: 'quality' });
    await shop.staff.call('complaints.advance', { id: complaint.id, to: 'in_progress' });
    await shop.staff.call('complaints.advance', {
      id: complaint.id,
      to: 'resolved',
      resolution: 'Remade it',
    });
    const at = '2026-04-30T02:00:00.000Z';
    shop.core.db
      .prepare(
        `INSERT INTO reminders (id, customer_id, kind, due_at, title, created_at, updated_at) VALUES (?, ?, 'large_purchase', ?, ?, ?, ?)`,
      )
      .run(newId(), id, '2026-05-02T00:00:00.000Z', 'Follow up after a large purchase', at, at);

    const stored = shop.core.db.prepare('SELECT title FROM reminders').pluck().all() as string[];
    expect(stored.filter((title) => /follow up/i.test(title))).toEqual(['Follow up after a large purchase']);

    time.set('2026-05-10T02:00:00.000Z');
    const due = (await shop.staff.call('today.get', {})).remindersDue;
    const byTemplate = due.map((r) => [r.kind, r.title, r.template]);
    expect(byTemplate).toEqual(
      expect.arrayContaining([
        ['large_purchase', '', { type: 'large_purchase', params: { amountMinor: 128_000 } }],
        ['complaint_follow_up', '', { type: 'complaint_follow_up', params: {} }],
        ['large_purchase', 'Follow up after a large purchase', null],
      ]),
    );
    expect(due).toHaveLength(3);

    // The card's timeline leaves the wording to the renderer too (no JSON leaks into the text).
    const reminders = (await shop.staff.call('card.get', { id })).timeline.events.filter(
      (e) => e.kind === 'reminder',
    );
    expect(reminders.map((e) => e.text).sort()).toEqual(['', '', 'Follow up after a large purchase']);
  });

  it('a typed title that looks like a template is kept as typed', async () => {
    shop = await openTestShop();
    const id = insertCustomer(shop.core.db, { name: 'Chen' });
    const title = '{"reminderTemplate":{"type":"complaint_follow_up","params":{}}} call back';
    const reminder = await shop.staff.call('reminders.add', {
      customerId: id,
      title,
      dueAt: '2026-05-02T00:00:00.000Z',
    });
    expect([reminder.title, reminder.template]).toEqual([title, null]);
  });
});
