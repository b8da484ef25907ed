import { randomUUID } from 'node:crypto';
import { openMemory, openWritable, type WritableDB } from '../db/connection';
import { migrate, type MigrationOutcome } from '../db/migrate';
import { damagedFileReport, type HealthReport } from '../db/health';
import { quickCheckInWorker } from '../domain/backup/verify-worker';
import { handlers as allHandlers } from '../domain/handlers';
import type { CommandName } from '../../shared/contract';
import { PatronError, type Result } from '../../shared/errors';
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
  /**
   * The start-up check found the file damaged (see open-shop.ts): the core opens in recovery mode,
   * never touching the file, and runs only the recovery commands until a backup replaces it.
   */
  readonly damaged?: HealthReport | null;
}

/** What runs while the shop file is damaged: the recovery screen's own commands. */
const RECOVERY_COMMANDS: ReadonlySet<string> = new Set(['backup.recoveryStatus', 'backup.recover']);

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

  private current: WritableDB;
  private damagedReport: HealthReport | null;

  private constructor(db: WritableDB, options: CoreOptions) {
    this.current = db;
    this.damagedReport = options.damaged ?? null;
    this.handlers = options.handlers ?? allHandlers;
    this.migration = migrate(db, {
      beforeMigrate: (from, to) => {
        if (from > 0) options.beforeMigrate?.(db, from, to);
      },
    });
    const singletons = this.singletons;
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the context's getters follow a swapped writer
    const core = this;
    this.context = {
      get db() {
        return core.current;
      },
      get damaged() {
        return core.damagedReport;
      },
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
      replaceDatabase: (swap) => this.replaceDatabase(swap),
    };
  }

  /** The writer connection (after a restore, the new file's). */
  get db(): WritableDB {
    return this.current;
  }

  static open(options: CoreOptions): PatronCore {
    // A damaged file is not opened for writing at all: WAL setup or a migration could make it worse.
    const db = options.dbFile === ':memory:' || options.damaged ? openMemory() : openWritable(options.dbFile);
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
    if (this.damagedReport !== null && !RECOVERY_COMMANDS.has(String(name)))
      return Promise.resolve({
        ok: false,
        error: { code: 'corrupt', message: 'The shop file is damaged. Restore it from a backup.' },
      });
    return dispatch(this.context, this.handlers, session, name, input);
  }

  /** Settles once the start-up check is in (at once unless it runs in the background). */
  startupChecked: Promise<void> = Promise.resolve();

  /**
   * The start-up check of a large file runs in the background (it reads every page: seconds at 100k
   * customers). Writes wait until it is in; if it finds damage the core switches to recovery mode,
   * as if it had been opened so, and announces it so the screens show the recovery screen.
   */
  checkInBackground(check: Promise<HealthReport | null>): Promise<void> {
    this.startupChecked = this.context.writeGate.exclusive(async () => {
      const report = await check;
      if (report === null || this.closed) return;
      this.current.close();
      this.useStandIn(report);
      this.events.emit('db.changed', { tables: ['*'] });
    });
    return this.startupChecked;
  }

  private async replaceDatabase<T>(swap: () => Promise<T>): Promise<T> {
    if (this.context.dbFile === ':memory:')
      throw new PatronError('invalid_input', 'An in-memory shop has no file to replace.');
    return this.context.writeGate.exclusive(async () => {
      this.current.close();
      try {
        return await swap();
      } finally {
        await this.reopenAfterSwap();
      }
    });
  }

  /**
   * Re-runs the start-up check on whatever file is now in place (in a worker: a large shop takes
   * seconds), then opens and migrates it, or stays in recovery mode on an in-memory stand-in.
   */
  private async reopenAfterSwap(): Promise<void> {
    const file = this.context.dbFile;
    const problem = await quickCheckInWorker(file);
    if (problem === null) {
      const db = openWritable(file);
      try {
        migrate(db);
      } catch (error) {
        db.close();
        this.useStandIn(damagedFileReport(file, error instanceof Error ? error.message : String(error)));
        throw error;
      }
      this.current = db;
      this.damagedReport = null;
    } else {
      this.useStandIn(damagedFileReport(file, problem));
    }
  }

  private useStandIn(report: HealthReport): void {
    this.current = openMemory();
    migrate(this.current);
    this.damagedReport = report;
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
    this.current.close();
  }
}
