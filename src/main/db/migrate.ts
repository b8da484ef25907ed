import type { WritableDB, ReadableDB } from './connection';
import { latestSchemaVersion, migrations as allMigrations } from './migrations';
import type { Migration } from './migrations/types';
import { PatronError } from '../../shared/errors';

export function schemaVersion(db: ReadableDB): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export interface MigrationOutcome {
  readonly from: number;
  readonly to: number;
  readonly applied: readonly string[];
}

/**
 * Brings the database to the latest schema. All pending steps run in one
 * transaction, so a crash leaves the old version intact. A database written
 * by a newer Patron is refused rather than half-understood.
 */
export function migrate(
  db: WritableDB,
  options: { migrations?: readonly Migration[]; beforeMigrate?: (from: number, to: number) => void } = {},
): MigrationOutcome {
  const list = options.migrations ?? allMigrations;
  const latest = options.migrations ? (list[list.length - 1]?.version ?? 0) : latestSchemaVersion;
  const from = schemaVersion(db);
  if (from > latest) {
    throw new PatronError(
      'schema_too_new',
      `This shop file was written by a newer version of Patron (schema ${from}; this version knows up to ${latest}). Please update Patron.`,
      { fileVersion: from, knownVersion: latest },
    );
  }
  const pending = list.filter((m) => m.version > from);
  if (pending.length === 0) return { from, to: from, applied: [] };
  options.beforeMigrate?.(from, latest);
  db.transaction(() => {
    for (const step of pending) {
      db.exec(step.up);
      db.pragma(`user_version = ${step.version}`);
    }
  }).immediate();
  return { from, to: latest, applied: pending.map((m) => `${String(m.version).padStart(4, '0')}-${m.name}`) };
}
