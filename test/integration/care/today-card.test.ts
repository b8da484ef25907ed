import { afterEach, describe, expect, it } from 'vitest';
import { openTestShop, type TestShop } from '../../helpers/core';
import { newId } from '../../../src/main/db/ids';
import { fixedClock, insertCustomer } from './fixtures';
import { insertAnalysisRun } from '../../helpers/loyalty-snapshot';

let shop: TestShop;
afterEach(async () => shop.close());

describe('Today', () => {
  it("uses the shop's time zone: a birthday is 'today' in Shanghai while it is still yesterday in UTC", async () => {
    // 2026-06-14T17:30Z is 2026-06-15 01:30 in Asia/Shanghai.
    const time = fixedClock('2026-06-14T17:30:00.000Z');
    shop = await openTestShop({ clock: time.clock });
    insertCustomer(shop.core.db, { name: 'Birthday Today', birthday: '1990-06-15' });
    insertCustomer(shop.core.db, { name: 'In Three Days', birthday: '1985-06-18' });
    insertCustomer(shop.core.db, { name: 'Next Month', birthday: '1985-07-18' });
    insertCustomer(shop.core.db, { name: 'Yesterday', birthday: '1985-06-14' });
    const today = await shop.staff.call('today.get', {});
    expect(today.date).toBe('2026-06-15');
    expect(today.birthdays.map((b) => [b.name, b.inDays])).toEqual([
      ['Birthday Today', 0],
      ['In Three Days', 3],
    ]);
    await shop.owner.call('care.updateSettings', { birthdayDaysAhead: 0 });
    expect((await shop.staff.call('today.get', {})).birthdays.map((b) => b.name)).toEqual(['Birthday Today']);
    expect(today.winBack).toBeNull();
  });

  it('lists reminders due by the end of the local day, overdue complaints, and regulars past their interval', async () => {
    const time = fixedClock('2026-06-15T02:00:00.000Z'); // 10:00 in Shanghai
    shop = await openTestShop({ clock: time.clock });
    const regular = insertCustomer(shop.core.db, { name: 'Weekly Regular' });
    const onTime = insertCustomer(shop.core.db, { name: 'On Time' });
    // Weekly visits that stopped 20 days ago: usual 7 days, 20/7 ≈ 2.9× → overdue.
    for (const day of ['2026-05-05', '2026-05-12', '2026-05-19', '2026-05-26'])
      await shop.staff.call('sales.record', {
        customerId: regular,
        totalMinor: 1000,
        purchasedAt: `${day}T03:00:00Z`,
      });
    for (const day of ['2026-05-25', '2026-06-01', '2026-06-08', '2026-06-14'])
      await shop.staff.call('sales.record', {
        customerId: onTime,
        totalMinor: 1000,
        purchasedAt: `${day}T03:00:00Z`,
      });

    const dueTonight = await shop.staff.call('reminders.add', {
      customerId: regular,
      dueAt: '2026-06-15T15:00:00Z', // 23:00 local, still today
      title: 'Call about the order',
    });
    await shop.staff.call('reminders.add', {
      customerId: regular,
      dueAt: '2026-06-15T16:30:00Z',
      title: 'Tomorrow',
    });
    const c = await shop.staff.call('complaints.open', {
      customerId: onTime,
      description: 'Late',
      receivedAt: '2026-06-10T00:00:00Z',
    });

    const today = await shop.staff.call('today.get', {});
    expect(today.remindersDue.map((r) => r.id)).toEqual([dueTonight.id]);
    expect(today.overdueComplaints.map((x) => x.id)).toEqual([c.id]);
    expect(today.overdueVisits).toEqual([
      { customerId: regular, name: 'Weekly Regular', phone: null, daysSinceLast: 20, usualIntervalDays: 7 },
    ]);
    // The first-purchase anniversary is not yet a year old, so none is listed.
    expect(today.anniversaries).toEqual([]);

    await shop.staff.call('reminders.complete', { id: dueTonight.id });
    expect((await shop.staff.call('today.get', {})).remindersDue).toEqual([]);
  });
});

