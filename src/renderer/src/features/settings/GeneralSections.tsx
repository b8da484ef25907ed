import { Card, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCommand, useCommandMutation } from '../../api/commands';
import { ErrorNotice } from '../../components/ErrorNotice';
import type { UiLanguage } from '../../../../shared/i18n-locales';

type LanguageChoice = UiLanguage | 'system';

export function LanguageSection(): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const info = useCommand('shop.info', {});
  const setLanguage = useCommandMutation('ui.setLanguage', {
    onSuccess: ({ uiLanguage }) => {
      void i18n.changeLanguage(uiLanguage ?? (navigator.language.startsWith('zh') ? 'zh-CN' : 'en'));
    },
  });
  const current: LanguageChoice = info.data?.uiLanguage ?? 'system';
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Title order={3} size="h5">
          {t('settings.language')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('settings.languageHint')}
        </Text>
        <SegmentedControl
          data-testid="language-switch"
          value={current}
          onChange={(value) =>
            setLanguage.mutate({ uiLanguage: value === 'system' ? null : (value as UiLanguage) })
          }
          data={[
            { value: 'zh-CN', label: '中文' },
            { value: 'en', label: 'English' },
            { value: 'system', label: t('settings.followSystem') },
          ]}
        />
        {setLanguage.isError && <ErrorNotice error={setLanguage.error} />}
      </Stack>
    </Card>
  );
}

export function ShopProfileSection(): React.JSX.Element | null {
  const { t } = useTranslation();
  const info = useCommand('shop.info', {});
  const profile = info.data?.profile;
  return (
    <>
      {profile && (
        <Card withBorder>
          <Stack gap="xs">
            <Title order={3} size="h5">
              {t('settings.shop')}
            </Title>
            <Table>
              <Table.Tbody>
                <Table.Tr>
                  <Table.Th w={240}>{t('settings.shopName')}</Table.Th>
                  <Table.Td>{profile.name}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th>{t('settings.currency')}</Table.Th>
                  <Table.Td>{profile.currency}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th>{t('settings.country')}</Table.Th>
                  <Table.Td>{profile.country}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th>{t('settings.timezone')}</Table.Th>
                  <Table.Td>{profile.timezone}</Table.Td>
                </Table.Tr>
              </Table.Tbody>
            </Table>
          </Stack>
        </Card>
      )}
    </>
  );
}
