import type { WritableDB } from '../db/connection';
import type { EventBus } from './events';
import type { Session } from './session';
import type { UiLanguage } from '../../shared/i18n-locales';
import type { WriteGate } from './write-gate';

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
}

export interface CommandContext extends CoreContext {
  readonly session: Session;
  /** Names the tables a mutating command touched, for `db.changed`. */
  markChanged(...tables: string[]): void;
}
