import type { ReadableDB, WritableDB } from '../../db/connection';
import { PatronError } from '../../../shared/errors';
import type { Complaint, ComplaintReport, Reminder, TodayView } from '../../../shared/contract/care';
import {
  complaintCauses,
  nextComplaintStatus,
  type CareSettings,
  type ComplaintCause,
  type ComplaintStatus,
} from '../../../shared/care/settings';
import {
  atRiskCustomers,
  complaintCounts,
  customersWithBirthdays,
  insertComplaintEvent,
  insertReminder,
  latestDoneRun,
  listComplaints,
  readCareSettings,
  readComplaint,
  readReminder,
  setReminderDone,
  remindersDueBefore,
  updateComplaint,
  visitSummaries,
} from './care.repo';
import { encodeReminderTemplate } from '../../../shared/care/reminder-template';
import { daysBetweenLocal, daysUntilMonthDay, dayjs, localDate, shopTimezone } from './shop-time';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const COMPLAINT_FOLLOW_UP_DAYS = 3;
/** A regular is "overdue" once the gap is this many times their usual interval… */
const OVERDUE_VISIT_FACTOR = 1.5;
/** …but past this many times it is a win-back case rather than a nudge. */
const LAPSED_VISIT_FACTOR = 4;
const MIN_VISITS_FOR_INTERVAL = 3;
const TODAY_LIST_LIMIT = 50;

/** Open complaints received before this instant are overdue. */
export function overdueBefore(settings: CareSettings, now: string): string {
  return new Date(Date.parse(now) - settings.complaintResponseHours * HOUR_MS).toISOString();
}

export function getComplaint(db: ReadableDB, id: string, now: string): Complaint {
  const complaint = readComplaint(db, id, overdueBefore(readCareSettings(db), now));
  if (!complaint) throw new PatronError('not_found', 'No such complaint.', { id });
  return complaint;
}

/**
 * One step along the textbook workflow. Each step asks for what it records: the cause when
 * analysed, the resolution when resolved, the customer's satisfaction when followed up.
 */
export function advanceComplaint(
  db: WritableDB,
  input: {
    id: string;
    to: ComplaintStatus;
    cause?: ComplaintCause | undefined;
    resolution?: string | undefined;
    satisfaction?: number | undefined;
    note?: string | undefined;
  },
  actorRole: string,
  now: string,
): Complaint {
  const current = getComplaint(db, input.id, now);
  const expected = nextComplaintStatus[current.status];
  if (input.to !== expected) {
    throw new PatronError(
      'invalid_transition',
      expected
        ? `A complaint that is "${current.status}" can only move to "${expected}", not "${input.to}".`
        : `A complaint that is "${current.status}" is closed; it cannot move to "${input.to}".`,
      { from: current.status, to: input.to, allowed: expected },
    );
  }
  const patch: Parameters<typeof updateComplaint>[2] = { status: input.to };
  if (input.to === 'cause_analysed') {
    const cause = input.cause ?? current.cause;
    if (!cause || !(complaintCauses as readonly string[]).includes(cause))
      throw new PatronError('invalid_input', 'Name the cause of the complaint to mark it analysed.', {
        field: 'cause',
      });
    patch.cause = cause;
  }
  if (input.to === 'resolved') {
    if (!input.resolution)
      throw new PatronError('invalid_input', 'Describe the resolution to mark the complaint resolved.', {
        field: 'resolution',
      });
    patch.resolution = input.resolution;
    patch.resolvedAt = now;
  }
  if (input.to === 'followed_up') {
    if (input.satisfaction === undefined)
      throw new PatronError(
        'invalid_input',
        "Record the customer's satisfaction (1–5) with the resolution.",
        {
          field: 'satisfaction',
        },
      );
    patch.followupSatisfaction = input.satisfaction;
    patch.followedUpAt = now;
  }
  updateComplaint(db, input.id, patch, now);
  insertComplaintEvent(
    db,
    { complaintId: input.id, from: current.status, to: input.to, actorRole, note: input.note ?? null },
    now,
  );
  if (input.to === 'resolved') {
    insertReminder(
      db,
      {
        customerId: current.customerId,
        kind: 'complaint_follow_up',
        dueAt: new Date(Date.parse(now) + COMPLAINT_FOLLOW_UP_DAYS * DAY_MS).toISOString(),
        title: encodeReminderTemplate({ type: 'complaint_follow_up', params: {} }),
        note: null,
        sourceId: input.id,
      },
      now,
    );
  }
  return getComplaint(db, input.id, now);
}