describe('Today: cut lists and win-back calls', () => {
  it('counts what a list holds beyond what it shows', async () => {
    const time = fixedClock('2026-06-15T02:00:00.000Z');
    shop = await openTestShop({ clock: time.clock });
    for (let i = 0; i < 103; i++)
      insertCustomer(shop.core.db, { name: `Guest ${String(i).padStart(3, '0')}`, birthday: '1990-06-16' });
    const today = await shop.staff.call('today.get', {});
    expect(today.birthdays).toHaveLength(100);
    expect(today.totals.birthdays).toBe(103);
    expect(today.totals.winBack).toBeNull();
  });

  it('orders the win-back calls by value at stake, says who is declining, and counts them all', async () => {
    const time = fixedClock('2026-06-15T02:00:00.000Z');
    shop = await openTestShop({ clock: time.clock });
    const big = insertCustomer(shop.core.db, { name: 'Big Lapsed' });
    const decliner = insertCustomer(shop.core.db, { name: 'Still Around' });
    const small = insertCustomer(shop.core.db, { name: 'Small Lapsed' });
    const safe = insertCustomer(shop.core.db, { name: 'Safe' });
    insertAnalysisRun(shop.core.db, {
      asOf: '2026-06-14',
      finishedAt: '2026-06-15T01:00:00.000Z',
      rows: [
        // The decliner is worth the most if active, but with P(alive) 0.95 little of it is at stake.
        {
          customer_id: decliner,
          at_risk: 1,
          p_alive: 0.95,
          lifecycle_stage: 'decline',
          predicted_clv_minor: 90000,
          value_at_stake_minor: 4500,
        },
        {
          customer_id: small,
          at_risk: 1,
          p_alive: 0.2,
          lifecycle_stage: 'stability',
          predicted_clv_minor: 10000,
          value_at_stake_minor: 8000,
        },
        {
          customer_id: big,
          at_risk: 1,
          p_alive: 0.1,
          lifecycle_stage: 'stability',
          predicted_clv_minor: 50000,
          value_at_stake_minor: 45000,
        },
        {
          customer_id: safe,
          at_risk: 0,
          p_alive: 0.9,
          lifecycle_stage: 'stability',
          predicted_clv_minor: 99000,
          value_at_stake_minor: 0,
        },
      ],
    });
    const today = await shop.staff.call('today.get', {});
    expect(today.winBack?.map((w) => [w.name, w.declining])).toEqual([
      ['Big Lapsed', false],
      ['Small Lapsed', false],
      ['Still Around', true],
    ]);
    expect(today.totals.winBack).toBe(3);
  });
});

