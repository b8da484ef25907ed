import type { ReadableDB } from '../../db/connection';
import { PatronError } from '../../../shared/errors';
import type { CardAnalysis, CardFigures, CardLabel, CardSuggestion, CustomerCard, TimelineEvent } from '../../../shared/contract/card';
import {
  readConsents,
  readCustomer,
  readLatestSnapshot,
  readProductsBought,
  readPurchaseFigures,
  readRules,
  readTags,
  readTimeline,
  type SnapshotRow,
} from './card.repo';
import { daysBetweenLocal, dayjs, localDate, shopTimezone } from '../care/shop-time';
import { openComplaintStatuses } from '../../../shared/care/settings';

const SPEND_MONTHS = 12;
const MAX_SUGGESTIONS = 5;

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
      first && last && raw.visits >= 2 ? Math.round((daysBetweenLocal(first, last) / (raw.visits - 1)) * 10) / 10 : null,
  };
}

/** Net spend per shop-local month over the last twelve months, oldest first, empty months included. */
export function spendByMonth(timeline: readonly TimelineEvent[], today: string, tz: string): { month: string; netMinor: number }[] {
  const thisMonth = dayjs(`${today.slice(0, 7)}-01`);
  const months = Array.from({ length: SPEND_MONTHS }, (_v, i) =>
    thisMonth.subtract(SPEND_MONTHS - 1 - i, 'month').format('YYYY-MM'),
  );
  const totals = new Map(months.map((m) => [m, 0]));
  for (const event of timeline) {
    if (event.kind !== 'purchase' || event.amountMinor === null) continue;
    const month = localDate(event.at, tz).slice(0, 7);
    const current = totals.get(month);
    if (current !== undefined) totals.set(month, current + event.amountMinor);
  }
  return months.map((month) => ({ month, netMinor: totals.get(month) ?? 0 }));
}

type ReasonValue = CardLabel['reason'];

function parseReasons(json: string): Record<string, ReasonValue> {
  try {
    const parsed = JSON.parse(json) as unknown;
    if (typeof parsed !== 'object' || parsed === null) return {};
    const out: Record<string, ReasonValue> = {};
    for (const [name, value] of Object.entries(parsed as Record<string, unknown>)) {
      if (value && typeof value === 'object' && typeof (value as { key?: unknown }).key === 'string') {
        const params = (value as { params?: unknown }).params;
        out[name] = {
          key: (value as { key: string }).key,
          params: params && typeof params === 'object' ? (params as Record<string, unknown>) : {},
        };
      }
    }
    return out;
  } catch {
    return {};
  }
}

/** The labels the card shows, each paired with the reason the analysis stored for it. */
export function cardAnalysis(row: SnapshotRow): CardAnalysis {
  const reasons = parseReasons(row.reasons);
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
    { name: 'lifecycleStage', value: row.lifecycle_stage, reason: reasonOf('stage', 'lifecycleStage', 'lifecycle_stage') },
    { name: 'loyaltyType', value: row.loyalty_type, reason: reasonOf('loyalty', 'loyaltyType', 'loyalty_type') },
    { name: 'pAlive', value: row.p_alive, reason: reasonOf('churn', 'pAlive', 'p_alive') },
    { name: 'predictedClv', value: row.predicted_clv_minor, reason: reasonOf('clv', 'predictedClv') },
  ];
  return { runId: row.run_id, finishedAt: row.finished_at, labels };
}

/**
 * Rules whose antecedent items the customer has all bought and whose consequent they have
 * not, best confidence first, one suggestion per product.
 */
export function suggestProducts(
  rules: readonly { antecedent: string; consequent: string; confidence: number }[],
  bought: ReadonlySet<string>,
): CardSuggestion[] {
  const out = new Map<string, CardSuggestion>();
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
    out.set(rule.consequent, { product: rule.consequent, because: items, confidence: rule.confidence });
    if (out.size >= MAX_SUGGESTIONS) break;
  }
  return [...out.values()].sort((a, b) => b.confidence - a.confidence);
}

export function customerCard(db: ReadableDB, id: string, now: string): CustomerCard {
  const customer = readCustomer(db, id);
  if (!customer) throw new PatronError('not_found', 'No such customer.', { id });
  const tz = shopTimezone(db);
  const today = localDate(now, tz);
  const timeline = readTimeline(db, id);
  const snapshot = readLatestSnapshot(db, id);
  const open = new Set<string>(openComplaintStatuses);
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
        customer.referred_by && customer.referrer_name ? { id: customer.referred_by, name: customer.referrer_name } : null,
      referralCount: customer.referral_count,
      deleted: customer.deleted_at !== null,
      mergedInto: customer.merged_into,
    },
    tags: readTags(db, id),
    consents: readConsents(db, id),
    figures: cardFigures(readPurchaseFigures(db, id), today, tz),
    spendByMonth: spendByMonth(timeline, today, tz),
    analysis: snapshot ? cardAnalysis(snapshot) : null,
    suggestions: snapshot ? suggestProducts(readRules(db, snapshot.run_id), new Set(readProductsBought(db, id))) : [],
    openComplaints: timeline.filter((e) => e.kind === 'complaint' && e.tag !== null && open.has(e.tag)).length,
    openReminders: timeline.filter((e) => e.kind === 'reminder' && !e.flag).length,
    timeline,
  };
}
