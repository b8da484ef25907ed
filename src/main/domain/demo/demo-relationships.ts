import { visitTime } from './customer-process';
import { consentChannels, type CustomerColumns, type DemoContext } from './demo-context';
import type { LargePurchase } from './demo-purchases';
import { personaCodes, personas } from './personas';
import { Weighted } from './random';
import { civilFromDays } from './shop-calendar';
import {
  complaintDescriptions,
  complaintEventNotes,
  complaintResolutions,
  demoCampaigns,
  demoTagCodes,
  demoTags,
  interactionSummaries,
  reminderTitles,
  type ComplaintCause,
  type DemoTagCode,
} from './texts';

const SECONDS_PER_DAY = 86_400;
const SECONDS_PER_HOUR = 3600;

const interactionChannels = {
  'zh-CN': new Weighted<string>([
    ['face_to_face', 0.42],
    ['wechat', 0.25],
    ['phone', 0.13],
    ['sms', 0.07],
    ['email', 0.06],
    ['website', 0.05],
    ['letter', 0.02],
  ]),
  en: new Weighted<string>([
    ['face_to_face', 0.45],
    ['email', 0.18],
    ['phone', 0.15],
    ['sms', 0.1],
    ['website', 0.08],
    ['letter', 0.02],
    ['wechat', 0.02],
  ]),
} as const;

/**
 * Textbook split (DOMAIN.md §2): about a third of complaints blame the
 * product, two thirds communication, waiting or staff attitude.
 */
const complaintCauseWeights = new Weighted<ComplaintCause>([
  ['quality', 0.33],
  ['communication', 0.25],
  ['waiting', 0.22],
  ['attitude', 0.15],
  ['price', 0.03],
  ['other', 0.02],
]);

export const complaintStatuses = [
  'received',
  'cause_analysed',
  'in_progress',
  'resolved',
  'followed_up',
] as const;
type ComplaintStatus = (typeof complaintStatuses)[number];
const laterComplaintStatuses = new Weighted<ComplaintStatus>([
  ['received', 0.1],
  ['cause_analysed', 0.08],
  ['in_progress', 0.1],
  ['resolved', 0.2],
  ['followed_up', 0.52],
]);

/**
 * −ln p for p ~ Beta(0.75, 6) has mean ψ(6.75) − ψ(0.75) ≈ 2.92 and standard
 * deviation √(ψ′(0.75) − ψ′(6.75)) ≈ 1.54; standardising with them makes a
 * customer's staying power a z-score that drives how satisfied they say they are.
 */
function loyaltyZ(dropout: number): number {
  return Math.max(-3, Math.min(3, (-Math.log(dropout) - 2.92) / 1.54));
}

function isBuyer(columns: CustomerColumns, index: number): boolean {
  return !Number.isNaN(columns.firstPurchaseSeconds[index]!);
}

export function writeTags(context: DemoContext, columns: CustomerColumns, vip: ReadonlySet<number>): number {
  const { random, ids, window, repo, locale } = context;
  const setupMs = (window.startSeconds - 30 * SECONDS_PER_DAY) * 1000;
  const tagIds = new Map<DemoTagCode, string>();
  demoTagCodes.forEach((code, index) => {
    const at = window.calendar.iso(setupMs + index);
    const id = ids.at(setupMs + index);
    repo.insertTag.run(id, demoTags[code].names[locale], demoTags[code].color, at, at);
    tagIds.set(code, id);
  });
  let rows = 0;
  const tag = (customer: number, code: DemoTagCode, seconds: number): void => {
    const tagId = tagIds.get(code);
    if (!tagId) return;
    repo.insertCustomerTag.run(columns.customerId(customer), tagId, window.calendar.iso(seconds * 1000));
    rows++;
  };
  for (let i = 0; i < columns.count; i++) {
    const created = columns.createdSeconds[i]!;
    const personaTag = personas[personaCodes[columns.persona[i]!]!].tag;
    if (personaTag && random.chance(columns.isOrganization[i] === 1 ? 1 : 0.55)) tag(i, personaTag, created);
    if (columns.promotionDriven[i] === 1 && random.chance(0.5) && columns.purchases[i]! >= 3) {
      tag(i, 'deal_seeker', Math.min(window.endSeconds, columns.lastPurchaseSeconds[i]!));
    }
    if (vip.has(i)) tag(i, 'vip', window.endSeconds - random.between(1, 60) * SECONDS_PER_DAY);
  }
  return rows;
}

