import { z } from 'zod';
import { command } from './define';
import type { ReminderTemplate } from '../care/reminder-template';
import {
  careSettingsSchema,
  complaintCauses,
  complaintStatuses,
  interactionChannels,
  reminderKinds,
  type CareSettings,
  type ComplaintCause,
  type ComplaintStatus,
  type InteractionChannel,
  type ReminderKind,
} from '../care/settings';

const isoInstant = z.iso.datetime({ offset: true });
const id = z.string().min(1);

export interface Interaction {
  readonly id: string;
  readonly customerId: string;
  readonly occurredAt: string;
  readonly channel: InteractionChannel;
  readonly direction: 'inbound' | 'outbound';
  readonly staff: string | null;
  readonly summary: string;
  readonly satisfaction: number | null;
  readonly recommend: number | null;
}

export interface Complaint {
  readonly id: string;
  readonly customerId: string;
  readonly customerName: string;
  readonly receivedAt: string;
  readonly channel: InteractionChannel | null;
  readonly description: string;
  readonly cause: ComplaintCause | null;
  readonly status: ComplaintStatus;
  readonly resolution: string | null;
  readonly resolvedAt: string | null;
  readonly followedUpAt: string | null;
  readonly followupSatisfaction: number | null;
  readonly staff: string | null;
  /** Still open past the shop's response target. */
  readonly overdue: boolean;
}

export interface ComplaintReport {
  readonly total: number;
  readonly open: number;
  readonly overdue: number;
  readonly byCause: readonly { cause: ComplaintCause | 'unknown'; count: number }[];
  /** Mean satisfaction with the resolution at follow-up, or null when none was followed up. */
  readonly meanFollowupSatisfaction: number | null;
}

export interface Reminder {
  readonly id: string;
  readonly customerId: string | null;
  readonly customerName: string | null;
  readonly kind: ReminderKind;
  readonly dueAt: string;
  /** What someone typed; empty when `template` is set (Patron scheduled it). */
  readonly title: string;
  /** Type and parameters of a reminder Patron scheduled itself: worded in the reader's language. */
  readonly template: ReminderTemplate | null;
  readonly note: string | null;
  readonly sourceId: string | null;
  readonly doneAt: string | null;
}

export interface TodayCustomer {
  readonly customerId: string;
  readonly name: string;
  readonly phone: string | null;
}

export interface TodayView {
  /** The shop's local date (YYYY-MM-DD) the view was computed for. */
  readonly date: string;
  readonly birthdays: readonly (TodayCustomer & { monthDay: string; inDays: number })[];
  readonly anniversaries: readonly (TodayCustomer & {
    firstPurchaseAt: string;
    years: number;
    inDays: number;
  })[];
  readonly remindersDue: readonly Reminder[];
  readonly overdueComplaints: readonly Complaint[];
  /** Regulars whose gap since the last visit is well past their own usual interval. */
  readonly overdueVisits: readonly (TodayCustomer & { daysSinceLast: number; usualIntervalDays: number })[];
  /**
   * At-risk customers from the latest analysis, highest value at stake first; null when no analysis
   * has run. `declining`: at risk because the lifecycle stage is decline (P(alive) may still be high).
   */
  readonly winBack: readonly (TodayCustomer & { pAlive: number | null; declining: boolean })[] | null;
  /** How many each list holds before it is cut to what the screen shows. */
  readonly totals: {
    readonly birthdays: number;
    readonly anniversaries: number;
    readonly overdueVisits: number;
    /** Null when no analysis has run. */
    readonly winBack: number | null;
  };
}

export const careCommands = {
  /** Logs a visit, call, SMS, WeChat message, email or letter, with optional satisfaction/recommend scores. */
  'interactions.log': command<Interaction>()({
    input: z.object({
      customerId: id,
      occurredAt: isoInstant.optional(),
      channel: z.enum(interactionChannels),
      direction: z.enum(['inbound', 'outbound']),
      staff: z.string().trim().max(60).optional(),
      summary: z.string().trim().max(2000).default(''),
      satisfaction: z.number().int().min(1).max(5).optional(),
      recommend: z.number().int().min(0).max(10).optional(),
    }),
    mutates: true,
    role: 'staff',
  }),
  /** Opens a complaint in status "received". */
  'complaints.open': command<Complaint>()({
    input: z.object({
      customerId: id,
      receivedAt: isoInstant.optional(),
      channel: z.enum(interactionChannels).optional(),
      description: z.string().trim().min(1).max(2000),
      cause: z.enum(complaintCauses).optional(),
      staff: z.string().trim().max(60).optional(),
    }),
    mutates: true,
    role: 'staff',
  }),
  /**
   * Moves a complaint one step along received → cause analysed → in progress → resolved →
   * followed up. `to` must be the next step (invalid_transition otherwise); analysing needs a
   * cause, resolving a resolution text, following up a satisfaction score (1–5). Resolving
   * schedules a follow-up reminder.
   */
  'complaints.advance': command<Complaint>()({
    input: z.object({
      id,
      to: z.enum(complaintStatuses),
      cause: z.enum(complaintCauses).optional(),
      resolution: z.string().trim().max(2000).optional(),
      satisfaction: z.number().int().min(1).max(5).optional(),
      note: z.string().trim().max(500).optional(),
    }),
    mutates: true,
    role: 'staff',
  }),
  /** Complaints across the shop, newest first, filtered by state and cause. */
  'complaints.list': command<Complaint[]>()({
    input: z.object({
      /** open: received…in progress; follow_up: resolved, waiting for the follow-up call; active: either. */
      filter: z.enum(['open', 'overdue', 'follow_up', 'active', 'closed', 'all']).default('open'),
      cause: z.enum(complaintCauses).optional(),
      customerId: id.optional(),
      limit: z.number().int().min(1).max(2000).default(500),
    }),
    mutates: false,
    role: 'staff',
  }),
  /** Counts by cause (product vs communication vs …), open and overdue counts, follow-up satisfaction. */
  'complaints.report': command<ComplaintReport>()({ input: z.object({}), mutates: false, role: 'staff' }),
  /** Adds a manual reminder (follow-up call etc.). */
  'reminders.add': command<Reminder>()({
    input: z.object({
      customerId: id.optional(),
      kind: z.enum(reminderKinds).default('follow_up'),
      dueAt: isoInstant,
      title: z.string().trim().min(1).max(200),
      note: z.string().trim().max(1000).optional(),
    }),
    mutates: true,
    role: 'staff',
  }),
  /** Marks a reminder done (or open again). */
  'reminders.complete': command<Reminder>()({
    input: z.object({ id, done: z.boolean().default(true) }),
    mutates: true,
    role: 'staff',
  }),
  /** Birthdays, anniversaries, reminders due, overdue complaints and overdue regulars, in the shop's time zone. */
  'today.get': command<TodayView>()({ input: z.object({}), mutates: false, role: 'staff' }),
  /** The customer-care settings (with defaults). */
  'care.settings': command<CareSettings>()({ input: z.object({}), mutates: false, role: 'staff' }),
  /** Changes the customer-care settings. Owner only. */
  'care.updateSettings': command<CareSettings>()({
    input: careSettingsSchema.partial(),
    mutates: true,
    role: 'owner',
  }),
};
