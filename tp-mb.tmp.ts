import Database from 'better-sqlite3';
import { newId } from './src/main/db/ids';
const db = new Database('/tmp/tp/mb.db');
db.pragma('journal_mode=WAL'); db.pragma('foreign_keys=ON'); db.pragma('cache_size=-524288'); db.pragma('temp_store=MEMORY');
const ids = db.prepare('select id from customers').pluck().all() as string[];
const ins = db.prepare(`INSERT OR IGNORE INTO purchases (id, customer_id, purchased_at, total_minor, discount_minor, is_return,
         payment_method, channel, staff, note, external_ref, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
for (const mode of (process.env.MODES ?? 'plain,savepoint').split(',')) {
  db.exec('BEGIN');
  if (mode.includes('savepoint')) db.exec('SAVEPOINT a');
  if (mode.includes('drop')) db.exec('DROP TRIGGER purchases_summary_ai');
  const s = performance.now();
  for (let i = 0; i < Number(process.env.ROWS ?? 40000); i++) { ins.run(newId(), ids[i % ids.length], `2025-0${1 + i % 9}-01T00:00:00Z`, 100, 0, 0, null, null, null, null, `auto:${Math.random().toString(36).slice(2)}${i}:1`, 'n', 'n'); if (i % 10000 === 9999) console.log(mode, i + 1, (performance.now() - s).toFixed(0), 'ms'); }
  db.exec('ROLLBACK');
}
