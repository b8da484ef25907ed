import type { HandlerTable } from '../../core/handlers';
import { phoneMaskFor } from '../privacy/privacy-settings';
import type { careCommands } from '../../../shared/contract/care';
import { careSettingsSchema } from '../../../shared/care/settings';
import { PatronError } from '../../../shared/errors';
import { nowIso } from '../../db/ids';
import { appendAudit } from '../audit/audit.repo';
import { customerExists } from '../sales/sales.repo';
import {
  insertComplaint,
  insertInteraction,
  insertReminder,
  listComplaints,
  readCareSettings,
  readReminder,
  writeCareSettings,
} from './care.repo';
import {
  advanceComplaint,
  completeReminder,
  complaintReport,
  getComplaint,
  overdueBefore,
  todayView,
} from './care.service';

function requireCustomer(db: Parameters<typeof customerExists>[0], customerId: string): void {
  if (!customerExists(db, customerId))
    throw new PatronError('not_found', 'No such customer.', { customerId });
}

export const careHandlers: HandlerTable<keyof typeof careCommands> = {
  'interactions.log': (args, ctx) => {
    const at = nowIso(ctx.clock);
    const interaction = {
      customerId: args.customerId,
      occurredAt: args.occurredAt ? new Date(args.occurredAt).toISOString() : at,
      channel: args.channel,
      direction: args.direction,
      staff: args.staff ?? null,
      summary: args.summary,
      satisfaction: args.satisfaction ?? null,
      recommend: args.recommend ?? null,
    };
    const id = ctx.db.transaction(() => {
      requireCustomer(ctx.db, args.customerId);
      return insertInteraction(ctx.db, interaction, at);
    })();
    ctx.markChanged('interactions');
    return { id, ...interaction };
  },

  'complaints.open': (args, ctx) => {
    const at = nowIso(ctx.clock);
    const id = ctx.db.transaction(() => {
      requireCustomer(ctx.db, args.customerId);
      return insertComplaint(
        ctx.db,
        {
          customerId: args.customerId,
          receivedAt: args.receivedAt ? new Date(args.receivedAt).toISOString() : at,
          channel: args.channel ?? null,
          description: args.description,
          cause: args.cause ?? null,
          staff: args.staff ?? null,
        },
        ctx.session.role(),
        at,
      );
    })();
    ctx.markChanged('complaints', 'complaint_events');
    return getComplaint(ctx.db, id, at);
  },

  'complaints.advance': (args, ctx) => {
    const complaint = ctx.db.transaction(() =>
      advanceComplaint(ctx.db, args, ctx.session.role(), nowIso(ctx.clock)),
    )();
    ctx.markChanged('complaints', 'complaint_events', 'reminders');
    return complaint;
  },

  'complaints.list': ({ filter, cause, customerId, limit }, ctx) =>
    listComplaints(
      ctx.db,
      { state: filter, limit, ...(cause ? { cause } : {}), ...(customerId ? { customerId } : {}) },
      overdueBefore(readCareSettings(ctx.db), nowIso(ctx.clock)),
    ),

  'complaints.report': (_args, ctx) => complaintReport(ctx.db, nowIso(ctx.clock)),

  'reminders.add': (args, ctx) => {
    const at = nowIso(ctx.clock);
    const id = ctx.db.transaction(() => {
      if (args.customerId) requireCustomer(ctx.db, args.customerId);
      return insertReminder(
        ctx.db,
        {
          customerId: args.customerId ?? null,
          kind: args.kind,
          dueAt: new Date(args.dueAt).toISOString(),
          title: args.title,
          note: args.note ?? null,
          sourceId: null,
        },
        at,
      );
    })();
    ctx.markChanged('reminders');
    const reminder = readReminder(ctx.db, id);
    if (!reminder) throw new PatronError('internal', 'The reminder was not stored.');
    return reminder;
  },

  'reminders.complete': ({ id, done }, ctx) => {
    const reminder = ctx.db.transaction(() => completeReminder(ctx.db, id, done, nowIso(ctx.clock)))();
    ctx.markChanged('reminders');
    return reminder;
  },

  'today.get': (_args, ctx) => {
    const view = todayView(ctx.db, nowIso(ctx.clock));
    const mask = phoneMaskFor(ctx.db, ctx.session.role());
    if (mask === null) return view;
    const masked = <T extends { phone: string | null }>(rows: readonly T[]): T[] =>
      rows.map((row) => ({ ...row, phone: mask(row.phone) }));
    return {
      ...view,
      birthdays: masked(view.birthdays),
      anniversaries: masked(view.anniversaries),
      overdueVisits: masked(view.overdueVisits),
      winBack: view.winBack === null ? null : masked(view.winBack),
    };
  },

  'care.settings': (_args, ctx) => readCareSettings(ctx.db),

  'care.updateSettings': (patch, ctx) => {
    const at = nowIso(ctx.clock);
    const next = careSettingsSchema.parse({ ...readCareSettings(ctx.db), ...patch });
    ctx.db.transaction(() => {
      writeCareSettings(ctx.db, next, at);
      appendAudit(
        ctx.db,
        {
          actorRole: ctx.session.role(),
          action: 'settings.changed',
          details: { group: 'care.settings', fields: Object.keys(patch) },
        },
        at,
      );
    })();
    ctx.markChanged('shop_settings');
    return next;
  },
};
