import type { ReadableDB, WritableDB } from '../../db/connection';
import { schemaVersion } from '../../db/migrate';
import { nowIso } from '../../db/ids';
import { shopProfileSchema, type ShopInfo, type ShopProfile } from '../../../shared/contract/shop';
import { uiLanguages, type UiLanguage } from '../../../shared/i18n-locales';
import { PatronError } from '../../../shared/errors';
import { readSetting, writeSetting, deleteSetting } from './shop.repo';
import type { CoreContext } from '../../core/context';
import type { Role } from '../../../shared/contract';

const PROFILE_KEY = 'shop.profile';
const UI_LANGUAGE_KEY = 'ui.language';

export function readProfile(db: ReadableDB): ShopProfile | null {
  const stored = readSetting(db, 'shop_settings', PROFILE_KEY);
  if (stored === undefined) return null;
  const parsed = shopProfileSchema.safeParse(stored);
  return parsed.success ? parsed.data : null;
}

export function requireProfile(db: ReadableDB): ShopProfile {
  const profile = readProfile(db);
  if (!profile) throw new PatronError('not_initialized', 'The shop has not been set up yet.');
  return profile;
}

function readUiLanguage(db: ReadableDB): UiLanguage | null {
  const stored = readSetting(db, 'local_settings', UI_LANGUAGE_KEY);
  return typeof stored === 'string' && (uiLanguages as readonly string[]).includes(stored)
    ? (stored as UiLanguage)
    : null;
}

export function shopInfo(core: CoreContext, role: Role): ShopInfo {
  const profile = readProfile(core.db);
  return {
    initialized: profile !== null,
    profile,
    schemaVersion: schemaVersion(core.db),
    uiLanguage: core.uiLanguageOverride ?? readUiLanguage(core.db),
    role,
    transport: core.transport,
  };
}

export function createShop(db: WritableDB, profile: ShopProfile, clock: () => Date): void {
  if (readProfile(db)) {
    throw new PatronError('already_initialized', 'This shop file has already been set up.');
  }
  writeSetting(db, 'shop_settings', PROFILE_KEY, profile, nowIso(clock));
}

export function updateProfile(db: WritableDB, patch: Partial<ShopProfile>, clock: () => Date): ShopProfile {
  const next = shopProfileSchema.parse({ ...requireProfile(db), ...patch });
  writeSetting(db, 'shop_settings', PROFILE_KEY, next, nowIso(clock));
  return next;
}

export function setUiLanguage(db: WritableDB, language: UiLanguage | null, clock: () => Date): void {
  if (language === null) deleteSetting(db, 'local_settings', UI_LANGUAGE_KEY);
  else writeSetting(db, 'local_settings', UI_LANGUAGE_KEY, language, nowIso(clock));
}

/** A fresh demo shop's profile, in the language of the demo. */
export function demoProfile(locale: UiLanguage): ShopProfile {
  return locale === 'zh-CN'
    ? { name: '知客咖啡（演示店）', currency: 'CNY', locale, country: 'CN', timezone: 'Asia/Shanghai' }
    : { name: 'Patron Café (demo)', currency: 'USD', locale, country: 'US', timezone: 'America/New_York' };
}
