import { pageStyleNonce } from './csp-setup';
import { useEffect, useMemo } from 'react';
import { Center, Loader, MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { DatesProvider } from '@mantine/dates';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { HashRouter } from 'react-router';
import { connectInvalidation, useCommand } from '../api/commands';
import { getBridge } from '../api/bridge';
import { ErrorNotice } from '../components/ErrorNotice';
import { createI18n } from '../i18n';
import { pickUiLanguage } from '../../../shared/i18n-locales';
import { FirstRunScreen } from '../features/firstrun/FirstRunScreen';
import { RecoveryScreen } from '../features/recovery/RecoveryScreen';
import { Shell } from './Shell';
import { theme } from './theme';
import { applyDayjsLocale, datesSettingsFor } from './dates-locale';

/** Date pickers in the app's language (names, first day of week), whatever the browser's is. */
function LocalizedDates({ children }: { children: React.ReactNode }): React.JSX.Element {
  const { i18n } = useTranslation();
  const language = i18n.language;
  // Set during render, before any picker below formats a date, and again on every switch.
  applyDayjsLocale(language);
  const settings = useMemo(() => datesSettingsFor(language), [language]);
  return <DatesProvider settings={settings}>{children}</DatesProvider>;
}

function Gate(): React.JSX.Element {
  const { t, i18n } = useTranslation();
  // A damaged shop file (start-up check) shows the recovery screen before anything else.
  const recovery = useCommand('backup.recoveryStatus', {}, { staleTime: Infinity });
  const damaged = recovery.data?.damaged === true;
  const info = useCommand('shop.info', {}, { staleTime: 30_000, enabled: recovery.isSuccess && !damaged });
  const wanted = damaged
    ? (recovery.data?.uiLanguage ?? pickUiLanguage(navigator.language))
    : info.data
      ? (info.data.uiLanguage ?? pickUiLanguage(navigator.language))
      : null;
  useEffect(() => {
    if (wanted && i18n.language !== wanted) void i18n.changeLanguage(wanted);
    if (wanted) document.documentElement.lang = wanted;
  }, [wanted, i18n]);

  if (!getBridge()) return <ErrorNotice error={new Error(t('shell.connectionLost'))} />;
  if (recovery.isError) return <ErrorNotice error={recovery.error} title={t('shell.failedToLoad')} />;
  if (recovery.data && damaged) return <RecoveryScreen status={recovery.data} />;
  if (info.isPending) {
    return (
      <Center h="100vh">
        <Loader aria-label={t('common.loading')} />
      </Center>
    );
  }
  if (info.isError) return <ErrorNotice error={info.error} title={t('shell.failedToLoad')} />;
  return info.data.initialized ? <Shell info={info.data} /> : <FirstRunScreen />;
}

/**
 * The per-load nonce main (or the preview server) put in index.html and in the CSP header, so
 * Mantine's <style> elements pass `style-src 'nonce-…'` without 'unsafe-inline'.
 */

export function App(): React.JSX.Element {
  const queryClient = useMemo(
    () => new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } }),
    [],
  );
  const i18n = useMemo(() => createI18n(), []);
  const styleNonceProps = useMemo(() => {
    const nonce = pageStyleNonce;
    return nonce ? { getStyleNonce: () => nonce } : {};
  }, []);
  useEffect(() => connectInvalidation(queryClient), [queryClient]);
  return (
    <I18nextProvider i18n={i18n}>
      <MantineProvider theme={theme} defaultColorScheme="auto" {...styleNonceProps}>
        <Notifications position="top-right" />
        <QueryClientProvider client={queryClient}>
          <HashRouter>
            <LocalizedDates>
              <Gate />
            </LocalizedDates>
          </HashRouter>
        </QueryClientProvider>
      </MantineProvider>
    </I18nextProvider>
  );
}
