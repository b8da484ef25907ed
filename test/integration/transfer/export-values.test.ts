/**
 * Export columns the repository works out in bulk rather than per customer. Consent: yes only
 * when all four channels were last granted, no only when all four were last refused, blank
 * otherwise, a later answer overriding an earlier one and the id breaking a tie in time. Tags:
 * live tags only, sorted by name.
 */
import Papa from 'papaparse';
import { afterEach, describe, expect, it } from 'vitest';
import { openTestShop, type TestShop } from '../../helpers/core';

let shop: TestShop | null = null;
afterEach(async () => {
  await shop?.close();
  shop = null;
});

const CHANNELS = ['sms', 'wechat', 'email', 'phone'] as const;

function rowsOf(base64: string): string[][] {
  const text = Buffer.from(base64, 'base64')
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  return Papa.parse<string[]>(text.trim()).data;
}

describe('export consent column', () => {
  it('says yes or no only when every channel agrees on its latest answer', async () => {
    shop = await openTestShop();
    const db = shop.core.db;
    let answerNo = 0;
    const answer = (
      customerId: string,
      channel: string,
      granted: 0 | 1,
      recordedAt: string,
      id?: string,
    ): void => {
      answerNo++;
      db.prepare(
        `INSERT INTO consents (id, customer_id, channel, granted, recorded_at, source, created_at)
         VALUES (?, ?, ?, ?, ?, 'import', ?)`,
      ).run(
        id ?? `k-${String(answerNo).padStart(4, '0')}`,
        customerId,
        channel,
        granted,
        recordedAt,
        recordedAt,
      );
    };
    const names = ['AllYes', 'AllNo', 'Mixed', 'ThreeOnly', 'ChangedMind', 'TieById', 'Never'];
    const ids: Record<string, string> = {};
    for (const name of names) ids[name] = (await shop.staff.call('customers.create', { name })).id;
    const early = '2024-01-01T00:00:00.000Z';
    const late = '2024-06-01T00:00:00.000Z';
    for (const channel of CHANNELS) {
      answer(ids['AllYes']!, channel, 1, early);
      answer(ids['AllNo']!, channel, 0, early);
      answer(ids['Mixed']!, channel, channel === 'email' ? 0 : 1, early);
      if (channel !== 'phone') answer(ids['ThreeOnly']!, channel, 1, early);
      // Refused everywhere first, granted everywhere later: the later answers count.
      answer(ids['ChangedMind']!, channel, 0, early);
      answer(ids['ChangedMind']!, channel, 1, late);
      // Two answers at the same instant: the greater id is the latest.
      answer(ids['TieById']!, channel, 1, late, `tie-a-${channel}`);
      answer(ids['TieById']!, channel, 0, late, `tie-b-${channel}`);
    }

    const result = await shop.owner.call('transfer.export', {
      format: 'csv',
      filter: {},
      columns: ['name', 'consent'],
    });
    const consentByName = new Map(
      rowsOf(result.base64)
        .slice(1)
        .map(([name, consent]) => [name, consent]),
    );
    // The shop's export language decides the words; compare against the AllYes/AllNo answers.
    const yes = consentByName.get('AllYes');
    const no = consentByName.get('AllNo');
    expect(yes === '是' || yes === 'yes').toBe(true);
    expect(no).toBe(yes === '是' ? '否' : 'no');
    expect(Object.fromEntries(consentByName)).toEqual({
      AllYes: yes,
      AllNo: no,
      Mixed: '',
      ThreeOnly: '',
      ChangedMind: yes,
      TieById: no,
      Never: '',
    });
  });
});

describe('export tags column', () => {
  it('lists live tags sorted by name, leaves out deleted ones, and blanks a customer left with none', async () => {
    shop = await openTestShop();
    const ann = await shop.staff.call('customers.create', { name: 'Ann' });
    const bob = await shop.staff.call('customers.create', { name: 'Bob' });
    const cat = await shop.staff.call('customers.create', { name: 'Cat' });
    const tag = async (name: string, ids: string[]): Promise<string> => {
      const created = await shop!.staff.call('tags.create', { name });
      await shop!.staff.call('customers.tag', { ids, tagId: created.id });
      return created.id;
    };
    // Created out of name order, so the sort is not an accident of creation order.
    await tag('咖啡', [ann.id, bob.id]);
    await tag('VIP', [ann.id]);
    const gone = await tag('旧标签', [ann.id, cat.id]);
    await tag('Apple', [ann.id]);
    await shop.owner.call('tags.delete', { id: gone });

    const result = await shop.owner.call('transfer.export', {
      format: 'csv',
      filter: {},
      columns: ['name', 'tags'],
    });
    expect(rowsOf(result.base64).slice(1)).toEqual([
      ['Ann', 'Apple、VIP、咖啡'],
      ['Bob', '咖啡'],
      ['Cat', ''],
    ]);
  });
});
