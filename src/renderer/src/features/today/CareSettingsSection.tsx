import { useState } from 'react';
import { Button, Card, Group, NumberInput, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { useCommand, useCommandMutation } from '../../api/commands';
import { ErrorNotice } from '../../components/ErrorNotice';
import { toMajor } from '../../../../shared/money';
import { useShopFormat } from '../card/format';
import type { CareSettings } from '../../../../shared/care/settings';

/** Settings section: complaint response target, large-purchase threshold, birthday look-ahead (owner only). */
export function CareSettingsSection(): React.JSX.Element | null {
  const settings = useCommand('care.settings', {});
  const fmt = useShopFormat();
  if (!settings.data) return null;
  // Keyed on the stored values, so the form starts again from them after a save or a change elsewhere.
  return <CareSettingsForm key={JSON.stringify(settings.data) + fmt.currency} initial={settings.data} />;
}

function CareSettingsForm({ initial }: { initial: CareSettings }): React.JSX.Element {
  const { t } = useTranslation();
  const fmt = useShopFormat();
  const info = useCommand('shop.info', {});
  const [hours, setHours] = useState<number | string>(initial.complaintResponseHours);
  const [large, setLarge] = useState<number | string>(toMajor(initial.largePurchaseMinor, fmt.currency));
  const [days, setDays] = useState<number | string>(initial.birthdayDaysAhead);
  const save = useCommandMutation('care.updateSettings', {
    onSuccess: () => notifications.show({ color: 'teal', message: t('today.settings.saved') }),
  });
  const isOwner = info.data?.role === 'owner';
  return (
    <Card withBorder>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({
            ...(typeof hours === 'number' ? { complaintResponseHours: hours } : {}),
            ...(typeof large === 'number' ? { largePurchaseMinor: fmt.toMinor(large) } : {}),
            ...(typeof days === 'number' ? { birthdayDaysAhead: days } : {}),
          });
        }}
      >
        <Stack gap="xs">
          <Title order={3} size="h5">
            {t('today.settings.title')}
          </Title>
          {!isOwner && (
            <Text size="sm" c="dimmed">
              {t('today.settings.ownerOnly')}
            </Text>
          )}
          <Stack gap="sm" maw={520}>
            <NumberInput
              label={t('today.settings.responseHours')}
              description={t('today.settings.responseHoursHint')}
              min={1}
              max={2160}
              value={hours}
              onChange={setHours}
              disabled={!isOwner}
            />
            <NumberInput
              label={t('today.settings.largePurchase')}
              description={t('today.settings.largePurchaseHint')}
              min={0}
              decimalScale={2}
              value={large}
              onChange={setLarge}
              disabled={!isOwner}
            />
            <NumberInput
              label={t('today.settings.birthdayDays')}
              min={0}
              max={60}
              value={days}
              onChange={setDays}
              disabled={!isOwner}
            />
          </Stack>
          {save.isError && <ErrorNotice error={save.error} />}
          {isOwner && (
            <Group justify="flex-end">
              <Button type="submit" loading={save.isPending}>
                {t('common.save')}
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </Card>
  );
}
