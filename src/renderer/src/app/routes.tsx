import type { ComponentType } from 'react';
import {
  IconAddressBook,
  IconAlertTriangle,
  IconChartDots,
  IconFileImport,
  IconId,
  IconSettings,
  IconSun,
} from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { NotBuiltYet } from '../components/NotBuiltYet';
import { SettingsScreen } from '../features/settings/SettingsScreen';
import { TransferScreen } from '../features/transfer/TransferScreen';

function placeholder(labelKey: string): ComponentType {
  return function Placeholder() {
    const { t } = useTranslation();
    return <NotBuiltYet title={t(`shell.nav.${labelKey}`)} />;
  };
}

export interface AppRoute {
  /** react-router path pattern. More specific patterns are listed first. */
  readonly path: string;
  readonly element: ComponentType;
}

/**
 * Every screen. Each feature owns its lines here and swaps its placeholder
 * for its screen component; nothing else in the shell changes.
 */
export const appRoutes: readonly AppRoute[] = [
  // customers (issue 3): list, duplicates, recycle bin, edit with history
  { path: '/customers', element: placeholder('customers') },
  { path: '/customers/duplicates', element: placeholder('customers') },
  { path: '/customers/bin', element: placeholder('customers') },
  { path: '/customers/:id/edit', element: placeholder('customers') },
  // the customer card, Today, complaints (issue 4)
  { path: '/customers/:id', element: placeholder('card') },
  { path: '/card', element: placeholder('card') },
  { path: '/today', element: placeholder('today') },
  { path: '/complaints', element: placeholder('complaints') },
  // loyalty dashboard (issue 6)
  { path: '/loyalty', element: placeholder('loyalty') },
  // import, export, backups (issue 7)
  { path: '/transfer', element: TransferScreen },
  // owner: audit log (issue 8)
  { path: '/audit', element: placeholder('audit') },
  { path: '/settings', element: SettingsScreen },
];

export interface NavEntry {
  readonly path: string;
  /** i18n key under shell.nav */
  readonly labelKey: string;
  readonly icon: ComponentType<{ size?: number; stroke?: number }>;
}

/** The navigation, in order. */
export const navEntries: readonly NavEntry[] = [
  { path: '/today', labelKey: 'today', icon: IconSun },
  { path: '/customers', labelKey: 'customers', icon: IconAddressBook },
  { path: '/card', labelKey: 'card', icon: IconId },
  { path: '/complaints', labelKey: 'complaints', icon: IconAlertTriangle },
  { path: '/loyalty', labelKey: 'loyalty', icon: IconChartDots },
  { path: '/transfer', labelKey: 'transfer', icon: IconFileImport },
  { path: '/settings', labelKey: 'settings', icon: IconSettings },
];
