import type { ComponentType } from 'react';
import { LanguageSection, ShopProfileSection } from './GeneralSections';
import { AnalysisSettingsSection, AnalysisStatusSection } from '../analysis';

/** Settings sections in page order; each feature appends its own (analysis thresholds, owner PIN, backups…). */
export const settingsSections: readonly ComponentType[] = [LanguageSection, ShopProfileSection, AnalysisStatusSection, AnalysisSettingsSection];
