import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openReadable, openWritable, type WritableDB } from '../../db/connection';
import { analysisStoreFileFor } from '../../db/analysis-store';
import { newId } from '../../db/ids';
import { PatronCore } from '../../core/core';
import { createDirectClient } from '../../transport/direct';
import { customerCard } from '../../domain/card/card.service';
import { formatMs, summarize, type Benchmark } from './types';

const EVENTS = {
  purchases: 3000,
  interactions: 1200,
  complaints: 300,
  reminders: 300,
  changes: 200,
} as const;
const DAY_MS = 86_400_000;

/** Gives one existing customer 5,000 events spread over the last ten years. */
function addHeavyHistory(db: WritableDB, customerId: string, now: number): void {
  const at = (i: number, n: number): string =>
    new Date(now - Math.floor(((n - i) / n) * 3650 * DAY_MS)).toISOString();
  const stamp = new Date(now).toISOString();
  db.transaction(() => {
    const purchase = db.prepare(
      `INSERT INTO purchases (id, customer_id, purchased_at, total_minor, is_return, payment_method, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 'wechat', ?, ?)`,
    );
    const line = db.prepare(
      `INSERT INTO purchase_lines (id, purchase_id, product_name, category, quantity, amount_minor, created_at)
       VALUES (?, ?, ?, 'Coffee', 1, ?, ?)`,
    );
    for (let i = 0; i < EVENTS.purchases; i++) {
      const id = newId();
      const isReturn = i % 50 === 49;
      purchase.run(
        id,
        customerId,
        at(i, EVENTS.purchases),
        isReturn ? -2800 : 4300,
        isReturn ? 1 : 0,
        stamp,
        stamp,
      );
      line.run(newId(), id, 'Latte', isReturn ? -2800 : 2800, stamp);
      if (!isReturn) line.run(newId(), id, 'Croissant', 1500, stamp);
    }
    const interaction = db.prepare(
      `INSERT INTO interactions (id, customer_id, occurred_at, channel, direction, summary, created_at, updated_at)
       VALUES (?, ?, ?, 'wechat', 'inbound', 'Asked about the opening hours', ?, ?)`,
    );
    for (let i = 0; i < EVENTS.interactions; i++)
      interaction.run(newId(), customerId, at(i, EVENTS.interactions), stamp, stamp);
    const complaint = db.prepare(
      `INSERT INTO complaints (id, customer_id, received_at, description, cause, status, created_at, updated_at)
       VALUES (?, ?, ?, 'Coffee was cold', 'quality', 'followed_up', ?, ?)`,
    );
    for (let i = 0; i < EVENTS.complaints; i++)
      complaint.run(newId(), customerId, at(i, EVENTS.complaints), stamp, stamp);
    const reminder = db.prepare(
      `INSERT INTO reminders (id, customer_id, kind, due_at, title, done_at, created_at, updated_at)
       VALUES (?, ?, 'follow_up', ?, 'Call back', ?, ?, ?)`,
    );
    for (let i = 0; i < EVENTS.reminders; i++)
      reminder.run(newId(), customerId, at(i, EVENTS.reminders), stamp, stamp, stamp);
    const change = db.prepare(
      `INSERT INTO customer_changes (id, customer_id, change_set, changed_at, actor_role, field, old_value, new_value)
       VALUES (?, ?, ?, ?, 'staff', 'notes', 'old', 'new')`,
    );
    for (let i = 0; i < EVENTS.changes; i++) change.run(newId(), customerId, newId(), at(i, EVENTS.changes));
  })();
}

export const cardBenchmark: Benchmark = {
  name: 'card',
  summary: 'card.get for one customer with 5,000 events (a temp copy of the file; the original is untouched)',
  async run({ dbFile, iterations, io }) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'patron-bench-card-'));
    const copy = path.join(dir, 'shop.db');
    try {
      const source = openReadable(dbFile, { analysisStore: true });
      source.prepare('VACUUM INTO ?').run(copy);
      // The card's labels come from the analysis store beside the shop file.
      if (source.prepare(`SELECT 1 FROM pragma_database_list WHERE name = 'analysis'`).get()) {
        source.prepare('VACUUM analysis INTO ?').run(analysisStoreFileFor(copy));
      }
      source.close();

      const db = openWritable(copy);
      const customerId = db
        .prepare(
          'SELECT id FROM customers WHERE deleted_at IS NULL AND merged_into IS NULL ORDER BY id LIMIT 1',
        )
        .pluck()
        .get() as string | undefined;
      if (!customerId) throw new Error('The shop has no customers; seed it first.');
      addHeavyHistory(db, customerId, Date.now());
      db.close();

      const core = PatronCore.open({ dbFile: copy, transport: 'direct' });
      try {
        const client = createDirectClient(core, core.createSession('cli', 'staff'));
        const now = new Date().toISOString();
        const counts = customerCard(core.db, customerId, now).timelineCounts;
        const events = Object.values(counts).reduce((a, b) => a + b, 0);
        io.out(`customer with ${events} timeline events; ${iterations} runs each (after 5 warm-up runs)`);
        const measure = async (label: string, once: () => unknown): Promise<void> => {
          for (let i = 0; i < 5; i++) await once();
          const samples: number[] = [];
          for (let i = 0; i < iterations; i++) {
            const start = performance.now();
            await once();
            samples.push(performance.now() - start);
          }
          const s = summarize(samples);
          io.out(
            `${label.padEnd(34)} p50 ${formatMs(s.p50)} ms   p95 ${formatMs(s.p95)} ms   max ${formatMs(s.max)} ms`,
          );
        };
        await measure('service  customerCard()', () => customerCard(core.db, customerId, now));
        await measure('command  card.get (router, zod)', () => client.call('card.get', { id: customerId }));
        const deep = customerCard(core.db, customerId, now).timeline.next;
        await measure('command  card.timeline page 2', () =>
          client.call('card.timeline', { id: customerId, ...(deep ? { before: deep } : {}) }),
        );
      } finally {
        await core.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
