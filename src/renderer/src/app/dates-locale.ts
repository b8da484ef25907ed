import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import type { DatesProviderSettings } from '@mantine/dates';
import { pickUiLanguage, type UiLanguage } from '../../../shared/i18n-locales';

/**
 * Calendar conventions per interface language, from CLDR (what Intl and the OS use): Chinese
 * calendars start the week on Monday (GB/T 7408), American English ones on Sunday. The picker
 * must follow the app's language, not the browser's, or a Chinese interface on an English
 * Windows shows "Su Mo Tu" and English month names.
 */
const CONVENTIONS: Readonly<Record<UiLanguage, { dayjsLocale: string; settings: DatesProviderSettings }>> = {
  'zh-CN': { dayjsLocale: 'zh-cn', settings: { locale: 'zh-cn', firstDayOfWeek: 1, weekendDays: [0, 6] } },
  en: { dayjsLocale: 'en', settings: { locale: 'en', firstDayOfWeek: 0, weekendDays: [0, 6] } },
};

/** The DatesProvider settings for the app language (any tag i18next reports maps onto one). */
export function datesSettingsFor(language: string): DatesProviderSettings {
  return CONVENTIONS[pickUiLanguage(language)].settings;
}

/** dayjs's global locale, which formats the picker's input text and month captions. */
export function applyDayjsLocale(language: string): void {
  dayjs.locale(CONVENTIONS[pickUiLanguage(language)].dayjsLocale);
}

/** How a picked date and time reads in the input: the order people of that language write it. */
export function dateTimeFormatFor(language: string): string {
  return pickUiLanguage(language) === 'zh-CN' ? 'YYYY年M月D日 HH:mm' : 'D MMM YYYY, HH:mm';
}
