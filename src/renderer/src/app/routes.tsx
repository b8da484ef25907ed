import type { ComponentType } from 'react';
import { IconAddressBook, IconChartDots, IconFileImport, IconId, IconSettings, IconSun } from '@tabler/icons-react';
import { NotBuiltYet } from '../components/NotBuiltYet';
import { SettingsScreen } from '../features/settings/SettingsScreen';
import { useTranslation } from 'react-i18next';

export interface NavEntry {
  readonly path: string;
  /** i18n key under shell.nav */
  readonly labelKey: string;
  readonly icon: ComponentType<{ size?: number; stroke?: number }>;
  readonly element: ComponentType;
}

function placeholder(labelKey: string): ComponentType {
  return function Placeholder() {
    const { t } = useTranslation();
    return <NotBuiltYet title={t(`shell.nav.${labelKey}`)} />;
  };
}

/** The screens in the navigation, in order. Features replace their placeholder here. */
export const navEntries: readonly NavEntry[] = [
  { path: '/today', labelKey: 'today', icon: IconSun, element: placeholder('today') },
  { path: '/customers', labelKey: 'customers', icon: IconAddressBook, element: placeholder('customers') },
  { path: '/card', labelKey: 'card', icon: IconId, element: placeholder('card') },
  { path: '/loyalty', labelKey: 'loyalty', icon: IconChartDots, element: placeholder('loyalty') },
  { path: '/transfer', labelKey: 'transfer', icon: IconFileImport, element: placeholder('transfer') },
  { path: '/settings', labelKey: 'settings', icon: IconSettings, element: SettingsScreen },
];
