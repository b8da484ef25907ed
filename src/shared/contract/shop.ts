import { z } from 'zod';
import { command } from './define';
import { uiLanguages, type UiLanguage } from '../i18n-locales';

export const currencySchema = z
  .string()
  .regex(/^[A-Z]{3}$/, 'a three-letter ISO 4217 code such as CNY or USD');

export const shopProfileSchema = z.object({
  name: z.string().trim().min(1).max(80),
  currency: currencySchema.default('CNY'),
  /** Formatting locale of numbers, dates and money; also the demo shop's language. */
  locale: z.enum(uiLanguages).default('zh-CN'),
  /** ISO 3166 country used to parse local phone numbers. */
  country: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .default('CN'),
  /** IANA time zone of the shop, for "today" and day boundaries. */
  timezone: z.string().min(1).default('Asia/Shanghai'),
});
export type ShopProfile = z.output<typeof shopProfileSchema>;

export interface ShopInfo {
  readonly initialized: boolean;
  readonly profile: ShopProfile | null;
  readonly schemaVersion: number;
  /** Language the interface should use on this PC, or null to follow the system. */
  readonly uiLanguage: UiLanguage | null;
  readonly role: 'staff' | 'owner';
  /** How the core is reached: the desktop app, or the browser preview. */
  readonly transport: 'electron' | 'preview' | 'direct';
}

export interface ShopStats {
  readonly customers: number;
  readonly deletedCustomers: number;
  readonly purchases: number;
  readonly purchaseLines: number;
  readonly products: number;
  readonly interactions: number;
  readonly complaints: number;
  readonly reminders: number;
  readonly revenueMinor: number;
  readonly firstPurchaseAt: string | null;
  readonly lastPurchaseAt: string | null;
}

export interface DemoShopResult {
  readonly customers: number;
  readonly purchases: number;
  readonly seconds: number;
}

export const shopCommands = {
  /** Name, currency and language of the shop, and whether it has been set up. */
  'shop.info': command<ShopInfo>()({ input: z.object({}), mutates: false, role: 'staff' }),
  /** First run: create the shop. Refused once a shop exists. */
  'shop.create': command<ShopInfo>()({ input: shopProfileSchema, mutates: true, role: 'staff' }),
  /** First run: fill an empty file with the demo café so the app can be tried at once. */
  'shop.createDemo': command<DemoShopResult>()({
    input: z.object({
      locale: z.enum(uiLanguages).default('zh-CN'),
      customers: z.number().int().min(10).max(20_000).default(1500),
      seed: z.number().int().default(1),
    }),
    mutates: true,
    role: 'staff',
  }),
  /** Change the shop's name, currency, country or time zone. */
  'shop.updateProfile': command<ShopInfo>()({
    input: shopProfileSchema.partial(),
    mutates: true,
    role: 'owner',
  }),
  /** Row counts and revenue, for the status bar and `cli stats`. */
  'shop.stats': command<ShopStats>()({ input: z.object({}), mutates: false, role: 'staff' }),
  /** The interface language of this PC (null: follow the system). */
  'ui.setLanguage': command<{ uiLanguage: UiLanguage | null }>()({
    input: z.object({ uiLanguage: z.enum(uiLanguages).nullable() }),
    mutates: true,
    role: 'staff',
  }),
};
