/**
 * What a restore keeps from the file it replaces. A backup brings back the shop's data as it was,
 * but two things belong to now, not to the day the backup was taken:
 * - the erasure ledger (PIPL/GDPR): people erased since the backup must stay erased;
 * - this PC's own settings (`local_settings`: the backup folder, the interface language, remembered
 *   import mappings, the wrong-PIN record). Without them the Backups list after a restore showed
 *   the folder the backup remembered instead of the one the owner uses now — the restored file's
 *   own backups rather than the ones just restored from.
 */
import { existsSync } from 'node:fs';
import { openReadable, type ReadableDB, type WritableDB } from '../../db/connection';
import { logger } from '../../core/logger';
import { readErasureLedger, reapplyErasures, type ErasureLedgerEntry } from '../privacy/erasure';

export interface LocalSettingRow {
  readonly key: string;
  readonly value: string;
  readonly updatedAt: string;
}

export interface CarriedState {
  readonly ledger: readonly ErasureLedgerEntry[];
  /** Null when the replaced file could not say (missing, or too damaged to read). */
  readonly localSettings: readonly LocalSettingRow[] | null;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function attempt<T>(read: () => T): T | null {
  try {
    return read();
  } catch {
    return null;
  }
}

/**
 * Reads the file about to be replaced, with its writer closed so every commit is in. A damaged
 * file gives what it still can (damage is why one restores): the restored file's own ledger and
 * settings then stand.
 */
export function readCarriedState(dbFile: string): CarriedState {
  if (!existsSync(dbFile)) return { ledger: [], localSettings: null };
  let db: ReadableDB;
  try {
    db = openReadable(dbFile);
  } catch {
    return { ledger: [], localSettings: null };
  }
  try {
    const ledger = attempt(() => readErasureLedger(db)) ?? [];
    const localSettings = attempt(() =>
      (
        db
          .prepare(`SELECT key, value, updated_at AS updatedAt FROM local_settings`)
          .all() as LocalSettingRow[]
      ).filter((row) => isJson(row.value)),
    );
    return { ledger, localSettings };
  } finally {
    db.close();
  }
}

/**
 * Applies the carried state to the freshly restored (and migrated) file: erases again, then puts
 * this PC's settings back in place of the backup's. Returns how many people were erased again.
 */
export function applyCarriedState(db: WritableDB, state: CarriedState, at: string): number {
  const reErased = reapplyErasures(db, at, state.ledger);
  const settings = state.localSettings;
  if (settings !== null) {
    try {
      db.transaction(() => {
        db.prepare(`DELETE FROM local_settings`).run();
        const insert = db.prepare(
          `INSERT INTO local_settings (key, value, updated_at) VALUES (@key, @value, @updatedAt)`,
        );
        for (const row of settings) insert.run(row);
      })();
    } catch (error) {
      // The restore itself is done and sound; only the PC's settings fall back to the backup's.
      logger.warn(
        'the settings of this PC could not be carried over the restore',
        error instanceof Error ? error.message : String(error),
      );
    }
  }
  return reErased;
}
