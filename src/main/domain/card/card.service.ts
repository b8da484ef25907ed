import type { ReadableDB } from '../../db/connection';
import { decodeReminderTemplate } from '../../../shared/care/reminder-template';
import { PatronError } from '../../../shared/errors';
import { decodeReasons, parseReasonShapes } from '../../../shared/analysis/reason-codec';
import {
  timelineKinds,
  type CardAnalysis,
  type CardFigures,
  type CardLabel,
  type CardCategorySuggestion,
  type CardSuggestion,
  type CustomerCard,
  type TimelineCursor,
  type TimelineKind,
  type TimelinePage,
} from '../../../shared/contract/card';
import {
  readConsents,
  readCustomer,
  readLatestSnapshot,
  readOpenCounts,
  readProductsBought,
  readCategoriesBought,
  readPurchaseFigures,
  readPurchasesSince,
  readRules,
  readTags,
  readTimelineCounts,
  readTimelinePage,
  type SnapshotRow,
} from './card.repo';
import { daysBetweenLocal, dayjs, localDate, shopTimezone } from '../care/shop-time';

const SPEND_MONTHS = 12;
const MAX_SUGGESTIONS = 5;
const MAX_CATEGORY_SUGGESTIONS = 2;
const FIRST_PAGE = 100;

export function cardFigures(
  raw: { net: number; visits: number; first_at: string | null; last_at: string | null },
  today: string,
  tz: string,
): CardFigures {
  const first = raw.first_at ? localDate(raw.first_at, tz) : null;
  const last = raw.last_at ? localDate(raw.last_at, tz) : null;
  return {
    netSpendMinor: raw.net,
    visits: raw.visits,
    averageTicketMinor: raw.visits > 0 ? Math.round(raw.net / raw.visits) : null,
    firstVisitAt: raw.first_at,
    lastVisitAt: raw.last_at,
    daysSinceLastVisit: last ? daysBetweenLocal(last, today) : null,
    usualIntervalDays:
      first && last && raw.visits >= 2
        ? Math.round((daysBetweenLocal(first, last) / (raw.visits - 1)) * 10) / 10
        : null,
  };
}

/** The first instant of the month eleven months before today's (shop-local), a safe lower bound for the chart. */
function chartStart(today: string): string {
  // One day of slack covers any zone offset; rows before the first month are ignored below.
  return dayjs(`${today.slice(0, 7)}-01`)
    .subtract(SPEND_MONTHS - 1, 'month')
    .subtract(1, 'day')
    .format('YYYY-MM-DD');
}

/** Net spend per shop-local month over the last twelve months, oldest first, empty months included. */
export function spendByMonth(
  purchases: readonly { at: string; total: number }[],
  today: string,
  tz: string,
): { month: string; netMinor: number }[] {
  const thisMonth = dayjs(`${today.slice(0, 7)}-01`);
  const months = Array.from({ length: SPEND_MONTHS }, (_v, i) =>
    thisMonth.subtract(SPEND_MONTHS - 1 - i, 'month').format('YYYY-MM'),
  );
  const totals = new Map(months.map((m) => [m, 0]));
  for (const purchase of purchases) {
    const month = localDate(purchase.at, tz).slice(0, 7);
    const current = totals.get(month);
    if (current !== undefined) totals.set(month, current + purchase.total);
  }
  return months.map((month) => ({ month, netMinor: totals.get(month) ?? 0 }));
}

export function timelinePage(
  db: ReadableDB,
  customerId: string,
  options: {
    kinds?: readonly TimelineKind[] | undefined;
    before?: TimelineCursor | undefined;
    limit: number;
  },
): TimelinePage {
  const events = readTimelinePage(db, customerId, {
    kinds: options.kinds ?? timelineKinds,
    before: options.before ?? null,
    limit: options.limit,
  }).map((event) =>
    // A reminder Patron scheduled is worded by the renderer from its kind, in the reader's language.
    event.kind === 'reminder' && decodeReminderTemplate(event.text) !== null ? { ...event, text: '' } : event,
  );
  const last = events.at(-1);
  return { events, next: events.length === options.limit && last ? { at: last.at, id: last.id } : null };
}

type ReasonValue = CardLabel['reason'];

function parseReasons(json: string, shapes: string | null): Record<string, ReasonValue> {
  try {
    const out: Record<string, ReasonValue> = {};
    for (const [name, value] of Object.entries(decodeReasons(json, parseReasonShapes(shapes)))) {
      if (value) out[name] = { key: value.key, params: value.params };
    }
    return out;
  } catch {
    return {};
  }
}

