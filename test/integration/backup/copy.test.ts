import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openWritable, type WritableDB } from '../../../src/main/db/connection';
import { copyInWorkerCountingSteps, verifyInWorker } from '../../../src/main/domain/backup/verify-worker';
import { tempDir } from '../../helpers/cli';

const WRITE_CAP = 10_000;
const opened: WritableDB[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

/** A WAL shop-like file of about 1,500 pages, with two tables every write touches together. */
function busyFile(): { file: string; db: WritableDB } {
  const file = path.join(tempDir('patron-copy-'), 'shop.db');
  const db = openWritable(file);
  opened.push(db);
  db.exec(`CREATE TABLE sales (id INTEGER PRIMARY KEY, note TEXT NOT NULL);
           CREATE TABLE sale_lines (id INTEGER PRIMARY KEY, sale_id INTEGER NOT NULL)`);
  const sale = db.prepare(`INSERT INTO sales (note) VALUES (?)`);
  const line = db.prepare(`INSERT INTO sale_lines (sale_id) VALUES (?)`);
  db.transaction(() => {
    for (let i = 0; i < 3000; i++) line.run(sale.run('x'.repeat(1500)).lastInsertRowid);
  })();
  return { file, db };
}

describe('the online copy in a worker', () => {
  it('finishes while the shop keeps writing, as one consistent snapshot (small steps, so a write lands between steps)', async () => {
    const { file, db } = busyFile();
    const sale = db.prepare(`INSERT INTO sales (note) VALUES ('during')`);
    const line = db.prepare(`INSERT INTO sale_lines (sale_id) VALUES (?)`);
    const writeOne = db.transaction(() => line.run(sale.run().lastInsertRowid));
    let copying = true;
    let writes = 0;
    let writesWhenCopied = -1;
    // Writes go on until the copy is done; without one held snapshot every write restarts the copy
    // and it would only finish once the writes stop (the cap keeps that case finite).
    const writer = (async () => {
      while (copying && writes < WRITE_CAP) {
        writeOne();
        writes++;
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const target = path.join(path.dirname(file), 'copy.db');
    const pages = db.pragma('page_count', { simple: true }) as number;
    const { problem, steps } = await copyInWorkerCountingSteps(file, target, 8);
    writesWhenCopied = writes;
    copying = false;
    await writer;

    expect(problem).toBeNull();
    // Never restarted: one pass of 8-page steps (plus better-sqlite3's first steps of 0 and 100 pages).
    expect(steps).toBeLessThanOrEqual(Math.ceil(pages / 8) + 2);
    expect(writesWhenCopied).toBeGreaterThan(0);
    expect(writesWhenCopied).toBeLessThan(WRITE_CAP);
    expect(await verifyInWorker(target)).toBeNull();
    const copy = new Database(target, { readonly: true });
    try {
      const sales = copy.prepare(`SELECT COUNT(*) FROM sales`).pluck().get() as number;
      const lines = copy.prepare(`SELECT COUNT(*) FROM sale_lines`).pluck().get() as number;
      // One snapshot: every sale with its line, none from after the copy began… or ended.
      expect(sales).toBe(lines);
      expect(sales).toBeGreaterThanOrEqual(3000);
      expect(sales).toBeLessThanOrEqual(3000 + writesWhenCopied);
      // Rollback-journal mode, so checking it leaves no -wal/-shm behind.
      expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
    } finally {
      copy.close();
    }
  });
});
