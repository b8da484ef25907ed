import { Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { settingsSections } from './sections';

/** The settings page: one card per section; features append theirs in sections.ts. */
export function SettingsScreen(): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <Stack maw={760}>
      <Title order={2}>{t('settings.title')}</Title>
      {settingsSections.map((Section, index) => (
        <Section key={index} />
      ))}
    </Stack>
  );
}
