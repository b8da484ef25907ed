import type { ComponentType } from 'react';
import { LanguageSection, ShopProfileSection } from './GeneralSections';
import { OwnerPinSection } from '../auth/OwnerPinSection';
import { PrivacySettingsSection } from '../privacy/PrivacySettingsSection';
import { CareSettingsSection } from '../today/CareSettingsSection';
import { AnalysisSettingsSection, AnalysisStatusSection } from '../analysis';
import { BackupSettingsSection } from '../backup/BackupSettingsSection';

/** Settings sections in page order; each feature appends its own, one per line. */
export const settingsSections: readonly ComponentType[] = [
  LanguageSection,
  ShopProfileSection,
  AnalysisStatusSection,
  AnalysisSettingsSection,
  CareSettingsSection,
  OwnerPinSection,
  PrivacySettingsSection,
  BackupSettingsSection,
];