/** The top 1 % of buying customers by net spend (ties broken by sign-up order). */
export function topSpenders(columns: CustomerColumns, share: number): Set<number> {
  const buyers: number[] = [];
  for (let i = 0; i < columns.count; i++) if (columns.purchases[i]! > 0) buyers.push(i);
  buyers.sort((x, y) => columns.netSpendMinor[y]! - columns.netSpendMinor[x]! || x - y);
  return new Set(buyers.slice(0, Math.max(1, Math.round(buyers.length * share))));
}

export function writeInteractions(context: DemoContext, columns: CustomerColumns): number {
  const { random, ids, window, repo, locale, staff } = context;
  const channels = interactionChannels[locale];
  const summaries = interactionSummaries[locale];
  let rows = 0;
  for (let i = 0; i < columns.count; i++) {
    const persona = personas[personaCodes[columns.persona[i]!]!];
    const buyer = isBuyer(columns, i);
    const expected = buyer ? 0.12 + 0.04 * Math.min(columns.purchases[i]!, 30) : 0.3;
    const count = random.poisson(expected);
    if (count === 0) continue;
    const attitude = 0.75 * loyaltyZ(columns.dropout[i]!) + 0.66 * random.normal();
    const from = buyer ? columns.firstPurchaseSeconds[i]! : columns.createdSeconds[i]!;
    // Nobody talks to a customer after their record was deleted.
    const deleted = columns.deletedSeconds[i]!;
    const to = Math.min(
      Number.isNaN(deleted) ? window.endSeconds : deleted,
      (buyer ? columns.lastPurchaseSeconds[i]! : from) + 30 * SECONDS_PER_DAY,
    );
    for (let n = 0; n < count; n++) {
      const planDays = (from + random.next() * (to - from) - window.startSeconds) / SECONDS_PER_DAY;
      let seconds = visitTime(random, persona, window, planDays);
      if (seconds < from) seconds = from + random.between(60, 3600);
      if (seconds > to) continue;
      const ms = seconds * 1000 + random.int(1000);
      const at = window.calendar.iso(ms);
      const satisfaction = random.chance(0.45)
        ? Math.max(1, Math.min(5, Math.round(3.9 + 0.8 * attitude + 0.5 * random.normal())))
        : null;
      const recommend = random.chance(0.22)
        ? Math.max(0, Math.min(10, Math.round(7.6 + 1.6 * attitude + random.normal())))
        : null;
      repo.insertInteraction.run(
        ids.at(ms),
        columns.customerId(i),
        at,
        channels.draw(random),
        random.chance(0.6) ? 'inbound' : 'outbound',
        random.pick(staff),
        random.pick(summaries),
        satisfaction,
        recommend,
        at,
        at,
      );
      rows++;
    }
  }
  return rows;
}

export interface OpenFollowUp {
  readonly customer: number;
  readonly complaintId: string;
  readonly resolvedSeconds: number;
}

export interface ClosedFollowUp extends OpenFollowUp {
  readonly followedUpSeconds: number;
}

export interface WrittenComplaints {
  readonly complaints: number;
  readonly events: number;
  readonly interactions: number;
  readonly awaitingFollowUp: readonly OpenFollowUp[];
  readonly followedUp: readonly ClosedFollowUp[];
}

/**
 * A few complaints per hundred customers (at least one in every workflow
 * status), each with its inbound interaction and its insert-only trail of
 * status changes. Customers who are about to drop out complain more.
 */
