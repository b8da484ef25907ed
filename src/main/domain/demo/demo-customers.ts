import { nameSearchKeys, type NameSearchKeys } from '../customers/search-keys';
import { productIndex, type DemoLocale } from './catalogue';
import {
  demoProcessParameters,
  demoSpendParameters,
  drawJoinDay,
  drawLatentCustomer,
  simulatePurchases,
  visitTime,
  type EventLog,
} from './customer-process';
import { consentChannels, CustomerColumns, type DemoContext } from './demo-context';
import type { CustomerRow } from './demo.repo';
import { drawEmail, drawGender, drawPersonName, drawPhone, drawWechat, type DemoGender } from './people';
import { personaCodes, personas, personPersonas, type PersonaCode } from './personas';
import { Weighted, type Random } from './random';
import { civilFromDays, dateString } from './shop-calendar';
import {
  contactTitles,
  customerNotes,
  districts,
  industries,
  organizationBrands,
  organizationKinds,
  positions,
  streets,
} from './texts';

const SECONDS_PER_DAY = 86_400;

export const paymentMethods: Readonly<Record<DemoLocale, readonly string[]>> = {
  'zh-CN': ['wechat_pay', 'alipay', 'stored_value', 'card', 'cash'],
  en: ['card', 'mobile_wallet', 'cash', 'stored_value'],
};
const preferredPaymentWeights: Readonly<Record<DemoLocale, Weighted<number>>> = {
  'zh-CN': new Weighted([
    [0, 0.55],
    [1, 0.28],
    [2, 0.08],
    [3, 0.05],
    [4, 0.04],
  ]),
  en: new Weighted([
    [0, 0.6],
    [1, 0.25],
    [2, 0.1],
    [3, 0.05],
  ]),
};

const personSources = new Weighted<string>([
  ['walk_in', 0.52],
  ['referral', 0.12],
  ['online', 0.16],
  ['event', 0.08],
  ['phone', 0.04],
  ['other', 0.08],
]);
const organizationSources = new Weighted<string>([
  ['referral', 0.4],
  ['phone', 0.3],
  ['walk_in', 0.2],
  ['other', 0.1],
]);
const companySizes = new Weighted<string>([
  ['1-10', 0.35],
  ['11-50', 0.4],
  ['51-200', 0.18],
  ['201-1000', 0.07],
]);
const creditRatings = new Weighted<string>([
  ['A', 0.4],
  ['B', 0.35],
  ['C', 0.2],
  ['D', 0.05],
]);

const ORGANIZATION_SHARE = 0.03;
const PROMOTION_DRIVEN_SHARE = 0.12;
const SOFT_DELETED_SHARE = 0.004;

/** Ages (years) of adults by persona: [minimum, maximum]. */
const ageRange: Readonly<Record<PersonaCode, readonly [number, number]>> = {
  office: [22, 55],
  student: [18, 25],
  neighbour: [25, 78],
  enthusiast: [22, 60],
  family: [27, 46],
  tea_lover: [20, 70],
  organization: [0, 0],
};

export interface GeneratedCustomers {
  readonly columns: CustomerColumns;
  readonly consents: number;
}

/**
 * Creates every customer in sign-up order, writes its row and consents, and
 * runs its purchase process into the event log (purchases are written later,
 * in time order, by demo-purchases).
 */
