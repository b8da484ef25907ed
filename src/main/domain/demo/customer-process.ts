import type { PersonaDef } from './personas';
import type { Random } from './random';
import type { ShopCalendar } from './shop-calendar';

/**
 * The true parameters of the demo shop's customer base, in days. Purchases
 * follow the BG/NBD story (Fader, Hardie & Lee 2005): while alive a customer
 * buys as a Poisson process with rate λ ~ Gamma(r, α) (α a rate, so mean
 * λ = r/α), and after every purchase drops out for good with probability
 * p ~ Beta(a, b). Spend per visit follows Gamma-Gamma (Fader & Hardie 2013):
 * each visit's target z ~ Gamma(p, ν) with ν ~ Gamma(q, γ), so the
 * customer's mean ticket is p/ν and the population mean pγ/(q − 1).
 *
 * Calibrated so that over 24 months the average customer makes about ten
 * purchases (measured by test/bench/seed.bench.ts), with the long tail of
 * daily regulars and the mass of one-off visitors a café really has.
 *
 * Measured: a BG/NBD fit on the distinct purchase days of 10,000 demo
 * customers (seeds 11 and 12) gives a ≈ 0.79–0.83, b ≈ 7.5–8.1, r ≈ 0.53,
 * α ≈ 6.7–6.8. Weekday habits and opening hours make visits more regular than a
 * pure Poisson process, which is why r comes out lower than drawn.
 */
export const demoProcessParameters = {
  r: 0.78,
  alpha: 8,
  a: 0.75,
  b: 6,
  /** Growth of sign-ups across the window: density ∝ exp(joinGrowth · t / window). */
  joinGrowth: 1.1,
  /** Customers recorded (at an event, online) who never bought anything. */
  prospectShare: 0.03,
  /** Chance that a purchase is followed by a refund of one of its items. */
  returnRate: 0.006,
} as const;

export const demoSpendParameters = {
  p: 6,
  q: 3.5,
} as const;

const SECONDS_PER_DAY = 86_400;
const WEEKDAY_OPEN = 7.5 * 3600;
const WEEKEND_OPEN = 8.5 * 3600;
/** Last order five minutes before closing at 21:00. */
const LAST_ORDER = 21 * 3600 - 300;

/** Seconds after local midnight of a visit by this persona on this weekday, inside opening hours. */
export function visitSecondsOfDay(random: Random, persona: PersonaDef, dayOfWeek: number): number {
  const open = dayOfWeek === 0 || dayOfWeek === 6 ? WEEKEND_OPEN : WEEKDAY_OPEN;
  let seconds = 0;
  for (let attempt = 0; attempt < 4; attempt++) {
    let u = random.next();
    let component = persona.hours[0]!;
    for (const candidate of persona.hours) {
      component = candidate;
      if (u < candidate[2]) break;
      u -= candidate[2];
    }
    seconds = Math.round((component[0] + component[1] * random.normal()) * 3600);
    if (seconds >= open && seconds <= LAST_ORDER) return seconds;
  }
  return Math.min(LAST_ORDER, Math.max(open, seconds));
}

/**
 * Moves a planned visit to a nearby day this persona actually comes in
 * (weekday habits): the planned day if accepted, else a day up to three
 * days either side, so habits shape the week without piling visits up on
 * the first day after a weekend.
 */
export function acceptedDay(
  random: Random,
  persona: PersonaDef,
  calendar: ShopCalendar,
  localDay: number,
): number {
  if (random.next() < persona.weekdayAcceptance[calendar.dayOfWeek(localDay)]!) return localDay;
  for (let attempt = 0; attempt < 12; attempt++) {
    const day = localDay + random.between(-3, 3);
    if (random.next() < persona.weekdayAcceptance[calendar.dayOfWeek(day)]!) return day;
  }
  return localDay;
}

/** Growable columns of purchase events (customer, Unix seconds, kind), kept as typed arrays. */
export class EventLog {
  customer = new Int32Array(1024);
  time = new Float64Array(1024);
  isReturn = new Uint8Array(1024);
  length = 0;

  push(customer: number, unixSeconds: number, isReturn: boolean): void {
    if (this.length === this.customer.length) this.grow();
    this.customer[this.length] = customer;
    this.time[this.length] = unixSeconds;
    this.isReturn[this.length] = isReturn ? 1 : 0;
    this.length++;
  }

  reserve(capacity: number): void {
    while (this.customer.length < capacity) this.grow();
  }