export function writeComplaints(context: DemoContext, columns: CustomerColumns): WrittenComplaints {
  const { random, ids, window, repo, locale, staff } = context;
  const target = Math.max(complaintStatuses.length, Math.round(columns.count * 0.006));
  const descriptions = complaintDescriptions[locale];
  const resolutions = complaintResolutions[locale];
  const eventNotes = complaintEventNotes[locale];
  const end = window.endSeconds;
  const awaitingFollowUp: OpenFollowUp[] = [];
  const followedUp: ClosedFollowUp[] = [];
  let complaints = 0;
  let events = 0;

  for (let attempt = 0; complaints < target && attempt < target * 400; attempt++) {
    const customer = random.int(columns.count);
    if (!isBuyer(columns, customer) || columns.isDeleted[customer] === 1) continue;
    if (!random.chance(0.25 + columns.dropout[customer]!)) continue;
    const status: ComplaintStatus =
      complaints < complaintStatuses.length
        ? complaintStatuses[complaints]!
        : laterComplaintStatuses.draw(random);
    const isOpen = status === 'received' || status === 'cause_analysed' || status === 'in_progress';
    const first = columns.firstPurchaseSeconds[customer]!;
    const last = columns.lastPurchaseSeconds[customer]!;
    // Open complaints are recent (after the customer's last visit); closed ones left time for the whole workflow.
    let receivedSeconds: number;
    if (isOpen) {
      if (last < end - 30 * SECONDS_PER_DAY) continue;
      receivedSeconds = Math.min(end - SECONDS_PER_HOUR, last + random.between(600, 2 * SECONDS_PER_DAY));
    } else {
      const latest = Math.min(last, end - 20 * SECONDS_PER_DAY);
      if (latest < first) continue;
      receivedSeconds = first + random.next() * (latest - first) + random.between(600, 6 * SECONDS_PER_HOUR);
    }
    receivedSeconds = Math.floor(receivedSeconds);

    // Hours after receipt at which each later status is reached.
    const stepHours = [
      0,
      random.between(1, 8),
      random.between(2, 24),
      random.between(24, 96),
      random.between(72, 240),
    ];
    const statusIndex = complaintStatuses.indexOf(status);
    let offsets = stepHours.slice(0, statusIndex + 1).reduce<number[]>((acc, hours) => {
      acc.push((acc[acc.length - 1] ?? 0) + hours * SECONDS_PER_HOUR);
      return acc;
    }, []);
    const lastOffset = offsets[offsets.length - 1] ?? 0;
    if (lastOffset > 0 && receivedSeconds + lastOffset > end - 60) {
      const scale = Math.max(0, end - 60 - receivedSeconds) / lastOffset;
      offsets = offsets.map((offset) => Math.floor(offset * scale));
    }
    const stepMs = offsets.map((offset, index) => (receivedSeconds + offset) * 1000 + index);

    const cause = complaintCauseWeights.draw(random);
    const description = random.pick(descriptions[cause]);
    const channel = random.pick(['face_to_face', 'face_to_face', 'phone', 'wechat', 'website'] as const);
    const staffMember = random.pick(staff);
    const receivedAt = window.calendar.iso(stepMs[0]!);
    const interactionId = ids.at(stepMs[0]!);
    repo.insertInteraction.run(
      interactionId,
      columns.customerId(customer),
      receivedAt,
      channel,
      'inbound',
      staffMember,
      description,
      random.between(1, 2),
      null,
      receivedAt,
      receivedAt,
    );

    const resolved = statusIndex >= 3;
    const followed = statusIndex >= 4;
    const resolvedAt = resolved ? window.calendar.iso(stepMs[3]!) : null;
    const followedUpAt = followed ? window.calendar.iso(stepMs[4]!) : null;
    const complaintId = ids.at(stepMs[0]!);
    repo.insertComplaint.run(
      complaintId,
      columns.customerId(customer),
      interactionId,
      receivedAt,
      channel,
      description,
      // The cause is only known once it has been analysed.
      statusIndex >= 1 ? cause : null,
      status,
      resolved ? random.pick(resolutions) : null,
      resolvedAt,
      followedUpAt,
      followed ? Math.max(1, Math.min(5, Math.round(3.8 + 0.9 * random.normal()))) : null,
      staffMember,
      receivedAt,
      window.calendar.iso(stepMs[stepMs.length - 1]!),
    );
    for (let step = 0; step <= statusIndex; step++) {
      const toStatus = complaintStatuses[step]!;
      repo.insertComplaintEvent.run(
        ids.at(stepMs[step]!),
        complaintId,
        step === 0 ? null : complaintStatuses[step - 1]!,
        toStatus,
        window.calendar.iso(stepMs[step]!),
        step >= 3 ? 'owner' : 'staff',
        eventNotes[toStatus] ?? toStatus,
      );
      events++;
    }
    if (resolved && !followed) {
      awaitingFollowUp.push({ customer, complaintId, resolvedSeconds: receivedSeconds + offsets[3]! });
    }
    if (followed) {
      followedUp.push({
        customer,
        complaintId,
        resolvedSeconds: receivedSeconds + offsets[3]!,
        followedUpSeconds: receivedSeconds + offsets[4]!,
      });
    }
    complaints++;
  }
  return { complaints, events, interactions: complaints, awaitingFollowUp, followedUp };
}

