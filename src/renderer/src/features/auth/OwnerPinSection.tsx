import { useState } from 'react';
import { Button, Card, Group, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { CommandError, invoke, useCommand } from '../../api/commands';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useOwnerAction } from './useOwnerAction';

/** Settings: choose the owner PIN (first time) or change it (owner mode, current PIN again). */
export function OwnerPinSection(): React.JSX.Element {
  const { t } = useTranslation();
  const status = useCommand('auth.status', {});
  const owner = useOwnerAction();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [error, setError] = useState<unknown>(null);
  const isSet = status.data?.ownerSecretSet === true;

  const change = async (): Promise<void> => {
    setError(null);
    try {
      const done = await owner.run(() => invoke('auth.changePin', { current, next }));
      if (done) {
        setCurrent('');
        setNext('');
        notifications.show({ message: t('auth.section.changed'), color: 'teal' });
      }
    } catch (caught) {
      const problem = caught instanceof CommandError ? caught.details?.problem : undefined;
      setError(typeof problem === 'string' ? new Error(t(`auth.problems.${problem}`)) : caught);
    }
  };

  return (
    <Card withBorder>
      <Stack gap="xs">
        <Title order={3} size="h5">
          {t('auth.section.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('auth.section.hint')}
        </Text>
        {!isSet ? (
          <Group>
            <Text size="sm">{t('auth.section.notSet')}</Text>
            <Button onClick={() => void owner.unlock()} data-testid="set-owner-pin">
              {t('auth.section.set')}
            </Button>
          </Group>
        ) : (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              void change();
            }}
          >
            <Group align="flex-end">
              <PasswordInput
                w={220}
                label={t('auth.section.current')}
                value={current}
                onChange={(event) => setCurrent(event.currentTarget.value)}
                autoComplete="off"
              />
              <PasswordInput
                w={220}
                label={t('auth.section.next')}
                value={next}
                onChange={(event) => setNext(event.currentTarget.value)}
                autoComplete="off"
              />
              <Button type="submit" disabled={current.length === 0 || next.length === 0}>
                {t('auth.section.change')}
              </Button>
            </Group>
          </form>
        )}
        {error !== null && <ErrorNotice error={error} />}
      </Stack>
      {owner.dialog}
    </Card>
  );
}
