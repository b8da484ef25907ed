import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isValidPhoneNumber, parsePhoneNumberWithError } from 'libphonenumber-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMemory, openWritable, type WritableDB } from '../../../src/main/db/connection';
import { migrate } from '../../../src/main/db/migrate';
import { nameSearchKeys } from '../../../src/main/domain/customers/search-keys';
import { compressSummaries, fitBgnbd } from '../../../src/main/analysis/bgnbd';
import {
  demoProcessParameters,
  seedDemoShop,
  type SeedDemoOptions,
  type SeedDemoResult,
} from '../../../src/main/domain/demo';
import { PatronError } from '../../../src/shared/errors';

const END = new Date('2025-06-30T10:00:00.000Z');
const START_ISO = '2023-06-30T10:00:00.000Z';
const END_ISO = END.toISOString();
/** The shop's "today" in Asia/Shanghai at END. */
const TODAY_MONTH_DAY = '06-30';

const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'patron-demo-test-'));
let fileCounter = 0;

interface Seeded {
  readonly file: string;
  readonly db: WritableDB;
  readonly result: SeedDemoResult;
  readonly progress: readonly (readonly [number, number])[];
}

function seedFile(options: Omit<SeedDemoOptions, 'onProgress'>): Seeded {
  const file = path.join(tempDir, `shop-${fileCounter++}.db`);
  const db = openWritable(file);
  migrate(db);
  const progress: [number, number][] = [];
  const result = seedDemoShop(db, { ...options, onProgress: (done, total) => progress.push([done, total]) });
  return { file, db, result, progress };
}

function scalar<T = number>(db: WritableDB, sql: string, ...params: unknown[]): T {
  return db
    .prepare(sql)
    .pluck()
    .get(...params) as T;
}

function tableDigest(db: WritableDB, table: string): string {
  // Insert order matters too (it decides the file's pages), so rowid tables are read in rowid order.
  const order = table === 'customer_tags' ? 'customer_id, tag_id' : 'rowid';
  const rows = db.prepare(`SELECT * FROM ${table} ORDER BY ${order}`).raw().all();
  return createHash('sha256').update(JSON.stringify(rows)).digest('hex');
}

const demoTables = [
  'products',
  'tags',
  'customers',
  'customer_tags',
  'consents',
  'purchases',
  'purchase_lines',
  'interactions',
  'complaints',
  'complaint_events',
  'reminders',
  'campaigns',
  'campaign_contacts',
  'customer_costs',
];

