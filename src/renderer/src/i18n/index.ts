import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { pickUiLanguage, uiLanguages, type UiLanguage } from '../../../shared/i18n-locales';
import { commonMessages, errorMessages } from './common';
import type { FeatureMessages, MessageTree } from './types';
import { shellMessages } from '../app/i18n';
import { firstRunMessages } from '../features/firstrun/i18n';
import { settingsMessages } from '../features/settings/i18n';
import { placeholderMessages } from '../components/i18n';
import { transferMessages } from '../features/transfer/i18n';

/** Every feature's messages under its own top-level key: t('settings.language'). */
export const featureMessages: Readonly<Record<string, FeatureMessages>> = {
  common: commonMessages,
  errors: errorMessages,
  shell: shellMessages,
  firstrun: firstRunMessages,
  settings: settingsMessages,
  placeholder: placeholderMessages,
  transfer: transferMessages,
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
