import dayjs from 'dayjs';
import type { HandlerTable } from '../../core/handlers';
import type { loyaltyCommands } from '../../../shared/contract/loyalty';
import { newId, nowIso } from '../../db/ids';
import { requireProfile } from '../shop/shop.service';
import type { CoreContext } from '../../core/context';
import {
  buildDashboard,
  listCustomers,
  loadActivity,
  LoyaltyAggregateStore,
  resolvePeriod,
  type Period,
} from './loyalty.service';
import { LoyaltyWarmUp } from './loyalty.warmup';
import { phoneMaskFor } from '../privacy/privacy-settings';
import { existingCustomerIds, insertWinBackReminder, openWinBackReminderIds } from './loyalty.repo';

/** One store per core, on the writer connection, so computed figures are kept for the next load. */
export function loyaltyStore(ctx: CoreContext): LoyaltyAggregateStore {
  startLoyaltyWarmUp(ctx);
  return aggregateStore(ctx);
}

/**
 * A restore swaps the core's connection under the running app (backup.service): the store writes
 * through the connection it was made with and holds figures of the old file in memory, so a new
 * connection gets a new store.
 */
function aggregateStore(ctx: CoreContext): LoyaltyAggregateStore {
  const holder = ctx.singleton('loyalty.aggregates', () => ({
    db: ctx.db,
    store: new LoyaltyAggregateStore(ctx.db, ctx.clock),
  }));
  if (holder.db !== ctx.db) {
    holder.db = ctx.db;
    holder.store = new LoyaltyAggregateStore(ctx.db, ctx.clock);
  }
  return holder.store;
}

/**
 * Recomputes the screen's figures in a worker after each analysis run and after sales change
 * (see loyalty.warmup.ts). The first Loyalty command starts it; the composition root should call
 * it at start-up too, so the first open after a run is warm even if Loyalty was not opened yet.
 */
export function startLoyaltyWarmUp(ctx: CoreContext): LoyaltyWarmUp {
  return ctx.singleton(
    'loyalty.warmUp',
    () => new LoyaltyWarmUp(ctx, () => aggregateStore(ctx)),
    (warmUp) => warmUp.dispose(),
  );
}

/**
 * The default period (the last 12 months, what the screen opens on) is what the warm-up keeps
 * stored; when its figures are stale, they are brought up to date in the worker first. If the
 * worker cannot run (it logs why), the figures are computed here as before.
 */
async function resolveWithFreshFigures(
  input: { from?: string | undefined; to?: string | undefined },
  ctx: CoreContext,
  timeZone: string,
): Promise<Period> {
  const today = ctx.clock();
  const period = resolvePeriod(input, today, timeZone);
  const usual = resolvePeriod({}, today, timeZone);
  if (period.from === usual.from && period.to === usual.to) await startLoyaltyWarmUp(ctx).refreshNow();
  return period;
}

export const loyaltyHandlers: HandlerTable<keyof typeof loyaltyCommands> = {
  'loyalty.dashboard': async (input, ctx) => {
    const profile = requireProfile(ctx.db);
    const period = await resolveWithFreshFigures(input, ctx, profile.timezone);
    return buildDashboard(
      ctx.db,
      period,
      { currency: profile.currency, locale: profile.locale, timeZone: profile.timezone },
      loyaltyStore(ctx),
    );
  },

  'loyalty.activity': async (input, ctx) => {
    const timeZone = requireProfile(ctx.db).timezone;
    const period = await resolveWithFreshFigures(input, ctx, timeZone);
    return loadActivity(ctx.db, period, timeZone, loyaltyStore(ctx));
  },

  // The owner calls at-risk customers from this list: numbers in full unless staff masking applies.
  'loyalty.customers': ({ filter, offset, limit }, ctx) =>
    listCustomers(
      ctx.db,
      filter,
      offset,
      limit,
      ctx.clock(),
      requireProfile(ctx.db).timezone,
      phoneMaskFor(ctx.db, ctx.session.role()),
    ),

  'loyalty.addWinBackReminders': ({ customerIds, dueDate }, ctx) => {
    const unique = [...new Set(customerIds)];
    const now = nowIso(ctx.clock);
    // Due at the start of the chosen day (today by default), so it shows on Today at once.
    const dueAt = `${dueDate ?? dayjs(ctx.clock()).format('YYYY-MM-DD')}T00:00:00.000Z`;
    // Stored in the shop's language: reminders are shared records, not interface text.
    const title = requireProfile(ctx.db).locale === 'zh-CN' ? '挽回回访' : 'Win-back call';
    const result = ctx.db.transaction(() => {
      const known = existingCustomerIds(ctx.db, unique);
      const open = openWinBackReminderIds(ctx.db, unique);
      let created = 0;
      for (const customerId of unique) {
        if (!known.has(customerId) || open.has(customerId)) continue;
        insertWinBackReminder(ctx.db, { id: newId(), customerId, dueAt, title, note: null, now });
        created++;
      }
      return { created, skipped: unique.length - created };
    })();
    if (result.created > 0) ctx.markChanged('reminders');
    return result;
  },
};
