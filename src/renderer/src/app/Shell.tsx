import {
  ActionIcon,
  AppShell,
  Badge,
  Group,
  NavLink,
  ScrollArea,
  Text,
  Title,
  Tooltip,
  useComputedColorScheme,
  useMantineColorScheme,
} from '@mantine/core';
import { IconEye, IconMoon, IconSun } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, Navigate, Route, Routes, useLocation } from 'react-router';
import type { ShopInfo } from '../../../shared/contract/shop';
import { appRoutes, navEntries } from './routes';
import { activeNavPath } from './nav-active';
import { OwnerModeIndicator } from '../features/auth/OwnerModeIndicator';
import { CustomerSearchSpotlight, QuickEntry } from '../features/customers';

export interface ShellProps {
  readonly info: ShopInfo;
}

export function Shell({ info }: ShellProps): React.JSX.Element {
  const { t } = useTranslation();
  const location = useLocation();
  const activePath = activeNavPath(
    location.pathname,
    navEntries.map((entry) => entry.path),
  );
  const { setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme('light');
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'sm' }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Text fw={800} size="lg" c="teal.7">
              {t('common.appName')}
            </Text>
            <Title order={1} size="h4" data-testid="shop-name" lineClamp={1}>
              {info.profile?.name}
            </Title>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <CustomerSearchSpotlight />
            <QuickEntry />
            {info.transport === 'preview' && (
              <Tooltip label={t('shell.previewNotice')}>
                <Badge variant="light" color="gray" leftSection={<IconEye size={12} />}>
                  {t('common.transport.preview')}
                </Badge>
              </Tooltip>
            )}
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label={t('shell.toggleTheme')}
              data-testid="theme-toggle"
              onClick={() => setColorScheme(scheme === 'dark' ? 'light' : 'dark')}
            >
              {scheme === 'dark' ? <IconSun size={18} /> : <IconMoon size={18} />}
            </ActionIcon>
            <OwnerModeIndicator />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="main">
        <ScrollArea>
          {navEntries.map((entry) => (
            <NavLink
              key={entry.path}
              component={RouterLink}
              to={entry.path}
              label={t(`shell.nav.${entry.labelKey}`)}
              leftSection={<entry.icon size={18} stroke={1.6} />}
              active={entry.path === activePath}
              // A plain Link: react-router's NavLink would mark every prefix match aria-current,
              // which Mantine paints as active too (the card lit "Customers" that way).
              aria-current={entry.path === activePath ? 'page' : undefined}
            />
          ))}
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main>
        <Routes>
          {appRoutes.map((route) => (
            <Route key={route.path} path={route.path} element={<route.element />} />
          ))}
          <Route path="*" element={<Navigate to="/customers" replace />} />
        </Routes>
      </AppShell.Main>
    </AppShell>
  );
}