  /** Event indices in time order (ties by insertion order), via one native numeric sort. */
  timeOrder(origin: number): Uint32Array {
    const n = this.length;
    const order = new Uint32Array(n);
    const indexBits = Math.max(1, Math.ceil(Math.log2(n + 1)));
    const factor = 2 ** indexBits;
    let maxOffset = 0;
    for (let i = 0; i < n; i++) maxOffset = Math.max(maxOffset, this.time[i]! - origin);
    if ((maxOffset + 1) * factor < Number.MAX_SAFE_INTEGER) {
      // Packing (seconds since origin, index) into one exact double lets
      // Float64Array#sort do the work natively, ~10× faster than a comparator.
      const keys = new Float64Array(n);
      for (let i = 0; i < n; i++) keys[i] = Math.round(this.time[i]! - origin) * factor + i;
      keys.sort();
      for (let i = 0; i < n; i++) order[i] = keys[i]! % factor;
      return order;
    }
    for (let i = 0; i < n; i++) order[i] = i;
    return order.sort((x, y) => this.time[x]! - this.time[y]! || x - y);
  }

  private grow(): void {
    const capacity = this.customer.length * 2;
    const customer = new Int32Array(capacity);
    customer.set(this.customer);
    const time = new Float64Array(capacity);
    time.set(this.time);
    const isReturn = new Uint8Array(capacity);
    isReturn.set(this.isReturn);
    this.customer = customer;
    this.time = time;
    this.isReturn = isReturn;
  }
}

export interface LatentCustomer {
  /** Purchase rate while alive, per day. */
  readonly lambda: number;
  /** Probability of dropping out after each purchase. */
  readonly dropout: number;
}

export function drawLatentCustomer(random: Random): LatentCustomer {
  const { r, alpha, a, b } = demoProcessParameters;
  return { lambda: random.gamma(r, 1 / alpha), dropout: random.beta(a, b) };
}

/** Days after the window start at which a customer signs up; more sign-ups as the shop becomes known. */
export function drawJoinDay(random: Random, windowDays: number): number {
  const g = demoProcessParameters.joinGrowth;
  return (Math.log(1 + random.next() * (Math.exp(g) - 1)) / g) * windowDays;
}

export interface SimulationWindow {
  readonly calendar: ShopCalendar;
  /** Unix seconds of the window start and of the end date. */
  readonly startSeconds: number;
  readonly endSeconds: number;
}

/**
 * Unix seconds of a visit planned at a continuous time (days since the window
 * start), moved to an accepted weekday and an opening hour.
 */
export function visitTime(
  random: Random,
  persona: PersonaDef,
  window: SimulationWindow,
  planDays: number,
): number {
  const { calendar } = window;
  const day = acceptedDay(
    random,
    persona,
    calendar,
    calendar.localDay(window.startSeconds + planDays * SECONDS_PER_DAY),
  );
  return calendar.unixSeconds(day, visitSecondsOfDay(random, persona, calendar.dayOfWeek(day)));
}

/**
 * Runs one customer's BG/NBD life from the first purchase at `firstSeconds`
 * (planned at `joinDays`) and appends every purchase, and the odd refund, to
 * the log. Returns the time of the last purchase.
 */
export function simulatePurchases(
  random: Random,
  persona: PersonaDef,
  latent: LatentCustomer,
  window: SimulationWindow,
  customer: number,
  joinDays: number,
  firstSeconds: number,
  log: EventLog,
): number {
  const windowDays = (window.endSeconds - window.startSeconds) / SECONDS_PER_DAY;
  const { returnRate } = demoProcessParameters;
  let previous = firstSeconds;
  log.push(customer, firstSeconds, false);
  let clock = joinDays;
  for (;;) {
    if (random.next() < latent.dropout) break;
    clock += random.exponential(latent.lambda);
    if (clock > windowDays) break;
    let at = visitTime(random, persona, window, clock);
    // The weekday habit can move a visit before the previous one; then it happens a day later instead.
    for (let nudge = 1; at <= previous && nudge <= 7; nudge++)
      at = visitTime(random, persona, window, clock + nudge);
    if (at <= previous) break;
    if (at > window.endSeconds) break;
    log.push(customer, at, false);
    previous = at;
    if (random.next() < returnRate) {
      // Refunds happen at the counter the same day, before closing.
      const closing = window.calendar.unixSeconds(window.calendar.localDay(at), LAST_ORDER);
      const refundAt = Math.max(at + 60, Math.min(closing, at + random.between(300, 3600)));
      if (refundAt <= window.endSeconds) log.push(customer, refundAt, true);
    }
  }
  return previous;
}
