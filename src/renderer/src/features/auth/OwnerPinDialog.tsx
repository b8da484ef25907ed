import { useState } from 'react';
import { Alert, Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { CommandError, invoke, useCommand } from '../../api/commands';

export interface OwnerPinDialogProps {
  readonly opened: boolean;
  /** Called once owner mode is on for this window. */
  readonly onUnlocked: () => void;
  readonly onCancel: () => void;
}

/**
 * Asks for the owner secret and unlocks owner mode. On a shop without one yet it asks to choose it
 * (typed twice) instead — the first owner action is where the PIN gets set.
 */
export function OwnerPinDialog({ opened, onUnlocked, onCancel }: OwnerPinDialogProps): React.JSX.Element {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const status = useCommand('auth.status', {}, { enabled: opened });
  const [secret, setSecret] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const setup = status.data?.ownerSecretSet === false;

  const close = (): void => {
    setSecret('');
    setConfirmation('');
    setMessage(null);
  };

  const submit = async (): Promise<void> => {
    if (busy) return;
    setMessage(null);
    if (setup && secret !== confirmation) {
      setMessage(t('auth.mismatch'));
      return;
    }
    setBusy(true);
    try {
      if (setup) {
        await invoke('auth.setupPin', { secret });
      } else {
        const result = await invoke('auth.unlock', { secret });
        if (result.kind === 'rejected') {
          setMessage(t('auth.wrong', { count: result.attemptsLeft }));
          setSecret('');
          return;
        }
        if (result.kind === 'locked-out') {
          setMessage(t('auth.lockedOut', { seconds: Math.ceil(result.retryAfterMs / 1000) }));
          setSecret('');
          return;
        }
      }
      await queryClient.invalidateQueries();
      close();
      onUnlocked();
    } catch (error) {
      const problem = error instanceof CommandError ? error.details?.problem : undefined;
      setMessage(
        typeof problem === 'string' ? t(`auth.problems.${problem}`) : String((error as Error).message),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      opened={opened}
      onClose={() => {
        close();
        onCancel();
      }}
      title={setup ? t('auth.setupTitle') : t('auth.unlockTitle')}
      centered
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <Stack>
          <Text size="sm">{setup ? t('auth.setupHint') : t('auth.unlockHint')}</Text>
          <PasswordInput
            label={t('auth.secret')}
            value={secret}
            onChange={(event) => setSecret(event.currentTarget.value)}
            autoComplete="off"
            data-autofocus
            data-testid="owner-pin-input"
          />
          {setup && (
            <PasswordInput
              label={t('auth.confirmSecret')}
              value={confirmation}
              onChange={(event) => setConfirmation(event.currentTarget.value)}
              autoComplete="off"
            />
          )}
          {message && (
            <Alert color="red" role="alert" data-testid="owner-pin-error">
              {message}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button
              variant="default"
              onClick={() => {
                close();
                onCancel();
              }}
            >
              {t('auth.cancel')}
            </Button>
            <Button type="submit" loading={busy} disabled={secret.length === 0 || status.isPending}>
              {setup ? t('auth.setupConfirm') : t('auth.confirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