export function generateCustomers(
  context: DemoContext,
  count: number,
  log: EventLog,
  onCustomer: (index: number) => void,
): GeneratedCustomers {
  const { random, window, locale } = context;
  const columns = new CustomerColumns(count);
  const windowDays = (window.endSeconds - window.startSeconds) / SECONDS_PER_DAY;
  const todayLocal = window.calendar.localDay(window.endSeconds);

  const joinDays = new Float64Array(count);
  for (let i = 0; i < count; i++) joinDays[i] = drawJoinDay(random, windowDays);
  joinDays.sort();

  const keyCache = new Map<string, NameSearchKeys>();
  const keysOf = (name: string): NameSearchKeys => {
    let keys = keyCache.get(name);
    if (!keys) {
      keys = nameSearchKeys(name);
      keyCache.set(name, keys);
    }
    return keys;
  };
  const takenPhones = new Set<string>();
  const organizationNamesTaken = new Set<string>();
  const organizationIndices: number[] = [];
  const { p, q } = demoSpendParameters;
  // ν ~ Gamma(q, γ) with γ chosen so the population mean ticket pγ/(q − 1) is the shop's.
  const gammaRate = (context.meanTicketMinor * (q - 1)) / p;
  let memberSequence = 0;
  let consents = 0;

  for (let i = 0; i < count; i++) {
    const isOrganization = random.chance(ORGANIZATION_SHARE);
    const persona: PersonaCode = isOrganization ? 'organization' : personPersonas.draw(random);
    const personaDef = personas[persona];
    const latent = drawLatentCustomer(random);
    columns.persona[i] = personaCodes.indexOf(persona);
    columns.isOrganization[i] = isOrganization ? 1 : 0;
    columns.dropout[i] = latent.dropout;
    columns.spendRate[i] = random.gamma(q, 1 / gammaRate);
    columns.favouriteDrink[i] = productIndex(random.pick(personaDef.favouriteDrinks));
    const promotionDriven = random.chance(PROMOTION_DRIVEN_SHARE);
    columns.promotionDriven[i] = promotionDriven ? 1 : 0;
    columns.discountProbability[i] = promotionDriven
      ? 0.6 + 0.3 * random.next()
      : 0.03 + 0.07 * random.next();
    columns.preferredPayment[i] = preferredPaymentWeights[locale].draw(random);

    // The first purchase is the sign-up visit; one planned after the end date moves back a day at a time.
    const prospect = random.chance(demoProcessParameters.prospectShare);
    let joinDay = joinDays[i]!;
    let firstSeconds = visitTime(random, personaDef, window, joinDay);
    for (let attempt = 0; firstSeconds > window.endSeconds && attempt < 7; attempt++) {
      joinDay = Math.max(0, joinDay - 1);
      firstSeconds = visitTime(random, personaDef, window, joinDay);
    }
    const buys = !prospect && firstSeconds <= window.endSeconds && firstSeconds >= window.startSeconds;
    const createdSeconds = buys
      ? firstSeconds - random.between(1, 120)
      : Math.min(window.endSeconds - 60, Math.max(window.startSeconds, firstSeconds));
    columns.createdSeconds[i] = createdSeconds;
    const createdMs = createdSeconds * 1000 + random.int(1000);
    const id = context.ids.at(createdMs);
    columns.ids[i] = id;
    if (buys) {
      columns.firstPurchaseSeconds[i] = firstSeconds;
      columns.lastPurchaseSeconds[i] = simulatePurchases(
        random,
        personaDef,
        latent,
        window,
        i,
        joinDay,
        firstSeconds,
        log,
      );
    }

    const createdAt = window.calendar.iso(createdMs);
    const gender: DemoGender | null = isOrganization ? null : drawGender(random);
    let name: string;
    let companyName: string | null = null;
    let industry: string | null = null;
    if (isOrganization) {
      const [suffix, industryIndex] = random.pick(organizationKinds[locale]);
      name = random.pick(organizationBrands[locale]) + suffix;
      if (organizationNamesTaken.has(name)) {
        name =
          locale === 'zh-CN'
            ? `${name}（${random.pick(districts[locale])}）`
            : `${name} (${random.pick(districts[locale])})`;
      }
      organizationNamesTaken.add(name);
      companyName = name;
      industry = industries[locale][industryIndex] ?? null;
    } else {
      name = drawPersonName(random, locale, gender);
    }
    const keys = keysOf(name);

    const phone = random.chance(isOrganization ? 0.95 : locale === 'zh-CN' ? 0.92 : 0.85)
      ? drawPhone(random, locale, takenPhones)
      : null;
    const phone2 = isOrganization && random.chance(0.3) ? drawPhone(random, locale, takenPhones).e164 : null;
    let email: string | null = null;
    if (isOrganization) {
      if (random.chance(0.8)) {
        email =
          locale === 'zh-CN'
            ? `office${random.between(1, 99)}@${keys.initials || 'corp'}${random.between(10, 99)}.com.cn`
            : `office@${keys.pinyin.slice(0, 16) || 'corp'}${random.between(1, 99)}.com`;
      }
    } else if (random.chance(locale === 'zh-CN' ? 0.3 : 0.65)) {
      email = drawEmail(random, locale, name, keys.pinyin);
    }
    const wechat = random.chance(locale === 'zh-CN' ? (isOrganization ? 0.5 : 0.55) : 0.03)
      ? drawWechat(random, keys.pinyin)
      : null;

    let birthday: string | null = null;
    if (!isOrganization && random.chance(0.75)) {
      const [minAge, maxAge] = ageRange[persona];
      const birth = drawBirthday(random, todayLocal, minAge, maxAge);
      birthday = birth.text;
      columns.birthdayMonthDay[i] = birth.monthDay;
    }

    const source = (isOrganization ? organizationSources : personSources).draw(random);
    // Sign-up order is only roughly time order (weekday habits move visits by a few days),
    // so a referrer or employer is checked to have been on record first.
    const recordedBefore = (other: number | undefined): string | null =>
      other !== undefined && columns.createdSeconds[other]! < createdSeconds
        ? columns.customerId(other)
        : null;
    const referredBy =
      source === 'referral' && i > 0 && random.chance(0.85) ? recordedBefore(random.int(i)) : null;
    let organizationId: string | null = null;
    let position: string | null = null;
    if (persona === 'office' && organizationIndices.length > 0 && random.chance(0.1)) {
      organizationId = recordedBefore(random.pick(organizationIndices));
      position = organizationId === null ? null : random.pick(positions[locale]);
    }
    const memberNo = random.chance(isOrganization ? 0.9 : 0.75)
      ? `D1-${String(++memberSequence).padStart(6, '0')}`
      : null;
    const address = random.chance(isOrganization ? 0.9 : 0.15)
      ? locale === 'zh-CN'
        ? `上海市${random.pick(districts[locale])}区${random.pick(streets[locale])}${random.between(1, 400)}号`
        : `${random.between(10, 999)} ${random.pick(streets[locale])}, New York, NY`
      : null;
    const notes = random.chance(0.05) ? random.pick(customerNotes[locale]) : null;
    let creditRating: string | null = null;
    let creditLimit: number | null = null;
    if (isOrganization && random.chance(0.45)) {
      creditRating = creditRatings.draw(random);
      creditLimit = (locale === 'zh-CN' ? 100_000 : 20_000) * random.between(2, 20);
      columns.onAccount[i] = creditRating === 'D' ? 0 : 1;
    }

    let deletedAt: string | null = null;
    if (!isOrganization && random.chance(SOFT_DELETED_SHARE)) {
      const lastSeen = Number.isNaN(columns.lastPurchaseSeconds[i]!)
        ? createdSeconds
        : columns.lastPurchaseSeconds[i]!;
      const deletedSeconds = Math.min(
        window.endSeconds - 60,
        lastSeen + random.between(1, 90) * SECONDS_PER_DAY,
      );
      if (deletedSeconds > createdSeconds) {
        deletedAt = window.calendar.iso(deletedSeconds * 1000);
        columns.isDeleted[i] = 1;
        columns.deletedSeconds[i] = deletedSeconds;
      }
    }

    const row: CustomerRow = [
      id,
      isOrganization ? 'organization' : 'person',
      name,
      keys.pinyin,
      keys.initials,
      memberNo,
      phone?.e164 ?? null,
      phone?.national ?? null,
      phone2,
      email,
      wechat,
      gender,
      birthday,
      address,
      source,
      referredBy,
      organizationId,
      position,
      companyName,
      industry,
      isOrganization ? companySizes.draw(random) : null,
      isOrganization ? drawPersonName(random, locale, drawGender(random)) : null,
      isOrganization ? random.pick(contactTitles[locale]) : null,
      notes,
      creditRating,
      creditLimit,
      createdAt,
      deletedAt ?? createdAt,
      deletedAt,
    ];
    context.repo.insertCustomer.run(...row);
    if (isOrganization) organizationIndices.push(i);

    consents += writeConsents(context, columns, i, createdMs, {
      sms: phone !== null,
      wechat: wechat !== null,
      email: email !== null,
      phone: phone !== null,
    });
    onCustomer(i);
  }
  return { columns, consents };
}