describe('seedDemoShop on a fresh migrated shop file (500 customers, zh-CN)', () => {
  let shop: Seeded;

  beforeAll(() => {
    shop = seedFile({ customers: 500, seed: 7, locale: 'zh-CN', endDate: END });
  });

  afterAll(() => {
    shop.db.close();
  });

  it('reports the rows it wrote', () => {
    const { db, result } = shop;
    expect(result.customers).toBe(500);
    expect(scalar(db, 'SELECT count(*) FROM customers')).toBe(500);
    expect(scalar(db, 'SELECT count(*) FROM purchases')).toBe(result.purchases);
    expect(scalar(db, 'SELECT count(*) FROM purchase_lines')).toBe(result.purchaseLines);
    expect(scalar(db, 'SELECT count(*) FROM interactions')).toBe(result.interactions);
    expect(scalar(db, 'SELECT count(*) FROM complaints')).toBe(result.complaints);
    expect(result.seconds).toBeGreaterThan(0);
    // About ten purchases per customer over 24 months; a heavy-tailed mix, so the band is generous.
    expect(result.purchases / result.customers).toBeGreaterThan(5);
    expect(result.purchases / result.customers).toBeLessThan(20);
    expect(result.purchaseLines).toBeGreaterThan(result.purchases);
  });

  it('leaves a consistent database with the schema exactly as migrated', () => {
    expect(shop.db.pragma('foreign_key_check')).toEqual([]);
    expect(shop.db.pragma('integrity_check', { simple: true })).toBe('ok');
    const schemaOf = (db: WritableDB): unknown[] =>
      db
        .prepare(
          "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .all();
    const fresh = openMemory();
    try {
      migrate(fresh);
      expect(schemaOf(shop.db)).toEqual(schemaOf(fresh));
    } finally {
      fresh.close();
    }
  });

  it('fills the pinyin search keys of every customer exactly as nameSearchKeys does', () => {
    const rows = shop.db.prepare('SELECT name, name_pinyin, name_initials FROM customers').all() as {
      name: string;
      name_pinyin: string;
      name_initials: string;
    }[];
    for (const row of rows) {
      expect(row.name_pinyin).not.toBe('');
      expect(row.name_initials).not.toBe('');
      expect({ pinyin: row.name_pinyin, initials: row.name_initials }).toEqual(nameSearchKeys(row.name));
    }
    const lengths = new Set(rows.map((row) => [...row.name].length));
    expect(lengths.has(2) && lengths.has(3)).toBe(true);
  });

  it('stores valid, unique Chinese mobile numbers as E.164 plus national digits', () => {
    const rows = shop.db
      .prepare('SELECT phone, phone_digits FROM customers WHERE phone IS NOT NULL')
      .all() as {
      phone: string;
      phone_digits: string;
    }[];
    expect(rows.length).toBeGreaterThan(400);
    for (const row of rows) {
      expect(row.phone).toMatch(/^\+861[3-9]\d{9}$/);
      expect(isValidPhoneNumber(row.phone)).toBe(true);
      const parsed = parsePhoneNumberWithError(row.phone);
      expect(parsed.country).toBe('CN');
      expect(parsed.nationalNumber).toBe(row.phone_digits);
    }
    expect(new Set(rows.map((row) => row.phone)).size).toBe(rows.length);
  });

  it('keeps every purchase inside the window and never before the customer was recorded', () => {
    const { db } = shop;
    expect(scalar<string>(db, 'SELECT min(purchased_at) FROM purchases') >= START_ISO).toBe(true);
    expect(scalar<string>(db, 'SELECT max(purchased_at) FROM purchases') <= END_ISO).toBe(true);
    expect(
      scalar(
        db,
        'SELECT count(*) FROM purchases p JOIN customers c ON c.id = p.customer_id WHERE p.purchased_at < c.created_at',
      ),
    ).toBe(0);
    expect(
      scalar(db, 'SELECT count(*) FROM customers WHERE created_at > ? OR created_at < ?', END_ISO, START_ISO),
    ).toBe(0);
    expect(scalar(db, 'SELECT count(*) FROM interactions WHERE occurred_at > ?', END_ISO)).toBe(0);
    expect(scalar(db, 'SELECT count(*) FROM complaint_events WHERE at > ?', END_ISO)).toBe(0);
  });

  it('sells during opening hours (07:30–21:00 Shanghai time)', () => {
    const outside = scalar(
      shop.db,
      `SELECT count(*) FROM purchases
       WHERE time(purchased_at, '+8 hours') < '07:30:00' OR time(purchased_at, '+8 hours') > '21:00:00'`,
    );
    expect(outside).toBe(0);
  });

  it('follows the money rule: total = Σ line amounts − Σ line discounts, discount = Σ line discounts', () => {
    const { db } = shop;
    const mismatches = scalar(
      db,
      `SELECT count(*) FROM (
         SELECT p.id FROM purchases p JOIN purchase_lines l ON l.purchase_id = p.id
         GROUP BY p.id
         HAVING sum(l.amount_minor) - sum(l.discount_minor) <> p.total_minor OR sum(l.discount_minor) <> p.discount_minor)`,
    );
    expect(mismatches).toBe(0);
    expect(
      scalar(
        db,
        'SELECT count(*) FROM purchases p WHERE NOT EXISTS (SELECT 1 FROM purchase_lines l WHERE l.purchase_id = p.id)',
      ),
    ).toBe(0);
    expect(scalar(db, 'SELECT count(*) FROM purchases WHERE (is_return = 1) <> (total_minor < 0)')).toBe(0);
    expect(scalar(db, 'SELECT count(*) FROM purchases WHERE is_return = 1')).toBeGreaterThan(0);
    expect(scalar(db, 'SELECT count(*) FROM purchases WHERE discount_minor > 0')).toBeGreaterThan(0);
  });

  it('refunds only products the customer bought before', () => {
    const orphanRefunds = scalar(
      shop.db,
      `SELECT count(*) FROM purchases r JOIN purchase_lines rl ON rl.purchase_id = r.id
       WHERE r.is_return = 1 AND NOT EXISTS (
         SELECT 1 FROM purchases p JOIN purchase_lines pl ON pl.purchase_id = p.id
         WHERE p.customer_id = r.customer_id AND p.is_return = 0 AND pl.product_id = rl.product_id
           AND p.purchased_at < r.purchased_at)`,
    );
    expect(orphanRefunds).toBe(0);
  });

  it('has a heterogeneous customer base: regulars, one-off visitors and customers who stopped long ago', () => {
    const { db } = shop;
    const perCustomer = db
      .prepare(
        `SELECT count(p.id) AS n, max(p.purchased_at) AS last FROM customers c
         LEFT JOIN purchases p ON p.customer_id = c.id AND p.is_return = 0 GROUP BY c.id`,
      )
      .all() as { n: number; last: string | null }[];
    const counts = perCustomer.map((row) => row.n);
    expect(Math.max(...counts)).toBeGreaterThanOrEqual(40);
    expect(counts.filter((n) => n === 1).length / counts.length).toBeGreaterThan(0.1);
    expect(counts.filter((n) => n === 0).length).toBeGreaterThan(0);
    const halfYearAgo = new Date(END.getTime() - 180 * 86_400_000).toISOString();
    const lapsedRegulars = perCustomer.filter(
      (row) => row.n >= 3 && row.last !== null && row.last < halfYearAgo,
    );
    expect(lapsedRegulars.length).toBeGreaterThan(5);
  });

  it('has promotion-driven customers without discounting most purchases', () => {
    const { db } = shop;
    const promotionDriven = scalar(
      db,
      `SELECT count(*) FROM (
         SELECT customer_id FROM purchases WHERE is_return = 0 GROUP BY customer_id
         HAVING count(*) >= 5 AND 2 * sum(discount_minor > 0) >= count(*))`,
    );
    expect(promotionDriven).toBeGreaterThan(0);
    const discountedShare = scalar(db, 'SELECT avg(discount_minor > 0) FROM purchases WHERE is_return = 0');
    expect(discountedShare).toBeLessThan(0.4);
  });

  it('describes customers like a real shop archive', () => {
    const { db } = shop;
    expect(
      scalar(
        db,
        "SELECT count(*) FROM customers WHERE member_no IS NOT NULL AND member_no NOT GLOB 'D1-[0-9][0-9][0-9][0-9][0-9][0-9]'",
      ),
    ).toBe(0);
    expect(scalar(db, 'SELECT count(*) FROM customers WHERE member_no IS NOT NULL')).toBeGreaterThan(250);
    const organizations = scalar(db, "SELECT count(*) FROM customers WHERE kind = 'organization'");
    expect(organizations).toBeGreaterThan(0);
    expect(organizations).toBeLessThan(40);
    expect(
      scalar(
        db,
        "SELECT count(*) FROM customers WHERE kind = 'organization' AND (company_name IS NULL OR contact_person IS NULL)",
      ),
    ).toBe(0);
    expect(scalar(db, 'SELECT count(*) FROM customers WHERE referred_by IS NOT NULL')).toBeGreaterThan(0);
    expect(
      scalar(
        db,
        'SELECT count(*) FROM customers c JOIN customers r ON r.id = c.referred_by WHERE r.created_at > c.created_at',
      ),
    ).toBe(0);
    expect(
      scalar(
        db,
        'SELECT count(*) FROM customers c JOIN customers o ON o.id = c.organization_id WHERE o.created_at > c.created_at',
      ),
    ).toBe(0);
    expect(
      scalar(
        db,
        "SELECT count(*) FROM customers c JOIN customers o ON o.id = c.organization_id WHERE o.kind <> 'organization'",
      ),
    ).toBe(0);
    expect(scalar(db, 'SELECT count(DISTINCT gender) FROM customers')).toBe(3);
    expect(scalar(db, "SELECT count(*) FROM customers WHERE email LIKE '%@%'")).toBeGreaterThan(50);
    expect(scalar(db, 'SELECT count(*) FROM customers WHERE wechat IS NOT NULL')).toBeGreaterThan(100);
    expect(scalar(db, 'SELECT count(DISTINCT source) FROM customers')).toBeGreaterThanOrEqual(5);
    expect(scalar(db, 'SELECT count(DISTINCT customer_id) FROM consents')).toBeGreaterThan(350);
  });

  it('gives adults birthdays, some of them today and this week', () => {
    const { db } = shop;
    expect(
      scalar(db, "SELECT count(*) FROM customers WHERE strftime('%m-%d', birthday) = ?", TODAY_MONTH_DAY),
    ).toBeGreaterThan(0);
    const youngest = scalar<string>(db, 'SELECT max(birthday) FROM customers');
    expect(youngest <= '2007-06-30').toBe(true);
    expect(
      scalar(db, "SELECT count(*) FROM reminders WHERE kind = 'birthday' AND done_at IS NULL"),
    ).toBeGreaterThan(0);
  });

  it('tags customers with coloured tags, VIP among them', () => {
    const { db } = shop;
    expect(
      scalar(
        db,
        "SELECT count(*) FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id WHERE t.name = 'VIP'",
      ),
    ).toBeGreaterThan(0);
    expect(scalar(db, 'SELECT count(DISTINCT color) FROM tags')).toBeGreaterThanOrEqual(8);
    expect(scalar(db, "SELECT count(*) FROM tags WHERE name IN ('学生', '上班族', '附近居民')")).toBe(3);
  });

  it('has complaints in every workflow status, each with its full status trail', () => {
    const { db } = shop;
    const statuses = db.prepare('SELECT DISTINCT status FROM complaints ORDER BY status').pluck().all();
    expect(statuses).toEqual(['cause_analysed', 'followed_up', 'in_progress', 'received', 'resolved']);
    const order = ['received', 'cause_analysed', 'in_progress', 'resolved', 'followed_up'];
    const complaints = db.prepare('SELECT id, status, received_at, updated_at FROM complaints').all() as {
      id: string;
      status: string;
      received_at: string;
      updated_at: string;
    }[];
    const events = db.prepare(
      'SELECT to_status, from_status, at FROM complaint_events WHERE complaint_id = ? ORDER BY at, rowid',
    );
    for (const complaint of complaints) {
      const trail = events.all(complaint.id) as {
        to_status: string;
        from_status: string | null;
        at: string;
      }[];
      expect(trail.map((event) => event.to_status)).toEqual(
        order.slice(0, order.indexOf(complaint.status) + 1),
      );
      expect(trail[0]?.from_status).toBeNull();
      expect(trail[0]?.at).toBe(complaint.received_at);
      expect(trail[trail.length - 1]?.at).toBe(complaint.updated_at);
    }
    expect(
      scalar(
        db,
        "SELECT count(*) FROM complaints WHERE status = 'followed_up' AND followup_satisfaction IS NULL",
      ),
    ).toBe(0);
    expect(
      scalar(db, 'SELECT count(*) FROM complaints c JOIN interactions i ON i.id = c.interaction_id'),
    ).toBe(complaints.length);
  });

  it('records satisfaction and recommend scores on some interactions, and open reminders', () => {
    const { db } = shop;
    expect(scalar(db, 'SELECT count(*) FROM interactions WHERE satisfaction IS NOT NULL')).toBeGreaterThan(
      20,
    );
    expect(scalar(db, 'SELECT count(*) FROM interactions WHERE recommend IS NOT NULL')).toBeGreaterThan(10);
    expect(scalar(db, 'SELECT count(DISTINCT channel) FROM interactions')).toBeGreaterThanOrEqual(5);
    expect(scalar(db, 'SELECT count(*) FROM reminders WHERE done_at IS NULL')).toBeGreaterThan(0);
  });

  it('uses UUIDv7 ids whose time is the record time', () => {
    const rows = shop.db.prepare('SELECT id, purchased_at FROM purchases LIMIT 200').all() as {
      id: string;
      purchased_at: string;
    }[];
    for (const row of rows) {
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const ms = parseInt(row.id.replace(/-/g, '').slice(0, 12), 16);
      expect(new Date(ms).toISOString()).toBe(row.purchased_at);
    }
  });

  it('reports progress a bounded number of times, ending at done = total', () => {
    expect(shop.progress.length).toBeGreaterThan(10);
    expect(shop.progress.length).toBeLessThanOrEqual(300);
    const last = shop.progress[shop.progress.length - 1];
    expect(last?.[0]).toBe(last?.[1]);
    for (let i = 1; i < shop.progress.length; i++) {
      expect(shop.progress[i]![0]).toBeGreaterThan(shop.progress[i - 1]![0]);
    }
  });

  it('refuses to seed a shop that already has customers', () => {
    expect(() => seedDemoShop(shop.db, { customers: 10, locale: 'zh-CN', endDate: END })).toThrow(
      PatronError,
    );
  });
});

describe('seedDemoShop determinism', () => {
  it('writes identical files for the same seed and end date, and different data for another seed', () => {
    const first = seedFile({ customers: 300, seed: 42, locale: 'zh-CN', endDate: END });
    const second = seedFile({ customers: 300, seed: 42, locale: 'zh-CN', endDate: END });
    const other = seedFile({ customers: 300, seed: 43, locale: 'zh-CN', endDate: END });
    try {
      for (const table of demoTables) {
        expect(tableDigest(second.db, table), table).toBe(tableDigest(first.db, table));
      }
      expect(tableDigest(other.db, 'customers')).not.toBe(tableDigest(first.db, 'customers'));
      expect(tableDigest(other.db, 'purchases')).not.toBe(tableDigest(first.db, 'purchases'));
      expect({ ...second.result, seconds: 0 }).toEqual({ ...first.result, seconds: 0 });
    } finally {
      first.db.close();
      second.db.close();
      other.db.close();
    }
    expect(fs.readFileSync(second.file).equals(fs.readFileSync(first.file))).toBe(true);
  });
});

describe('seedDemoShop in English', () => {
  it('writes valid US mobile numbers, English names and dollar prices', () => {
    const shop = seedFile({ customers: 300, seed: 3, locale: 'en', endDate: END });
    try {
      const phones = shop.db
        .prepare('SELECT phone, phone_digits FROM customers WHERE phone IS NOT NULL')
        .all() as {
        phone: string;
        phone_digits: string;
      }[];
      expect(phones.length).toBeGreaterThan(200);
      for (const row of phones) {
        expect(isValidPhoneNumber(row.phone)).toBe(true);
        const parsed = parsePhoneNumberWithError(row.phone);
        expect(parsed.country).toBe('US');
        expect(parsed.nationalNumber).toBe(row.phone_digits);
      }
      expect(scalar(shop.db, "SELECT count(*) FROM customers WHERE name GLOB '*[^A-Za-z &''.()#-]*'")).toBe(
        0,
      );
      expect(
        scalar(shop.db, "SELECT count(*) FROM products WHERE name = 'Latte' AND price_minor = 495"),
      ).toBe(1);
      expect(shop.db.pragma('foreign_key_check')).toEqual([]);
    } finally {
      shop.db.close();
    }
  });
});

describe('seedDemoShop statistical truths (10,000 customers, in memory)', () => {
  let db: WritableDB;
  let result: SeedDemoResult;

  beforeAll(() => {
    db = openMemory();
    migrate(db);
    result = seedDemoShop(db, { customers: 10_000, seed: 11, locale: 'zh-CN', endDate: END });
  });

  afterAll(() => db.close());

  it('averages about ten purchases per customer over 24 months', () => {
    const perCustomer = result.purchases / result.customers;
    expect(perCustomer).toBeGreaterThan(8);
    expect(perCustomer).toBeLessThan(12.5);
  });

  it('sells more each month as the customer base grows', () => {
    const first = scalar(db, "SELECT count(*) FROM purchases WHERE purchased_at < '2023-10-01'");
    const last = scalar(db, "SELECT count(*) FROM purchases WHERE purchased_at >= '2025-03-30'");
    expect(last).toBeGreaterThan(2 * first);
  });

  it('puts true co-occurrences in the baskets (latte → croissant, beans → filter papers)', () => {
    const lift = (antecedent: string, consequent: string): number => {
      const baskets = scalar(db, 'SELECT count(*) FROM purchases WHERE is_return = 0');
      const withItem = (name: string): number =>
        scalar(
          db,
          'SELECT count(DISTINCT purchase_id) FROM purchase_lines WHERE product_name = ? AND quantity > 0',
          name,
        );
      const both = scalar(
        db,
        `SELECT count(DISTINCT a.purchase_id) FROM purchase_lines a JOIN purchase_lines b ON b.purchase_id = a.purchase_id
         WHERE a.product_name = ? AND b.product_name LIKE ? AND a.quantity > 0`,
        antecedent,
        consequent,
      );
      const consequentCount = scalar(
        db,
        'SELECT count(DISTINCT purchase_id) FROM purchase_lines WHERE product_name LIKE ? AND quantity > 0',
        consequent,
      );
      return both / withItem(antecedent) / (consequentCount / baskets);
    };
    expect(lift('拿铁', '牛角可颂')).toBeGreaterThan(1.5);
    expect(lift('伯爵红茶', '司康')).toBeGreaterThan(2);
    expect(lift('埃塞俄比亚耶加雪菲 250g', '滤纸%')).toBeGreaterThan(3);
  });

  it('lets a BG/NBD fit recover the process it was generated from', () => {
    // Distinct purchase days in shop time (Asia/Shanghai), as the literature and the analysis count them.
    const endDay = Math.floor((END.getTime() / 1000 + 8 * 3600) / 86_400);
    const rows = db
      .prepare(
        `SELECT customer_id AS customer, min(day) AS first, max(day) AS last, count(*) AS days FROM (
           SELECT DISTINCT customer_id, CAST((unixepoch(purchased_at) + 28800) / 86400 AS INTEGER) AS day
           FROM purchases WHERE is_return = 0)
         GROUP BY customer_id`,
      )
      .all() as { customer: string; first: number; last: number; days: number }[];
    const fit = fitBgnbd(
      compressSummaries(
        rows.map((row) => ({ x: row.days - 1, tx: row.last - row.first, T: endDay - row.first })),
      ),
    );
    const truth = demoProcessParameters;
    expect(fit.converged).toBe(true);
    // Weekday habits and opening hours bend the pure process a little, so the bands are loose
    // but still far tighter than what any other process would give.
    expect(fit.a / truth.a).toBeGreaterThan(0.7);
    expect(fit.a / truth.a).toBeLessThan(1.4);
    expect(fit.b / truth.b).toBeGreaterThan(0.7);
    expect(fit.b / truth.b).toBeLessThan(1.5);
    expect(fit.r / truth.r).toBeGreaterThan(0.5);
    expect(fit.r / truth.r).toBeLessThan(1.5);
    const meanRate = fit.r / fit.alpha;
    expect(meanRate / (truth.r / truth.alpha)).toBeGreaterThan(0.65);
    expect(meanRate / (truth.r / truth.alpha)).toBeLessThan(1.35);
  });

  it('splits complaint causes about one third product, two thirds communication, waiting and attitude', () => {
    const analysed = scalar(db, 'SELECT count(*) FROM complaints WHERE cause IS NOT NULL');
    const quality = scalar(db, "SELECT count(*) FROM complaints WHERE cause = 'quality'");
    const service = scalar(
      db,
      "SELECT count(*) FROM complaints WHERE cause IN ('communication', 'waiting', 'attitude')",
    );
    expect(analysed).toBeGreaterThan(40);
    expect(quality / analysed).toBeGreaterThan(0.15);
    expect(quality / analysed).toBeLessThan(0.5);
    expect(service / analysed).toBeGreaterThan(0.45);
  });

  it('makes customers who stay longer more satisfied (the satisfaction–loyalty link)', () => {
    const rows = db
      .prepare(
        `SELECT avg(i.satisfaction) AS satisfaction, (SELECT count(*) FROM purchases p WHERE p.customer_id = i.customer_id) AS n
         FROM interactions i WHERE i.satisfaction IS NOT NULL AND i.id NOT IN (SELECT interaction_id FROM complaints)
         GROUP BY i.customer_id`,
      )
      .all() as { satisfaction: number; n: number }[];
    const mean = (values: number[]): number => values.reduce((sum, v) => sum + v, 0) / values.length;
    const loyal = rows.filter((row) => row.n >= 20).map((row) => row.satisfaction);
    const fleeting = rows.filter((row) => row.n <= 2).map((row) => row.satisfaction);
    expect(loyal.length).toBeGreaterThan(30);
    expect(fleeting.length).toBeGreaterThan(30);
    expect(mean(loyal)).toBeGreaterThan(mean(fleeting) + 0.2);
  });

  it('soft-deletes a few customers and spends more on weekday mornings for office workers', () => {
    const deleted = scalar(db, 'SELECT count(*) FROM customers WHERE deleted_at IS NOT NULL');
    expect(deleted).toBeGreaterThan(0);
    expect(deleted).toBeLessThan(200);
    const afterDeletion = scalar(
      db,
      `SELECT (SELECT count(*) FROM purchases p JOIN customers c ON c.id = p.customer_id WHERE p.purchased_at > c.deleted_at)
            + (SELECT count(*) FROM interactions i JOIN customers c ON c.id = i.customer_id WHERE i.occurred_at > c.deleted_at)`,
    );
    expect(afterDeletion).toBe(0);
    const officeMorning = scalar(
      db,
      `SELECT avg(time(p.purchased_at, '+8 hours') < '10:00:00') FROM purchases p
       JOIN customer_tags ct ON ct.customer_id = p.customer_id JOIN tags t ON t.id = ct.tag_id AND t.name = '上班族'`,
    );
    const studentMorning = scalar(
      db,
      `SELECT avg(time(p.purchased_at, '+8 hours') < '10:00:00') FROM purchases p
       JOIN customer_tags ct ON ct.customer_id = p.customer_id JOIN tags t ON t.id = ct.tag_id AND t.name = '学生'`,
    );
    expect(officeMorning).toBeGreaterThan(studentMorning + 0.2);
  });
});

afterAll(() => {
  fs.rmSync(tempDir, { recursive: true, force: true });
});
