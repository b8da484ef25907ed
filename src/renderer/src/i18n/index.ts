import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { pickUiLanguage, uiLanguages, type UiLanguage } from '../../../shared/i18n-locales';
import { commonMessages, errorMessages } from './common';
import type { FeatureMessages, MessageTree } from './types';
import { shellMessages } from '../app/i18n';
import { firstRunMessages } from '../features/firstrun/i18n';
import { settingsMessages } from '../features/settings/i18n';
import { authMessages } from '../features/auth/i18n';
import { auditMessages } from '../features/audit/i18n';
import { privacyMessages } from '../features/privacy/i18n';
import { cardMessages } from '../features/card/i18n';
import { salesMessages } from '../features/sales/i18n';
import { complaintsMessages } from '../features/complaints/i18n';
import { todayMessages } from '../features/today/i18n';
import { customersMessages } from '../features/customers/i18n';
import { loyaltyMessages } from '../features/loyalty/i18n';
import { analysisMessages } from '../features/analysis/i18n';
import { transferMessages } from '../features/transfer/i18n';
import { backupMessages } from '../features/backup/i18n';
import { recoveryMessages } from '../features/recovery/i18n';

/** Every feature's messages under its own top-level key: t('settings.language'). */
export const featureMessages: Readonly<Record<string, FeatureMessages>> = {
  common: commonMessages,
  errors: errorMessages,
  shell: shellMessages,
  firstrun: firstRunMessages,
  settings: settingsMessages,
  auth: authMessages,
  audit: auditMessages,
  privacy: privacyMessages,
  card: cardMessages,
  sales: salesMessages,
  complaints: complaintsMessages,
  today: todayMessages,
  customers: customersMessages,
  loyalty: loyaltyMessages,
  analysis: analysisMessages,
  transfer: transferMessages,
  backup: backupMessages,
  recovery: recoveryMessages,
};

export function resourcesFor(language: UiLanguage): MessageTree {
  return Object.fromEntries(
    Object.entries(featureMessages).map(([key, messages]) => [key, messages[language]]),
  );
}

export function createI18n(initial: UiLanguage = pickUiLanguage(navigator.language)): i18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    lng: initial,
    fallbackLng: false,
    supportedLngs: [...uiLanguages],
    resources: Object.fromEntries(uiLanguages.map((lang) => [lang, { translation: resourcesFor(lang) }])),
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  });
  return instance;
}
