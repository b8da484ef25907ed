import type { ComponentType } from 'react';
import { LanguageSection, ShopProfileSection } from './GeneralSections';
import { OwnerPinSection } from '../auth/OwnerPinSection';
import { PrivacySettingsSection } from '../privacy/PrivacySettingsSection';
import { CareSettingsSection } from '../today/CareSettingsSection';

/** Settings sections in page order; each feature appends its own (analysis thresholds, owner PIN, backups…). */
export const settingsSections: readonly ComponentType[] = [
  LanguageSection,
  ShopProfileSection,
  OwnerPinSection,
  PrivacySettingsSection,
  CareSettingsSection,
];
import { AnalysisSettingsSection, AnalysisStatusSection } from '../analysis';

/** Settings sections in page order; each feature appends its own (analysis thresholds, owner PIN, backups…). */
export const settingsSections: readonly ComponentType[] = [LanguageSection, ShopProfileSection, AnalysisStatusSection, AnalysisSettingsSection];
