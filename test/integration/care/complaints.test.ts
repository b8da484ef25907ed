import { afterEach, describe, expect, it } from 'vitest';
import { openTestShop, type TestShop } from '../../helpers/core';
import { fixedClock, insertCustomer } from './fixtures';

let shop: TestShop;
afterEach(async () => shop.close());

describe('complaints workflow', () => {
  it('moves received → cause analysed → in progress → resolved → followed up, leaving a trail', async () => {
    const time = fixedClock('2026-05-01T02:00:00.000Z');
    shop = await openTestShop({ clock: time.clock });
    const id = insertCustomer(shop.core.db, { name: 'Chen' });
    const opened = await shop.staff.call('complaints.open', {
      customerId: id,
      channel: 'phone',
      description: 'Cold coffee',
    });
    expect(opened.status).toBe('received');
    const analysed = await shop.staff.call('complaints.advance', {
      id: opened.id,
      to: 'cause_analysed',
      cause: 'quality',
    });
    expect(analysed).toMatchObject({ status: 'cause_analysed', cause: 'quality' });
    await shop.staff.call('complaints.advance', { id: opened.id, to: 'in_progress' });
    time.set('2026-05-01T05:00:00.000Z');
    const resolved = await shop.staff.call('complaints.advance', {
      id: opened.id,
      to: 'resolved',
      resolution: 'Remade the drink, gave a voucher',
    });
    expect(resolved).toMatchObject({ status: 'resolved', resolvedAt: '2026-05-01T05:00:00.000Z' });
    // Resolving schedules the follow-up call three days later.
    const followUps = shop.core.db
      .prepare(`SELECT due_at FROM reminders WHERE kind = 'complaint_follow_up' AND source_id = ?`)
      .pluck()
      .all(opened.id);
    expect(followUps).toEqual(['2026-05-04T05:00:00.000Z']);
    const done = await shop.staff.call('complaints.advance', {
      id: opened.id,
      to: 'followed_up',
      satisfaction: 4,
    });
    expect(done).toMatchObject({ status: 'followed_up', followupSatisfaction: 4, overdue: false });
    const trail = shop.core.db
      .prepare('SELECT from_status, to_status FROM complaint_events WHERE complaint_id = ? ORDER BY rowid')
      .all(opened.id);
    expect(trail).toEqual([
      { from_status: null, to_status: 'received' },
      { from_status: 'received', to_status: 'cause_analysed' },
      { from_status: 'cause_analysed', to_status: 'in_progress' },
      { from_status: 'in_progress', to_status: 'resolved' },
      { from_status: 'resolved', to_status: 'followed_up' },
    ]);
  });

  it('rejects skipped, backward and post-closure transitions with a clear error', async () => {
    shop = await openTestShop();
    const id = insertCustomer(shop.core.db, { name: 'Chen' });
    const c = await shop.staff.call('complaints.open', { customerId: id, description: 'Rude' });
    const skip = await shop.staff.invoke('complaints.advance', { id: c.id, to: 'resolved', resolution: 'x' });
    expect(skip.ok).toBe(false);
    if (!skip.ok) {
      expect(skip.error.code).toBe('invalid_transition');
      expect(skip.error.message).toContain('can only move to "cause_analysed"');
      expect(skip.error.details).toMatchObject({
        from: 'received',
        to: 'resolved',
        allowed: 'cause_analysed',
      });
    }
    // Each step asks for what it records.
    await expect(
      shop.staff.call('complaints.advance', { id: c.id, to: 'cause_analysed' }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await shop.staff.call('complaints.advance', { id: c.id, to: 'cause_analysed', cause: 'attitude' });
    await expect(shop.staff.call('complaints.advance', { id: c.id, to: 'received' })).rejects.toMatchObject({
      code: 'invalid_transition',
    });
    await shop.staff.call('complaints.advance', { id: c.id, to: 'in_progress' });
    await expect(shop.staff.call('complaints.advance', { id: c.id, to: 'resolved' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await shop.staff.call('complaints.advance', { id: c.id, to: 'resolved', resolution: 'Apologised' });
    await expect(
      shop.staff.call('complaints.advance', { id: c.id, to: 'followed_up' }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await shop.staff.call('complaints.advance', { id: c.id, to: 'followed_up', satisfaction: 5 });
    const closed = await shop.staff.invoke('complaints.advance', {
      id: c.id,
      to: 'followed_up',
      satisfaction: 5,
    });
    expect(closed.ok).toBe(false);
    if (!closed.ok) expect(closed.error.message).toContain('is closed');
  });

  it('flags open complaints past the response target from Settings, lists and reports them by cause', async () => {
    const time = fixedClock('2026-05-01T00:00:00.000Z');
    shop = await openTestShop({ clock: time.clock });
    const id = insertCustomer(shop.core.db, { name: 'Chen' });
    const old = await shop.staff.call('complaints.open', {
      customerId: id,
      description: 'Wrong order',
      cause: 'communication',
    });
    time.set('2026-05-02T12:00:00.000Z');
    const fresh = await shop.staff.call('complaints.open', {
      customerId: id,
      description: 'Price',
      cause: 'price',
    });
    const closedOne = await shop.staff.call('complaints.open', {
      customerId: id,
      description: 'Slow',
      cause: 'communication',
    });
    await shop.staff.call('complaints.advance', { id: closedOne.id, to: 'cause_analysed' });
    await shop.staff.call('complaints.advance', { id: closedOne.id, to: 'in_progress' });
    await shop.staff.call('complaints.advance', { id: closedOne.id, to: 'resolved', resolution: 'ok' });
    time.set('2026-05-03T00:00:01.000Z'); // 48 h and 1 s after the first

    const overdue = await shop.staff.call('complaints.list', { filter: 'overdue' });
    expect(overdue.map((c) => c.id)).toEqual([old.id]);
    const open = await shop.staff.call('complaints.list', { filter: 'open' });
    expect(open.map((c) => [c.id, c.overdue])).toEqual([
      [fresh.id, false],
      [old.id, true],
    ]);
    expect((await shop.staff.call('complaints.list', { filter: 'all', cause: 'communication' })).length).toBe(
      2,
    );

    await shop.owner.call('care.updateSettings', { complaintResponseHours: 100 });
    expect(await shop.staff.call('complaints.list', { filter: 'overdue' })).toEqual([]);

    const report = await shop.staff.call('complaints.report', {});
    expect(report).toMatchObject({ total: 3, open: 2, overdue: 0, meanFollowupSatisfaction: null });
    expect(report.byCause).toEqual([
      { cause: 'communication', count: 2 },
      { cause: 'price', count: 1 },
    ]);
  });
});
