import type { ComponentType } from 'react';
import {
  IconAddressBook,
  IconAlertTriangle,
  IconChartDots,
  IconFileImport,
  IconId,
  IconSettings,
  IconShieldCheck,
  IconSun,
} from '@tabler/icons-react';
import { SettingsScreen } from '../features/settings/SettingsScreen';
import { AuditScreen } from '../features/audit/AuditScreen';
import { CardRoute } from '../features/card/CardScreen';
import { LastCardScreen } from '../features/card/LastCardScreen';
import { TodayScreen } from '../features/today/TodayScreen';
import { ComplaintsScreen } from '../features/complaints/ComplaintsScreen';
import { BinScreen, CustomerEditScreen, CustomerListScreen, DuplicatesScreen } from '../features/customers';
import { LoyaltyScreen } from '../features/loyalty/LoyaltyScreen';
import { TransferScreen } from '../features/transfer/TransferScreen';

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
  { path: '/customers', element: CustomerListScreen },
  { path: '/customers/duplicates', element: DuplicatesScreen },
  { path: '/customers/bin', element: BinScreen },
  { path: '/customers/:id/edit', element: CustomerEditScreen },
  // the customer card, Today, complaints (issue 4)
  { path: '/customers/:id', element: CardRoute },
  { path: '/card', element: LastCardScreen },
  { path: '/today', element: TodayScreen },
  { path: '/complaints', element: ComplaintsScreen },
  // loyalty dashboard (issue 6)
  { path: '/loyalty', element: LoyaltyScreen },
  // import, export, backups (issue 7)
  { path: '/transfer', element: TransferScreen },
  // owner: audit log (issue 8)
  { path: '/audit', element: AuditScreen },
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
  { path: '/audit', labelKey: 'audit', icon: IconShieldCheck },
  { path: '/settings', labelKey: 'settings', icon: IconSettings },
];