/**
 * Customer-care reminders (DOMAIN.md §2): open ones for birthdays this week,
 * complaints awaiting their follow-up call, recent large orders and lapsed
 * good customers; done ones for complaints already followed up.
 */
export function writeReminders(
  context: DemoContext,
  columns: CustomerColumns,
  complaints: WrittenComplaints,
  largePurchases: readonly LargePurchase[],
): number {
  const { random, ids, window, repo, locale } = context;
  const { calendar } = window;
  const titles = reminderTitles[locale];
  const end = window.endSeconds;
  const today = calendar.localDay(end);
  const nineAm = (day: number): number => calendar.unixSeconds(day, 9 * SECONDS_PER_HOUR);
  let rows = 0;
  const add = (
    customer: number,
    kind: string,
    dueSeconds: number,
    sourceId: string | null,
    createdMs: number,
    doneSeconds: number | null,
  ): void => {
    const created = calendar.iso(createdMs);
    const done = doneSeconds === null ? null : calendar.iso(doneSeconds * 1000);
    repo.insertReminder.run(
      ids.at(createdMs),
      columns.customerId(customer),
      kind,
      calendar.iso(dueSeconds * 1000),
      titles[kind] ?? kind,
      null,
      sourceId,
      done,
      created,
      done ?? created,
    );
    rows++;
  };

  const weekDays = new Map<number, number>();
  for (let k = 0; k < 7; k++) {
    const { month, day } = civilFromDays(today + k);
    weekDays.set(month * 100 + day, today + k);
  }
  let birthdays = 0;
  for (let i = 0; i < columns.count && birthdays < 15; i++) {
    const day = weekDays.get(columns.birthdayMonthDay[i]!);
    if (day === undefined || columns.isDeleted[i] === 1) continue;
    add(i, 'birthday', nineAm(day), null, (end - 6 * SECONDS_PER_HOUR) * 1000 + i, null);
    birthdays++;
  }
  for (const open of complaints.awaitingFollowUp) {
    add(
      open.customer,
      'complaint_follow_up',
      open.resolvedSeconds + 3 * SECONDS_PER_DAY,
      open.complaintId,
      open.resolvedSeconds * 1000 + 1,
      null,
    );
  }
  for (const closed of complaints.followedUp) {
    add(
      closed.customer,
      'complaint_follow_up',
      closed.resolvedSeconds + 3 * SECONDS_PER_DAY,
      closed.complaintId,
      closed.resolvedSeconds * 1000 + 1,
      closed.followedUpSeconds,
    );
  }
  for (const large of largePurchases
    .filter((purchase) => columns.isDeleted[purchase.customer] === 0)
    .slice(-5)) {
    add(
      large.customer,
      'large_purchase',
      large.seconds + 2 * SECONDS_PER_DAY,
      large.purchaseId,
      large.seconds * 1000 + 2,
      null,
    );
  }
  let winBacks = 0;
  const spendBar = context.meanTicketMinor * 25;
  for (let i = 0; i < columns.count && winBacks < 8; i++) {
    const last = columns.lastPurchaseSeconds[i]!;
    if (columns.isDeleted[i] === 1 || Number.isNaN(last) || columns.netSpendMinor[i]! < spendBar) continue;
    const daysAway = (end - last) / SECONDS_PER_DAY;
    if (daysAway < 120 || daysAway > 400 || !random.chance(0.5)) continue;
    add(i, 'win_back', nineAm(today) + SECONDS_PER_HOUR, null, (end - 6 * SECONDS_PER_HOUR) * 1000 + 3, null);
    winBacks++;
  }
  return rows;
}

export interface WrittenCampaigns {
  readonly campaigns: number;
  readonly contacts: number;
}

