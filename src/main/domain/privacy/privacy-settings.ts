import type { ReadableDB, WritableDB } from '../../db/connection';
import { privacySettingsSchema, type PrivacySettings } from '../../../shared/contract/privacy';
import type { Role } from '../../../shared/contract';
import { readSetting, writeSetting } from '../shop/shop.repo';
import { readProfile } from '../shop/shop.service';
import { maskPhoneForDisplay, type CountryCode } from '../../../shared/phone';

const PRIVACY_SETTINGS_KEY = 'privacy.settings';

export const DEFAULT_PRIVACY_SETTINGS: PrivacySettings = Object.freeze({
  maskPhonesForStaff: false,
  retentionYears: null,
});

export function readPrivacySettings(db: ReadableDB): PrivacySettings {
  const parsed = privacySettingsSchema.safeParse(readSetting(db, 'shop_settings', PRIVACY_SETTINGS_KEY));
  return parsed.success ? parsed.data : DEFAULT_PRIVACY_SETTINGS;
}

export function writePrivacySettings(db: WritableDB, settings: PrivacySettings, at: string): void {
  writeSetting(db, 'shop_settings', PRIVACY_SETTINGS_KEY, settings, at);
}

/**
 * What a caller with `role` may see of a phone number: staff, when the owner turned masking on,
 * get the display form with the middle hidden (`173 **** 1476`), owners the stored number.
 */
export function phoneForRole(
  phone: string | null,
  role: Role,
  settings: PrivacySettings,
  shopCountry: CountryCode,
): string | null {
  if (phone === null || !masksPhones(role, settings)) return phone;
  return maskPhoneForDisplay(phone, shopCountry);
}

export function masksPhones(role: Role, settings: PrivacySettings): boolean {
  return role !== 'owner' && settings.maskPhonesForStaff;
}

/**
 * The masking every customer-returning command applies before rows leave the core, so a staff
 * client cannot read full numbers over the bridge whatever renderer it runs. Null when this
 * caller sees numbers in full (owner, or masking off): callers skip the copy then.
 */
export function phoneMaskFor(db: ReadableDB, role: Role): ((phone: string | null) => string | null) | null {
  if (!masksPhones(role, readPrivacySettings(db))) return null;
  const country = (readProfile(db)?.country ?? 'CN') as CountryCode;
  return (phone) => (phone === null ? null : maskPhoneForDisplay(phone, country));
}

/** Field names a phone change is recorded under in the history (form, importer): masked alike. */
export const PHONE_HISTORY_FIELDS: ReadonlySet<string> = new Set(['phone', 'phone2', 'phone_digits']);