describe('customer card', () => {
  it('shows figures, referrals, timeline newest first, and "not analysed yet" without a run', async () => {
    const time = fixedClock('2026-06-15T02:00:00.000Z');
    shop = await openTestShop({ clock: time.clock });
    const db = shop.core.db;
    const referrer = insertCustomer(db, { name: 'Referrer' });
    insertCustomer(db, { name: 'Friend 1', referredBy: referrer });
    const friend = insertCustomer(db, { name: 'Friend 2', referredBy: referrer });
    await shop.staff.call('sales.record', {
      customerId: referrer,
      totalMinor: 3000,
      purchasedAt: '2026-06-01T03:00:00Z',
    });
    await shop.staff.call('sales.record', {
      customerId: referrer,
      totalMinor: 5000,
      purchasedAt: '2026-06-11T03:00:00Z',
    });
    await shop.staff.call('sales.record', {
      customerId: referrer,
      totalMinor: 1000,
      isReturn: true,
      purchasedAt: '2026-06-12T03:00:00Z',
    });
    await shop.staff.call('interactions.log', {
      customerId: referrer,
      channel: 'wechat',
      direction: 'inbound',
      summary: 'Asked about beans',
      satisfaction: 5,
      recommend: 9,
    });

    const card = await shop.staff.call('card.get', { id: referrer });
    expect(card.customer.referralCount).toBe(2);
    expect(card.figures).toEqual({
      netSpendMinor: 7000,
      visits: 2,
      averageTicketMinor: 3500,
      firstVisitAt: '2026-06-01T03:00:00.000Z',
      lastVisitAt: '2026-06-11T03:00:00.000Z',
      daysSinceLastVisit: 4,
      usualIntervalDays: 10,
    });
    expect(card.timeline.events.map((e) => e.kind)).toEqual([
      'interaction',
      'purchase',
      'purchase',
      'purchase',
    ]);
    expect(card.timeline.events[1]).toMatchObject({ amountMinor: -1000, flag: true });
    expect(card.spendByMonth).toHaveLength(12);
    expect(card.spendByMonth.at(-1)).toEqual({ month: '2026-06', netMinor: 7000 });
    expect(card.analysis).toBeNull();
    expect(card.suggestions).toEqual([]);
    expect(card.categorySuggestions).toEqual([]);

    const friendCard = await shop.staff.call('card.get', { id: friend });
    expect(friendCard.customer.referredBy).toEqual({ id: referrer, name: 'Referrer' });
    expect(friendCard.figures).toMatchObject({
      netSpendMinor: 0,
      visits: 0,
      averageTicketMinor: null,
      usualIntervalDays: null,
    });
    await expect(shop.staff.call('card.get', { id: 'missing' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('reads labels with reasons and suggestions from the latest done analysis run only', async () => {
    shop = await openTestShop();
    const db = shop.core.db;
    const id = insertCustomer(db, { name: 'Analysed' });
    await shop.staff.call('sales.record', {
      customerId: id,
      lines: [{ productName: 'Latte', category: 'Coffee', amountMinor: 3000 }],
    });
    const addRun = (status: string, finishedAt: string | null, segment: string): string => {
      const runId = newId();
      db.prepare(
        `INSERT INTO local_analysis_runs (id, status, started_at, finished_at, as_of, time_unit, params)
         VALUES (?, ?, ?, ?, '2026-06-01', 'day', '{}')`,
      ).run(runId, status, '2026-06-01T00:00:00Z', finishedAt);
      db.prepare(
        `INSERT INTO local_analysis_snapshot (run_id, customer_id, r_score, f_score, m_score, segment, abc_class, value_tier,
           lifecycle_stage, loyalty_type, p_alive, predicted_clv_minor, reasons)
         VALUES (?, ?, 5, 4, 3, ?, 'A', 'vip', 'stability', 'premium', 0.93, 120000, ?)`,
      ).run(
        runId,
        id,
        segment,
        JSON.stringify({ segment: { key: 'rfm.scores', params: { r: 5, f: 4, m: 3 } } }),
      );
      db.prepare(
        `INSERT INTO local_analysis_rules (run_id, level, antecedent, consequent, support, confidence, lift)
         VALUES (?, 'product', '["Latte"]', 'Croissant', 0.1, 0.6, 2.1), (?, 'product', '["Latte"]', 'Latte', 0.1, 0.9, 1),
                (?, 'product', '["Tea"]', 'Scone', 0.1, 0.8, 2)`,
      ).run(runId, runId, runId);
      db.prepare(
        `INSERT INTO local_analysis_rules (run_id, level, antecedent, consequent, support, confidence, lift)
         VALUES (?, 'category', '["Coffee"]', 'Bakery', 0.2, 0.5, 1.4), (?, 'category', '["Tea"]', 'Desserts', 0.1, 0.7, 1.9),
                (?, 'category', '["Bakery"]', 'Coffee', 0.2, 0.8, 1.2)`,
      ).run(runId, runId, runId);
      return runId;
    };
    addRun('done', '2026-06-01T01:00:00Z', 'loyalCustomers');
    const latest = addRun('done', '2026-06-02T01:00:00Z', 'champions');
    addRun('running', null, 'hibernating');

    const card = await shop.staff.call('card.get', { id });
    expect(card.analysis?.runId).toBe(latest);
    const segment = card.analysis?.labels.find((l) => l.name === 'segment');
    expect(segment).toEqual({
      name: 'segment',
      value: 'champions',
      reason: { key: 'rfm.scores', params: { r: 5, f: 4, m: 3 } },
    });
    expect(card.analysis?.labels.find((l) => l.name === 'rfm')?.value).toBe('5-4-3');
    expect(card.analysis?.labels.find((l) => l.name === 'valueTier')).toMatchObject({
      value: 'vip',
      reason: null,
    });
    // Latte is bought already and Scone needs Tea: only Croissant is suggested.
    expect(card.suggestions).toEqual([{ product: 'Croissant', because: ['Latte'], confidence: 0.6 }]);
    // Category rules only suggest categories: Coffee is bought already, Desserts needs Tea.
    expect(card.categorySuggestions).toEqual([{ category: 'Bakery', because: ['Coffee'], confidence: 0.5 }]);
  });

  it('pages the timeline newest first with a keyset cursor, filtered by kind', async () => {
    shop = await openTestShop();
    const id = insertCustomer(shop.core.db, { name: 'Busy' });
    for (let day = 1; day <= 9; day++)
      await shop.staff.call('sales.record', {
        customerId: id,
        totalMinor: day * 100,
        purchasedAt: `2026-01-0${day}T03:00:00Z`,
      });
    await shop.staff.call('interactions.log', {
      customerId: id,
      channel: 'phone',
      direction: 'outbound',
      occurredAt: '2026-01-05T12:00:00Z',
    });
    const all: string[] = [];
    let before: { at: string; id: string } | undefined;
    for (;;) {
      const page = await shop.staff.call('card.timeline', { id, limit: 4, ...(before ? { before } : {}) });
      all.push(...page.events.map((e) => e.at.slice(0, 13)));
      if (!page.next) break;
      before = page.next;
    }
    expect(all).toEqual([
      '2026-01-09T03',
      '2026-01-08T03',
      '2026-01-07T03',
      '2026-01-06T03',
      '2026-01-05T12',
      '2026-01-05T03',
      '2026-01-04T03',
      '2026-01-03T03',
      '2026-01-02T03',
      '2026-01-01T03',
    ]);
    const onlyInteractions = await shop.staff.call('card.timeline', { id, kinds: ['interaction'] });
    expect(onlyInteractions.events.map((e) => e.kind)).toEqual(['interaction']);
    const card = await shop.staff.call('card.get', { id });
    expect(card.timelineCounts).toEqual({
      purchase: 9,
      interaction: 1,
      complaint: 0,
      reminder: 0,
      change: 0,
    });
  });
});