/** The labels the card shows, each paired with the reason the analysis stored for it. */
export function cardAnalysis(row: SnapshotRow): CardAnalysis {
  const reasons = parseReasons(row.reasons, row.reason_shapes);
  const reasonOf = (...names: string[]): ReasonValue => {
    for (const name of names) if (reasons[name]) return reasons[name] ?? null;
    return null;
  };
  const rfm = row.r_score !== null ? `${row.r_score}-${row.f_score ?? '?'}-${row.m_score ?? '?'}` : null;
  const labels: CardLabel[] = [
    { name: 'segment', value: row.segment, reason: reasonOf('segment', 'rfm') },
    { name: 'rfm', value: rfm, reason: reasonOf('rfm', 'segment') },
    { name: 'valueTier', value: row.value_tier, reason: reasonOf('tier', 'valueTier', 'value_tier') },
    { name: 'abcClass', value: row.abc_class, reason: reasonOf('abc', 'abcClass', 'abc_class') },
    {
      name: 'lifecycleStage',
      value: row.lifecycle_stage,
      reason: reasonOf('stage', 'lifecycleStage', 'lifecycle_stage'),
    },
    {
      name: 'loyaltyType',
      value: row.loyalty_type,
      reason: reasonOf('loyalty', 'loyaltyType', 'loyalty_type'),
    },
    { name: 'pAlive', value: row.p_alive, reason: reasonOf('churn', 'pAlive', 'p_alive') },
    { name: 'predictedClv', value: row.predicted_clv_minor, reason: reasonOf('clv', 'predictedClv') },
  ];
  return { runId: row.run_id, finishedAt: row.finished_at, labels };
}

/**
 * Rules whose antecedent items the customer has all bought and whose consequent they have
 * not, best confidence first, one suggestion per consequent.
 */
function suggestFromRules(
  rules: readonly { antecedent: string; consequent: string; confidence: number }[],
  bought: ReadonlySet<string>,
  limit: number,
): { item: string; because: string[]; confidence: number }[] {
  const out = new Map<string, { item: string; because: string[]; confidence: number }>();
  for (const rule of rules) {
    if (bought.has(rule.consequent) || out.has(rule.consequent)) continue;
    let antecedent: unknown;
    try {
      antecedent = JSON.parse(rule.antecedent);
    } catch {
      continue;
    }
    if (!Array.isArray(antecedent) || antecedent.length === 0) continue;
    const items = antecedent.filter((x): x is string => typeof x === 'string');
    if (items.length !== antecedent.length || !items.every((item) => bought.has(item))) continue;
    out.set(rule.consequent, { item: rule.consequent, because: items, confidence: rule.confidence });
    if (out.size >= limit) break;
  }
  return [...out.values()].sort((a, b) => b.confidence - a.confidence);
}

export function suggestProducts(
  rules: readonly { antecedent: string; consequent: string; confidence: number }[],
  bought: ReadonlySet<string>,
): CardSuggestion[] {
  return suggestFromRules(rules, bought, MAX_SUGGESTIONS).map(({ item, because, confidence }) => ({
    product: item,
    because,
    confidence,
  }));
}

/** The category-level counterpart of `suggestProducts`, kept short: products stay the main advice. */
export function suggestCategories(
  rules: readonly { antecedent: string; consequent: string; confidence: number }[],
  bought: ReadonlySet<string>,
): CardCategorySuggestion[] {
  return suggestFromRules(rules, bought, MAX_CATEGORY_SUGGESTIONS).map(({ item, because, confidence }) => ({
    category: item,
    because,
    confidence,
  }));
}

export function customerCard(db: ReadableDB, id: string, now: string): CustomerCard {
  const customer = readCustomer(db, id);
  if (!customer) throw new PatronError('not_found', 'No such customer.', { id });
  const tz = shopTimezone(db);
  const today = localDate(now, tz);
  const snapshot = readLatestSnapshot(db, id);
  const open = readOpenCounts(db, id);
  return {
    customer: {
      id: customer.id,
      kind: customer.kind,
      name: customer.name,
      memberNo: customer.member_no,
      phone: customer.phone,
      phone2: customer.phone2,
      email: customer.email,
      wechat: customer.wechat,
      gender: customer.gender,
      birthday: customer.birthday,
      address: customer.address,
      source: customer.source,
      notes: customer.notes,
      companyName: customer.company_name,
      position: customer.position,
      organization:
        customer.organization_id && customer.organization_name
          ? { id: customer.organization_id, name: customer.organization_name }
          : null,
      referredBy:
        customer.referred_by && customer.referrer_name
          ? { id: customer.referred_by, name: customer.referrer_name }
          : null,
      referralCount: customer.referral_count,
      deleted: customer.deleted_at !== null,
      mergedInto: customer.merged_into,
    },
    tags: readTags(db, id),
    consents: readConsents(db, id),
    figures: cardFigures(readPurchaseFigures(db, id), today, tz),
    spendByMonth: spendByMonth(readPurchasesSince(db, id, chartStart(today)), today, tz),
    analysis: snapshot ? cardAnalysis(snapshot) : null,
    suggestions: snapshot
      ? suggestProducts(readRules(db, snapshot.run_id), new Set(readProductsBought(db, id)))
      : [],
    categorySuggestions: snapshot
      ? suggestCategories(readRules(db, snapshot.run_id, 'category'), new Set(readCategoriesBought(db, id)))
      : [],
    openComplaints: open.complaints,
    openReminders: open.reminders,
    timelineCounts: readTimelineCounts(db, id),
    timeline: timelinePage(db, id, { limit: FIRST_PAGE }),
  };
}
