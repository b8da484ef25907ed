/**
 * Seeds the demo café into a fresh temp shop file and prints how long it
 * took and what was written. Not a test (no timed assertion); run with
 *   npx tsx test/bench/seed.bench.ts [customers=100000] [locale=zh-CN] [seed=1]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openWritable } from '../../src/main/db/connection';
import { migrate } from '../../src/main/db/migrate';
import { seedDemoShop } from '../../src/main/domain/demo';

const customers = Number(process.argv[2] ?? 100_000);
const locale = process.argv[3] === 'en' ? 'en' : 'zh-CN';
const seed = Number(process.argv[4] ?? 1);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'patron-seed-bench-'));
const file = path.join(dir, 'shop.db');
const db = openWritable(file);
try {
  migrate(db);
  let progressCalls = 0;
  const cpuBefore = process.cpuUsage();
  const result = seedDemoShop(db, {
    customers,
    locale,
    seed,
    endDate: new Date('2025-06-30T10:00:00Z'),
    onProgress: () => progressCalls++,
  });
  const cpu = process.cpuUsage(cpuBefore);
  const count = (sql: string): number => (db.prepare(sql).pluck().get() as number | undefined) ?? 0;
  const rows = {
    customers: count('SELECT count(*) FROM customers'),
    purchases: count('SELECT count(*) FROM purchases'),
    returns: count('SELECT count(*) FROM purchases WHERE is_return = 1'),
    discounted: count('SELECT count(*) FROM purchases WHERE discount_minor > 0'),
    purchaseLines: count('SELECT count(*) FROM purchase_lines'),
    interactions: count('SELECT count(*) FROM interactions'),
    complaints: count('SELECT count(*) FROM complaints'),
    complaintEvents: count('SELECT count(*) FROM complaint_events'),
    reminders: count('SELECT count(*) FROM reminders'),
    consents: count('SELECT count(*) FROM consents'),
    customerTags: count('SELECT count(*) FROM customer_tags'),
    campaignContacts: count('SELECT count(*) FROM campaign_contacts'),
    customerCosts: count('SELECT count(*) FROM customer_costs'),
  };
  const checkStarted = performance.now();
  const violations = db.pragma('foreign_key_check') as unknown[];
  console.log(
    `PRAGMA foreign_key_check: ${violations.length} violations, ${((performance.now() - checkStarted) / 1000).toFixed(2)} s`,
  );
  db.pragma('wal_checkpoint(TRUNCATE)');
  const megabytes = fs.statSync(file).size / 1024 / 1024;
  console.log(
    `seedDemoShop(${customers} customers, ${locale}, seed ${seed}): ${result.seconds.toFixed(2)} s wall, ` +
      `${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU (user ${(cpu.user / 1e6).toFixed(2)}, system ${(cpu.system / 1e6).toFixed(2)})`,
  );
  console.log(
    `progress callbacks: ${progressCalls}; file size after checkpoint: ${megabytes.toFixed(0)} MiB`,
  );
  console.log(`purchases per customer: ${(rows.purchases / rows.customers).toFixed(2)}`);
  console.table(rows);
} finally {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