export function complaintReport(db: ReadableDB, now: string): ComplaintReport {
  const counts = complaintCounts(db, overdueBefore(readCareSettings(db), now));
  return {
    total: counts.total,
    open: counts.open,
    overdue: counts.overdue,
    meanFollowupSatisfaction: counts.meanFollowup,
    byCause: counts.byCause.map((c) => ({
      cause:
        c.cause !== null && (complaintCauses as readonly string[]).includes(c.cause)
          ? (c.cause as ComplaintCause)
          : 'unknown',
      count: c.count,
    })),
  };
}

export function completeReminder(db: WritableDB, id: string, done: boolean, now: string): Reminder {
  if (!readReminder(db, id)) throw new PatronError('not_found', 'No such reminder.', { id });
  setReminderDone(db, id, done ? now : null, now);
  const updated = readReminder(db, id);
  if (!updated) throw new PatronError('not_found', 'No such reminder.', { id });
  return updated;
}

export function todayView(db: ReadableDB, now: string): TodayView {
  const settings = readCareSettings(db);
  const tz = shopTimezone(db);
  const today = localDate(now, tz);
  const endOfToday = dayjs.tz(today, tz).add(1, 'day').toDate().toISOString();
  const ahead = settings.birthdayDaysAhead;

  const allBirthdays = customersWithBirthdays(db)
    .flatMap((c) => {
      const monthDay = c.birthday.length >= 10 ? c.birthday.slice(5, 10) : c.birthday.slice(-5);
      if (!/^\d{2}-\d{2}$/.test(monthDay)) return [];
      const inDays = daysUntilMonthDay(today, monthDay);
      return inDays <= ahead ? [{ customerId: c.id, name: c.name, phone: c.phone, monthDay, inDays }] : [];
    })
    .sort((a, b) => a.inDays - b.inDays || a.name.localeCompare(b.name));

  const summaries = visitSummaries(db);
  const allAnniversaries = summaries
    .flatMap((s) => {
      const first = localDate(s.first_at, tz);
      const inDays = daysUntilMonthDay(today, first.slice(5));
      const years =
        Number(today.slice(0, 4)) - Number(first.slice(0, 4)) + (first.slice(5) < today.slice(5) ? 1 : 0);
      return years >= 1 && inDays <= ahead
        ? [{ customerId: s.id, name: s.name, phone: s.phone, firstPurchaseAt: s.first_at, years, inDays }]
        : [];
    })
    .sort((a, b) => a.inDays - b.inDays);

  const allOverdueVisits = summaries
    .flatMap((s) => {
      if (s.visits < MIN_VISITS_FOR_INTERVAL) return [];
      const span = daysBetweenLocal(localDate(s.first_at, tz), localDate(s.last_at, tz));
      const usual = span / (s.visits - 1);
      if (usual < 1) return [];
      const daysSinceLast = daysBetweenLocal(localDate(s.last_at, tz), today);
      const ratio = daysSinceLast / usual;
      return ratio > OVERDUE_VISIT_FACTOR && ratio <= LAPSED_VISIT_FACTOR
        ? [
            {
              customerId: s.id,
              name: s.name,
              phone: s.phone,
              daysSinceLast,
              usualIntervalDays: Math.round(usual * 10) / 10,
              ratio,
            },
          ]
        : [];
    })
    .sort((a, b) => b.ratio - a.ratio)
    .map(({ ratio: _ratio, ...rest }) => rest);

  const run = latestDoneRun(db);
  const atRisk = run ? atRiskCustomers(db, run.id, TODAY_LIST_LIMIT) : null;
  return {
    date: today,
    birthdays: allBirthdays.slice(0, TODAY_LIST_LIMIT * 2),
    anniversaries: allAnniversaries.slice(0, TODAY_LIST_LIMIT),
    remindersDue: remindersDueBefore(db, endOfToday, TODAY_LIST_LIMIT * 2),
    overdueComplaints: listComplaints(
      db,
      { state: 'overdue', limit: TODAY_LIST_LIMIT },
      overdueBefore(settings, now),
    ),
    overdueVisits: allOverdueVisits.slice(0, TODAY_LIST_LIMIT),
    winBack:
      atRisk?.map((c) => ({
        customerId: c.id,
        name: c.name,
        phone: c.phone,
        pAlive: c.p_alive,
        declining: c.lifecycle_stage === 'decline',
      })) ?? null,
    totals: {
      birthdays: allBirthdays.length,
      anniversaries: allAnniversaries.length,
      overdueVisits: allOverdueVisits.length,
      winBack: atRisk ? (atRisk[0]?.total ?? 0) : null,
    },
  };
}
