import type { WritableDB } from '../../db/connection';
import type { DemoLocale } from './catalogue';
import type { SimulationWindow } from './customer-process';
import type { DemoIds } from './demo-ids';
import type { DemoRepo } from './demo.repo';
import type { Random } from './random';

/** What every generation step shares: the seeded streams, the shop's clock and the prepared statements. */
export interface DemoContext {
  readonly db: WritableDB;
  readonly locale: DemoLocale;
  /** The data stream; ids draw from their own stream so adding a row kind never reshuffles the data. */
  readonly random: Random;
  readonly ids: DemoIds;
  readonly window: SimulationWindow;
  readonly repo: DemoRepo;
  /** Population mean of the Gamma-Gamma spend per visit, in minor units. */
  readonly meanTicketMinor: number;
  readonly staff: readonly string[];
}

/** Channels a consent can be recorded for, as bits of `CustomerColumns.consentGranted`. */
export const consentChannels = ['sms', 'wechat', 'email', 'phone'] as const;

/**
 * What later steps need to know about each customer, one typed column per
 * fact (customers are indexed 0…n−1 in sign-up order), instead of a
 * hundred thousand objects.
 */
export class CustomerColumns {
  readonly ids: string[];
  readonly persona: Uint8Array;
  readonly isOrganization: Uint8Array;
  readonly isDeleted: Uint8Array;
  /** When a soft-deleted customer was deleted (Unix seconds), NaN otherwise. */
  readonly deletedSeconds: Float64Array;
  readonly favouriteDrink: Int16Array;
  /** Gamma-Gamma ν of the customer (rate of its per-visit spend), per minor unit. */
  readonly spendRate: Float64Array;
  readonly dropout: Float64Array;
  readonly discountProbability: Float64Array;
  readonly promotionDriven: Uint8Array;
  readonly preferredPayment: Uint8Array;
  readonly onAccount: Uint8Array;
  readonly createdSeconds: Float64Array;
  /** NaN for customers who never bought. */
  readonly firstPurchaseSeconds: Float64Array;
  readonly lastPurchaseSeconds: Float64Array;
  readonly consentGranted: Uint8Array;
  /** month × 100 + day of the birthday, or 0 when unknown. */
  readonly birthdayMonthDay: Uint16Array;
  /** Filled while purchases are written. */
  readonly purchases: Int32Array;
  readonly discountedPurchases: Int32Array;
  readonly netSpendMinor: Float64Array;
  readonly lastProduct: Int16Array;
  readonly lastUnitNetMinor: Int32Array;

  constructor(readonly count: number) {
    this.ids = new Array<string>(count).fill('');
    this.persona = new Uint8Array(count);
    this.isOrganization = new Uint8Array(count);
    this.isDeleted = new Uint8Array(count);
    this.deletedSeconds = new Float64Array(count).fill(Number.NaN);
    this.favouriteDrink = new Int16Array(count);
    this.spendRate = new Float64Array(count);
    this.dropout = new Float64Array(count);
    this.discountProbability = new Float64Array(count);
    this.promotionDriven = new Uint8Array(count);
    this.preferredPayment = new Uint8Array(count);
    this.onAccount = new Uint8Array(count);
    this.createdSeconds = new Float64Array(count);
    this.firstPurchaseSeconds = new Float64Array(count).fill(Number.NaN);
    this.lastPurchaseSeconds = new Float64Array(count).fill(Number.NaN);
    this.consentGranted = new Uint8Array(count);
    this.birthdayMonthDay = new Uint16Array(count);
    this.purchases = new Int32Array(count);
    this.discountedPurchases = new Int32Array(count);
    this.netSpendMinor = new Float64Array(count);
    this.lastProduct = new Int16Array(count).fill(-1);
    this.lastUnitNetMinor = new Int32Array(count);
  }

  customerId(index: number): string {
    const id = this.ids[index];
    if (id === undefined) throw new Error(`no demo customer ${index}`);
    return id;
  }
}
