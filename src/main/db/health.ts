import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { latestSchemaVersion } from './migrations';

export interface HealthReport {
  readonly ok: boolean;
  readonly file: string;
  readonly schemaVersion: number | null;
  readonly latestSchemaVersion: number;
  /** 'ok', or what integrity_check said (first lines), or the error it threw. */
  readonly integrity: readonly string[];
  readonly foreignKeyViolations: number;
  readonly problem: 'missing' | 'corrupt' | 'too_new' | 'foreign_keys' | null;
}

/** The report for a file a check (or opening it) found damaged. */
export function damagedFileReport(file: string, problem: string): HealthReport {
  return {
    ok: false,
    file,
    schemaVersion: null,
    latestSchemaVersion,
    integrity: [problem],
    foreignKeyViolations: 0,
    problem: 'corrupt',
  };
}

/**
 * Full integrity check of a shop file, read-only. `PRAGMA integrity_check`
 * may throw SQLITE_CORRUPT instead of returning rows on a badly damaged file,
 * so a throw counts as corrupt (STACK.md trap 7).
 */
export function checkDatabaseFile(file: string, mode: 'quick' | 'full' = 'full'): HealthReport {
  const base = { file, latestSchemaVersion };
  if (!existsSync(file)) {
    return {
      ...base,
      ok: false,
      schemaVersion: null,
      integrity: ['file not found'],
      foreignKeyViolations: 0,
      problem: 'missing',
    };
  }
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const version = db.pragma('user_version', { simple: true }) as number;
    const integrity = (
      db.pragma(mode === 'quick' ? 'quick_check' : 'integrity_check') as {
        quick_check?: string;
        integrity_check?: string;
      }[]
    )
      .map((row) => row.quick_check ?? row.integrity_check ?? '')
      .slice(0, 20);
    const integrityOk = integrity.length === 1 && integrity[0] === 'ok';
    const foreignKeyViolations = integrityOk ? (db.pragma('foreign_key_check') as unknown[]).length : 0;
    const problem = !integrityOk
      ? 'corrupt'
      : version > latestSchemaVersion
        ? 'too_new'
        : foreignKeyViolations > 0
          ? 'foreign_keys'
          : null;
    return {
      ...base,
      ok: problem === null,
      schemaVersion: version,
      integrity,
      foreignKeyViolations,
      problem,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      ...base,
      ok: false,
      schemaVersion: null,
      integrity: [message],
      foreignKeyViolations: 0,
      problem: 'corrupt',
    };
  } finally {
    db?.close();
  }
}