/** Promotion data: a few campaigns, sent to consenting customers who were around at the time. */
export function writeCampaigns(context: DemoContext, columns: CustomerColumns): WrittenCampaigns {
  const { random, ids, window, repo, locale } = context;
  const { calendar } = window;
  const span = window.endSeconds - window.startSeconds;
  let campaigns = 0;
  let contacts = 0;
  for (const campaign of demoCampaigns[locale]) {
    const startDay = calendar.localDay(window.startSeconds + campaign.at * span);
    const startSeconds = calendar.unixSeconds(startDay, 10 * SECONDS_PER_HOUR);
    const endSeconds = Math.min(window.endSeconds, startSeconds + campaign.days * SECONDS_PER_DAY);
    const campaignId = ids.at(startSeconds * 1000 - 3_600_000);
    const createdAt = calendar.iso(startSeconds * 1000 - 3_600_000);
    repo.insertCampaign.run(
      campaignId,
      campaign.name,
      campaign.channel,
      calendar.iso(startSeconds * 1000),
      calendar.iso(endSeconds * 1000),
      campaign.offer,
      createdAt,
      createdAt,
    );
    campaigns++;
    const bit = consentChannels.indexOf(campaign.channel as (typeof consentChannels)[number]);
    if (bit < 0) continue;
    for (let i = 0; i < columns.count; i++) {
      if ((columns.consentGranted[i]! & (1 << bit)) === 0 || columns.isDeleted[i] === 1) continue;
      if (columns.createdSeconds[i]! >= startSeconds) continue;
      const last = columns.lastPurchaseSeconds[i]!;
      if (Number.isNaN(last) || last < startSeconds - 240 * SECONDS_PER_DAY || !random.chance(0.6)) continue;
      const sentMs = (startSeconds + random.between(0, 1800)) * 1000 + random.int(1000);
      const sentAt = calendar.iso(sentMs);
      const u = random.next();
      const redeem = columns.promotionDriven[i] === 1 ? 0.3 : 0.06;
      const response =
        u < 0.015 ? 'opted_out' : u < 0.015 + redeem ? 'redeemed' : u < 0.365 + redeem ? 'opened' : 'none';
      let respondedAt: string | null = null;
      let updatedAt = sentAt;
      if (response !== 'none') {
        const respondedSeconds = Math.floor(sentMs / 1000) + random.between(600, 3 * SECONDS_PER_DAY);
        if (respondedSeconds <= window.endSeconds) {
          respondedAt = calendar.iso(respondedSeconds * 1000);
          updatedAt = respondedAt;
        }
      }
      repo.insertCampaignContact.run(
        ids.at(sentMs),
        campaignId,
        columns.customerId(i),
        sentAt,
        respondedAt === null ? 'none' : response,
        respondedAt,
        sentAt,
        updatedAt,
      );
      contacts++;
    }
  }
  return { campaigns, contacts };
}

/** Costs of serving a customer (DOMAIN.md §3.4): birthday gifts for VIPs and vouchers given after complaints. */
export function writeCustomerCosts(
  context: DemoContext,
  columns: CustomerColumns,
  vip: ReadonlySet<number>,
  complaints: WrittenComplaints,
): number {
  const { random, ids, window, repo, locale } = context;
  const giftMinor = locale === 'zh-CN' ? 3800 : 800;
  const voucherMinor = locale === 'zh-CN' ? 2800 : 550;
  const giftNote = locale === 'zh-CN' ? '生日礼物' : 'Birthday gift';
  const voucherNote = locale === 'zh-CN' ? '投诉补偿饮品券' : 'Apology voucher';
  let rows = 0;
  const add = (customer: number, seconds: number, kind: string, amount: number, note: string): void => {
    const ms = seconds * 1000 + random.int(1000);
    const at = window.calendar.iso(ms);
    repo.insertCustomerCost.run(ids.at(ms), columns.customerId(customer), at, kind, amount, note, at, at);
    rows++;
  };
  for (const customer of [...vip].sort((x, y) => x - y)) {
    const first = columns.firstPurchaseSeconds[customer]!;
    for (
      let seconds = first + 365 * SECONDS_PER_DAY;
      seconds < window.endSeconds;
      seconds += 365 * SECONDS_PER_DAY
    ) {
      add(customer, seconds, 'gift', giftMinor, giftNote);
    }
  }
  for (const closed of complaints.followedUp) {
    if (random.chance(0.5))
      add(closed.customer, closed.resolvedSeconds, 'service', voucherMinor, voucherNote);
  }
  return rows;
}
