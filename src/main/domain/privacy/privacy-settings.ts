import type { ReadableDB, WritableDB } from '../../db/connection';
import { privacySettingsSchema, type PrivacySettings } from '../../../shared/contract/privacy';
import type { Role } from '../../../shared/contract';
import { readSetting, writeSetting } from '../shop/shop.repo';

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
 * "138****5678"-style masking for staff: only the last 4 digits stay readable. Every other
 * character that is a digit becomes •, so the length and any +86 prefix shape stay recognisable.
 */
export function maskPhone(phone: string): string {
  const digitPositions = [...phone].flatMap((ch, index) => (/\d/.test(ch) ? [index] : []));
  const keep = new Set(digitPositions.slice(-4));
  return [...phone].map((ch, index) => (/\d/.test(ch) && !keep.has(index) ? '•' : ch)).join('');
}

/**
 * What a caller with `role` may see of a phone number. Customer screens (issues 3 and 4) pass every
 * phone they return through this with `readPrivacySettings(db)` and `ctx.session.role()`.
 */
export function phoneForRole(phone: string | null, role: Role, settings: PrivacySettings): string | null {
  if (phone === null || role === 'owner' || !settings.maskPhonesForStaff) return phone;
  return maskPhone(phone);
}
