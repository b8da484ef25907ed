/**
 * A CSV export written in slices (one per export thread) must be the very file written in one
 * piece: the first slice carries the BOM and header, every slice reads its own range of the
 * creation order and only its id range of labels, tags and consents, and the slices are joined in
 * order. Checked on a demo shop (tags, consents, referrers, analysis labels) with slices that end
 * mid-way, at a customer who is not exported, and through the app's worker pool.
 */
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoShop } from '../../../src/main/domain/demo';
import {
  EXPORT_COLUMNS,
  exportCustomers,
  exportPart,
  type ExportOptions,
} from '../../../src/main/domain/transfer/export';
import { ExportWorkerPool } from '../../../src/main/domain/transfer/export-worker';
import {
  exportSplitKeys,
  latestDoneRunId,
  type ExportSortKey,
} from '../../../src/main/domain/transfer/transfer.repo';
import { writeAnalysisSnapshot } from '../../helpers/loyalty-snapshot';
import { openTestShop, type TestShop } from '../../helpers/core';

const NOW = new Date('2026-06-30T12:00:00.000Z');
const OPTIONS: ExportOptions = {
  format: 'csv',
  filter: {},
  columns: [...EXPORT_COLUMNS],
  locale: 'zh',
  timeZone: 'Asia/Shanghai',
  minorDigits: 2,
};

let shop: TestShop;
let runId: string | null;
/** Every customer (live or not) in the export's order. */
let order: ExportSortKey[];
let live: Set<string>;

/** Live customers in the slice after `after` (exclusive) through `through` (inclusive). */
function liveBetween(after: number | null, through: number | null): number {
  return order
    .slice(after === null ? 0 : after + 1, through === null ? undefined : through + 1)
    .filter(([, id]) => live.has(id)).length;
}

beforeAll(async () => {
  shop = await openTestShop({ clock: () => NOW });
  const db = shop.core.db;
  seedDemoShop(db, { customers: 240, seed: 11, locale: 'zh-CN', endDate: NOW });
  writeAnalysisSnapshot(db, '2026-06-30', '2026-06-30T08:00:00.000Z');
  runId = latestDoneRunId(db);
  // Back-dated like an import's joined dates: creation order then differs from id (UUIDv7) order,
  // so a slice's id range also holds customers of other slices.
  const ids = db.prepare(`SELECT id FROM customers ORDER BY id`).pluck().all() as string[];
  const backDate = db.prepare(`UPDATE customers SET created_at = ? WHERE id = ?`);
  ids.forEach((id, index) => {
    if (index % 7 === 3) backDate.run(`2019-0${1 + (index % 9)}-15T08:00:00.000Z`, id);
  });
  order = (
    db.prepare(`SELECT created_at, id FROM customers ORDER BY created_at, id`).raw().all() as [
      string,
      string,
    ][]
  ).map(([createdAt, id]) => [createdAt, id] as const);
  // Cells the writer must quote or neutralise, in customers on both sides of the cuts below.
  const edit = db.prepare(`UPDATE customers SET notes = ?, address = ? WHERE id = ?`);
  for (const [index, notes, address] of [
    [5, '=SUM(A1:A9)', ' leading space'],
    [119, 'two\nlines, "quoted"', 'trailing space\u3000'],
    [120, '@mention', '+86 street'],
    [200, "'=already escaped", '-dash'],
  ] as const)
    edit.run(notes, address, order[index]![1]);
  // Answers on all four channels (the only ones the consent column shows), on both sides of cuts.
  const consent = db.prepare(
    `INSERT INTO consents (id, customer_id, channel, granted, recorded_at, source, created_at)
     VALUES (?, ?, ?, ?, ?, 'import', ?)`,
  );
  for (const [index, granted] of [
    [10, 1],
    [119, 0],
    [120, 1],
    [230, 1],
  ] as const)
    for (const channel of ['sms', 'wechat', 'email', 'phone'])
      consent.run(
        `k-${index}-${channel}`,
        order[index]![1],
        channel,
        granted,
        NOW.toISOString(),
        NOW.toISOString(),
      );
  // A customer in the bin sits right at a cut: it is never exported, and the cut still holds.
  db.prepare(`UPDATE customers SET deleted_at = ? WHERE id = ?`).run(NOW.toISOString(), order[160]![1]);
  live = new Set(
    db
      .prepare(
        `SELECT id FROM customers WHERE deleted_at IS NULL AND merged_into IS NULL AND erased_at IS NULL`,
      )
      .pluck()
      .all() as string[],
  );
}, 120_000);
afterAll(() => shop.close());