/** The consent source is free text a person reads on the card (how the answer was obtained). */
const CONSENT_SOURCE = { 'zh-CN': '入会登记表', en: 'Sign-up form' } as const;
const WITHDRAWAL_SOURCE = { 'zh-CN': '顾客要求退订', en: 'Customer asked to stop' } as const;

/** Most customers record a choice per reachable channel at sign-up; a few later withdraw (the proof trail). */
function writeConsents(
  context: DemoContext,
  columns: CustomerColumns,
  index: number,
  createdMs: number,
  reachable: Readonly<Record<(typeof consentChannels)[number], boolean>>,
): number {
  const { random, window, repo } = context;
  if (!random.chance(0.85)) return 0;
  const customerId = columns.customerId(index);
  const recordedAt = window.calendar.iso(createdMs);
  let rows = 0;
  let granted = 0;
  consentChannels.forEach((channel, bit) => {
    if (!reachable[channel]) return;
    if (channel === 'phone' && !random.chance(0.5)) return;
    const yes = random.chance(channel === 'phone' ? 0.35 : 0.65);
    repo.insertConsent.run(
      context.ids.at(createdMs),
      customerId,
      channel,
      yes ? 1 : 0,
      recordedAt,
      CONSENT_SOURCE[context.locale],
      recordedAt,
    );
    rows++;
    if (!yes) return;
    const withdrawSeconds = Math.floor(createdMs / 1000) + random.between(7, 400) * SECONDS_PER_DAY;
    if (random.chance(0.06) && withdrawSeconds < window.endSeconds) {
      const withdrawnAt = window.calendar.iso(withdrawSeconds * 1000);
      repo.insertConsent.run(
        context.ids.at(withdrawSeconds * 1000),
        customerId,
        channel,
        0,
        withdrawnAt,
        WITHDRAWAL_SOURCE[context.locale],
        withdrawnAt,
      );
      rows++;
      return;
    }
    granted |= 1 << bit;
  });
  columns.consentGranted[index] = granted;
  return rows;
}

/**
 * A birthday for an adult of the given age range. About 1 % fall on the
 * shop's today and 2.5 % later this week, so the "Today" view and birthday
 * reminders have something to show in a small demo.
 */
function drawBirthday(
  random: Random,
  todayLocalDay: number,
  minAge: number,
  maxAge: number,
): { text: string; monthDay: number } {
  const today = civilFromDays(todayLocalDay);
  const age = random.between(minAge, maxAge);
  const u = random.next();
  let month: number;
  let day: number;
  if (u < 0.035) {
    const target = civilFromDays(todayLocalDay + (u < 0.01 ? 0 : random.between(1, 6)));
    month = target.month;
    day = target.day;
  } else {
    // Any day of a non-leap year (2001), so nobody is born on a 29 February that does not exist.
    const date = civilFromDays(11_323 + random.int(365));
    month = date.month;
    day = date.day;
  }
  let year = today.year - age;
  if (month > today.month || (month === today.month && day > today.day)) year -= 1;
  if (month === 2 && day === 29 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))) day = 28;
  // monthDay is taken after that correction, so reminders match the stored date.
  return { text: dateString(year, month, day), monthDay: month * 100 + day };
}
