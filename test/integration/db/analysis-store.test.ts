/**
 * The analysis store beside the shop file (src/main/db/analysis-store.ts): created with the shop's
 * writer, started afresh when it cannot be used, read-only for readers, and written by workers.
 */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  ANALYSIS_STORE_VERSION,
  analysisStoreFileFor,
  openAnalysisStoreWriter,
} from '../../../src/main/db/analysis-store';
import { removeDatabaseFile } from '../../../src/main/db/files';
import { openReadable, openWritable } from '../../../src/main/db/connection';
import { migrate } from '../../../src/main/db/migrate';
import { deleteStoredRuns, SnapshotWriter } from '../../../src/main/domain/analysis/snapshot-store.repo';
import { SNAPSHOT_ROW_COLUMNS, type SqlValue } from '../../../src/main/domain/analysis/snapshot-rows';
import { REQUIRED_SNAPSHOT_VALUES, snapshotRow } from '../../helpers/snapshot-row';
import { tempDir } from '../../helpers/cli';
import { openTestShop } from '../../helpers/core';
import { insertRunningRun } from '../../../src/main/domain/analysis/analysis.repo';
import { defaultAnalysisSettings } from '../../../src/shared/analysis/settings';

/** A snapshot row with only the key and the required columns set. */
const row = (customerId: string): SqlValue[] => snapshotRow(customerId, REQUIRED_SNAPSHOT_VALUES);

function newShop(): string {
  const file = path.join(tempDir(), 'shop.db');
  const db = openWritable(file);
  migrate(db);
  db.close();
  return file;
}

const storeVersion = (file: string): number => {
  const db = new Database(file, { readonly: true });
  try {
    return db.pragma('user_version', { simple: true }) as number;
  } finally {
    db.close();
  }
};

describe('the analysis store', () => {
  it('is created beside the shop file by its writer, at the current version', () => {
    const file = newShop();
    expect(existsSync(analysisStoreFileFor(file))).toBe(true);
    expect(storeVersion(analysisStoreFileFor(file))).toBe(ANALYSIS_STORE_VERSION);
  });

  it('is started afresh when it is of another version or not a database at all', () => {
    const file = newShop();
    const store = analysisStoreFileFor(file);
    const writer = new SnapshotWriter(file, 'r1');
    writer.write([row('c1')]);
    writer.complete();
    writer.close();
    // Another version: a newer Patron's, say.
    const other = new Database(store);
    other.pragma(`user_version = ${ANALYSIS_STORE_VERSION + 1}`);
    other.close();
    let db = openWritable(file);
    expect(db.prepare(`SELECT count(*) FROM local_analysis_snapshot`).pluck().get()).toBe(0);
    expect(db.pragma('analysis.user_version', { simple: true })).toBe(ANALYSIS_STORE_VERSION);
    db.close();
    // Garbage where the store goes.
    for (const suffix of ['-wal', '-shm']) writeFileSync(store + suffix, '');
    writeFileSync(store, 'this is not a database, just some bytes long enough to be read as a header');
    db = openWritable(file);
    expect(db.prepare(`SELECT count(*) FROM local_analysis_snapshot_runs`).pluck().get()).toBe(0);
    db.close();
  });

  it('is read-only for readers, and the worker writes never leave a checkpoint to main', () => {
    const file = newShop();
    const main = openWritable(file);
    try {
      const writer = new SnapshotWriter(file, 'r1');
      writer.write([row('c1'), row('c2')]);
      writer.complete();
      writer.close();
      // The writer does not checkpoint: the rows are in the store's WAL until the prune.
      expect(statSync(`${analysisStoreFileFor(file)}-wal`).size).toBeGreaterThan(0);
      const reader = openReadable(file, { analysisStore: true });
      try {
        expect(
          reader.prepare(`SELECT count(*) FROM local_analysis_snapshot WHERE run_id = 'r1'`).pluck().get(),
        ).toBe(2);
        expect(() => reader.prepare(`DELETE FROM local_analysis_snapshot`).run()).toThrow(/readonly/);
      } finally {
        reader.close();
      }
      expect(
        main.prepare(`SELECT rows FROM local_analysis_snapshot_runs WHERE run_id = 'r1'`).pluck().get(),
      ).toBe(2);
      expect(deleteStoredRuns(file, ['r1'])).toBe(2);
      expect(main.prepare(`SELECT count(*) FROM local_analysis_snapshot_runs`).pluck().get()).toBe(0);
      expect(statSync(`${analysisStoreFileFor(file)}-wal`).size).toBe(0);
    } finally {
      main.close();
    }
  });

  it('is opened by readers only where it exists, and created by a worker that writes it', () => {
    const file = newShop();
    removeDatabaseFile(analysisStoreFileFor(file));
    // A reader neither fails nor creates it: it simply has no snapshot.
    const reader = openReadable(file, { analysisStore: true });
    try {
      expect(() => reader.prepare(`SELECT count(*) FROM local_analysis_snapshot`).get()).toThrow(
        /no such table/,
      );
    } finally {
      reader.close();
    }
    expect(existsSync(analysisStoreFileFor(file))).toBe(false);
    openAnalysisStoreWriter(file).close();
    expect(storeVersion(analysisStoreFileFor(file))).toBe(ANALYSIS_STORE_VERSION);
  });

  it('is not checkpointed on main when an erasure deletes rows while a run’s rows fill its WAL', async () => {
    const shop = await openTestShop();
    try {
      const { id } = await shop.staff.call('customers.create', { name: 'Gone Soon' });
      await shop.staff.call('customers.delete', { ids: [id] });
      // A run's rows, past SQLite's 1000-page automatic checkpoint, still in the store's WAL.
      shop.core.db.transaction(() =>
        insertRunningRun(shop.core.db, {
          id: 'r-big',
          startedAt: '2026-01-01T00:00:00.000Z',
          asOf: '2026-01-01',
          timeUnit: 'day',
          params: defaultAnalysisSettings,
        }),
      )();
      const writer = new SnapshotWriter(shop.dbFile, 'r-big');
      const filler = 'x'.repeat(400);
      const rows = Array.from({ length: 12_000 }, (_v, i) => {
        const values = row(i === 0 ? id : `c${String(i).padStart(6, '0')}`);
        values[SNAPSHOT_ROW_COLUMNS.indexOf('suggestions')] = filler;
        return values;
      });
      writer.write(rows);
      writer.close();
      const store = analysisStoreFileFor(shop.dbFile);
      const before = statSync(store).size;
      expect(statSync(`${store}-wal`).size).toBeGreaterThan(1000 * 4096);
      await shop.owner.call('customers.erase', { ids: [id] });
      expect(
        shop.core.db
          .prepare(`SELECT count(*) FROM local_analysis_snapshot WHERE customer_id = ?`)
          .pluck()
          .get(id),
      ).toBe(0);
      // Nothing was copied from the WAL into the store's file.
      expect(statSync(store).size).toBe(before);
    } finally {
      await shop.close();
    }
  });
});