describe('CSV export in slices', () => {
  it('has what the slices must carry: labels, tags, consents and referrers', () => {
    const db = shop.core.db;
    expect(runId).not.toBeNull();
    const count = (sql: string): number => db.prepare(sql).pluck().get() as number;
    expect(count(`SELECT count(*) FROM customer_tags`)).toBeGreaterThan(0);
    expect(count(`SELECT count(DISTINCT customer_id) FROM consents`)).toBeGreaterThan(0);
    expect(count(`SELECT count(*) FROM customers WHERE referred_by IS NOT NULL`)).toBeGreaterThan(0);
    const byId = [...order].sort((a, b) => (a[1] < b[1] ? -1 : 1));
    expect(byId.map(([, id]) => id)).not.toEqual(order.map(([, id]) => id));
  });

  it('joins slices that end mid-way, and at a customer not exported, into the one-piece file', async () => {
    const db = shop.core.db;
    const whole = await exportPart(db, OPTIONS, runId);
    const cutAt = [37, 119, 159, 160];
    const cuts = cutAt.map((index) => order[index]!);
    const slices = await Promise.all(
      [null, ...cuts].map((after, index) =>
        exportPart(db, OPTIONS, runId, { after, through: cuts[index] ?? null }),
      ),
    );
    expect(slices.map((slice) => slice.rows)).toEqual(
      [null, ...cutAt].map((after, index) => liveBetween(after, cutAt[index] ?? null)),
    );
    // The slice holding only the binned customer is empty.
    expect(slices[3]!.rows).toBe(0);
    expect(slices.reduce((sum, slice) => sum + slice.rows, 0)).toBe(whole.rows);
    expect(Buffer.concat(slices.map((slice) => slice.bytes)).equals(whole.bytes)).toBe(true);
    // Only the first slice starts the file.
    expect([...slices[0]!.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(slices[1]!.bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);

    // The one-piece file itself has every kind of value filled somewhere.
    const text = whole.bytes.toString('utf8').replace(/^\uFEFF/, '');
    const [header, ...rows] = Papa.parse<string[]>(text.trimEnd()).data;
    const filled = (column: string): number => {
      const index = header!.indexOf(column);
      return rows.filter((row) => (row[index] ?? '') !== '').length;
    };
    for (const column of ['tags', 'consent', 'referred_by', 'segment', 'lifecycle_stage', 'value_tier'])
      expect(filled(column), column).toBeGreaterThan(0);
    expect(text).toContain(`'=SUM(A1:A9)`);
    expect(text).toContain('"two\nlines, ""quoted"""');
  });

  it('cuts the order into even slices for the threads', async () => {
    const db = shop.core.db;
    const keys = exportSplitKeys(db, 2);
    expect(keys).toEqual([order[119]]);
    expect(exportSplitKeys(db, 2, 121)).toEqual([]);
    const whole = await exportPart(db, OPTIONS, runId);
    const first = await exportPart(db, OPTIONS, runId, { after: null, through: keys[0]! });
    const second = await exportPart(db, OPTIONS, runId, { after: keys[0]!, through: null });
    expect(Buffer.concat([first.bytes, second.bytes]).equals(whole.bytes)).toBe(true);
  });

  it('writes the same files through the worker threads, a CSV in two parts', async () => {
    const db = shop.core.db;
    const pool = new ExportWorkerPool(undefined, 2);
    try {
      const inProcess = await exportCustomers(db, OPTIONS);
      const threaded = await exportCustomers(db, OPTIONS, pool.parallelism(shop.dbFile, 1));
      expect(threaded.parts.map((part) => part.rows)).toEqual([
        liveBetween(null, 119),
        liveBetween(119, null),
      ]);
      expect(threaded.rows).toBe(inProcess.rows);
      expect(threaded.bytes.equals(inProcess.bytes)).toBe(true);

      // A filtered export and a vCard too (the vCard is written whole, in one thread).
      const filtered = { ...OPTIONS, filter: { segment: 'champions' } };
      const filteredThreaded = await exportCustomers(db, filtered, pool.parallelism(shop.dbFile, 1));
      expect(filteredThreaded.bytes.equals((await exportCustomers(db, filtered)).bytes)).toBe(true);
      const vcard = { ...OPTIONS, format: 'vcf' as const };
      const vcardThreaded = await exportCustomers(db, vcard, pool.parallelism(shop.dbFile, 1));
      expect(vcardThreaded.parts).toHaveLength(1);
      expect(vcardThreaded.bytes.equals((await exportCustomers(db, vcard)).bytes)).toBe(true);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('reports a worker failure as an error and keeps the pool usable', async () => {
    const pool = new ExportWorkerPool(undefined, 1);
    try {
      const job = { options: OPTIONS, runId, range: { after: null, through: null } };
      await expect(pool.runParts(`${shop.dbFile}.missing`, [job])).rejects.toMatchObject({
        name: 'PatronError',
        code: 'internal',
      });
      const [part] = await pool.runParts(shop.dbFile, [job]);
      expect(part!.bytes.equals((await exportPart(shop.core.db, OPTIONS, runId)).bytes)).toBe(true);
      expect(pool.threadCount).toBe(1);
    } finally {
      await pool.close();
    }
    const job = { options: OPTIONS, runId, range: { after: null, through: null } };
    await expect(pool.runParts(shop.dbFile, [job])).rejects.toMatchObject({ code: 'cancelled' });
  }, 60_000);
});
