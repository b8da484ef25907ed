import type { WritableDB } from '../db/connection';
import type { EventBus } from './events';
import type { Session } from './session';
import type { UiLanguage } from '../../shared/i18n-locales';
import type { WriteGate } from './write-gate';
import type { HealthReport } from '../db/health';

export type TransportKind = 'electron' | 'preview' | 'direct';

/** What every handler can reach: the writer connection and the core's shared parts. */
export interface CoreContext {
  readonly db: WritableDB;
  /** Path of the shop file; ':memory:' in unit tests. Workers open their own read-only connection to it. */
  readonly dbFile: string;
  readonly events: EventBus;
  readonly clock: () => Date;
  readonly transport: TransportKind;
  /** Interface language forced for this run (`--locale`), overriding the PC's choice. */
  readonly uiLanguageOverride: UiLanguage | null;
  /** Mutating commands pass through it; a chunked long write (analysis snapshot) holds it alone. */
  readonly writeGate: WriteGate;
  /**
   * One instance per core of a long-lived service (worker pool, backup
   * scheduler), created on first use and disposed on close — so a domain adds
   * its service without editing the core.
   */
  singleton<T>(key: string, create: () => T, dispose?: (value: T) => void | Promise<void>): T;
  /**
   * What the start-up check found wrong with the shop file, or null when it is sound. While it is
   * set the writer is an empty in-memory stand-in (the damaged file is never written to) and only
   * the recovery commands run.
   */
  readonly damaged: HealthReport | null;
  /**
   * Restore under a running core: waits for every write to finish (and holds new ones back), closes
   * the writer, lets `swap` replace the file, then checks and reopens whatever file is there (the
   * new one, or the old one if `swap` failed). Reads after it see the new file.
   */
  replaceDatabase<T>(swap: () => Promise<T>): Promise<T>;
}

export interface CommandContext extends CoreContext {
  readonly session: Session;
  /** Names the tables a mutating command touched, for `db.changed`. */
  markChanged(...tables: string[]): void;
}
