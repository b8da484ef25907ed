import { randomUUID } from 'node:crypto';
import { openMemory, openWritable, type WritableDB } from '../db/connection';
import { migrate, type MigrationOutcome } from '../db/migrate';
import { handlers as allHandlers } from '../domain/handlers';
import type { CommandName } from '../../shared/contract';
import type { Result } from '../../shared/errors';
import type { UiLanguage } from '../../shared/i18n-locales';
import type { CoreContext, TransportKind } from './context';
import { EventBus } from './events';
import type { HandlerTable } from './handlers';
import { dispatch } from './router';
import { Session, type SessionOrigin } from './session';
import type { Role } from '../../shared/contract';
import { logger } from './logger';
import { WriteGate } from './write-gate';

export interface CoreOptions {
  /** The shop file; ':memory:' for throwaway tests. Created and migrated if needed. */
  readonly dbFile: string;
  readonly transport: TransportKind;
  readonly uiLanguageOverride?: UiLanguage | null;
  readonly clock?: () => Date;
  /** Called before a pending migration touches an existing file (the backup hook). */
  readonly beforeMigrate?: (db: WritableDB, from: number, to: number) => void;
  /** For tests of the router itself. */
  readonly handlers?: HandlerTable<CommandName>;
}

/**
 * The core of Patron: one writer connection, the command table, the event
 * bus. It knows nothing of Electron, HTTP or the terminal — each transport
 * wraps it.
 */
export class PatronCore {
  readonly events = new EventBus();
  readonly context: CoreContext;
  readonly migration: MigrationOutcome;
  private readonly singletons = new Map<
    string,
    { value: unknown; dispose?: (value: unknown) => void | Promise<void> }
  >();
  private readonly handlers: HandlerTable<CommandName>;
  private closed = false;

  private constructor(
    readonly db: WritableDB,
    options: CoreOptions,
  ) {
    this.handlers = options.handlers ?? allHandlers;
    this.migration = migrate(db, {
      beforeMigrate: (from, to) => {
        if (from > 0) options.beforeMigrate?.(db, from, to);
      },
    });
    const singletons = this.singletons;
    this.context = {
      db,
      dbFile: options.dbFile,
      events: this.events,
      clock: options.clock ?? (() => new Date()),
      transport: options.transport,
      uiLanguageOverride: options.uiLanguageOverride ?? null,
      writeGate: new WriteGate(),
      singleton<T>(key: string, create: () => T, dispose?: (value: T) => void | Promise<void>): T {
        const existing = singletons.get(key);
        if (existing) return existing.value as T;
        const value = create();
        singletons.set(key, {
          value,
          dispose: dispose as ((value: unknown) => void | Promise<void>) | undefined,
        });
        return value;
      },
    };
  }

  static open(options: CoreOptions): PatronCore {
    const db = options.dbFile === ':memory:' ? openMemory() : openWritable(options.dbFile);
    try {
      return new PatronCore(db, options);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  createSession(origin: SessionOrigin, role: Role = 'staff'): Session {
    return new Session(randomUUID(), origin, role, () => this.context.clock().getTime());
  }

  invoke(session: Session, name: unknown, input: unknown): Promise<Result<unknown>> {
    if (this.closed)
      return Promise.resolve({ ok: false, error: { code: 'internal', message: 'Patron is shutting down.' } });
    return dispatch(this.context, this.handlers, session, name, input);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const [key, { value, dispose }] of [...this.singletons].reverse()) {
      try {
        await dispose?.(value);
      } catch (error) {
        logger.warn(`disposing ${key} failed`, error instanceof Error ? error.message : String(error));
      }
    }
    this.singletons.clear();
    this.db.close();
  }
}
