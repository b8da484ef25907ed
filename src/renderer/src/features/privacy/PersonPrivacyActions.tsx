import { useState } from 'react';
import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { IconDownload, IconEraser } from '@tabler/icons-react';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { invoke } from '../../api/commands';
import { ErrorNotice } from '../../components/ErrorNotice';
import { downloadFile, useOwnerAction } from '../auth';

export interface PersonPrivacyActionsProps {
  readonly customerId: string;
  /** Shown in the confirmation, so the owner sees whom they erase. */
  readonly customerName: string;
  readonly onErased?: () => void;
}

/** Owner actions on one person: export everything held, or erase. For the customer card (issue 4). */
export function PersonPrivacyActions({
  customerId,
  customerName,
  onErased,
}: PersonPrivacyActionsProps): React.JSX.Element {
  const { t } = useTranslation();
  const owner = useOwnerAction();
  const [confirming, setConfirming] = useState(false);
  const [word, setWord] = useState('');
  const [error, setError] = useState<unknown>(null);

  const exportPerson = async (): Promise<void> => {
    setError(null);
    try {
      const files = await owner.run(() => invoke('privacy.exportPerson', { customerId }));
      if (!files) return;
      downloadFile(files.json);
      downloadFile(files.html);
      notifications.show({ color: 'teal', message: t('privacy.exported') });
    } catch (caught) {
      setError(caught);
    }
  };

  const erase = async (): Promise<void> => {
    setError(null);
    try {
      const result = await owner.run(() => invoke('privacy.erase', { customerId }));
      if (!result) return;
      setConfirming(false);
      setWord('');
      notifications.show({ color: 'teal', message: t('privacy.erased') });
      onErased?.();
    } catch (caught) {
      setError(caught);
    }
  };

  return (
    <Stack gap="xs">
      <Group gap="xs">
        <Button
          variant="default"
          leftSection={<IconDownload size={16} />}
          onClick={() => void exportPerson()}
        >
          {t('privacy.exportPerson')}
        </Button>
        <Button
          variant="light"
          color="red"
          leftSection={<IconEraser size={16} />}
          onClick={() => setConfirming(true)}
        >
          {t('privacy.erase')}
        </Button>
      </Group>
      {error !== null && <ErrorNotice error={error} />}
      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title={t('privacy.eraseTitle', { name: customerName })}
        centered
      >
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (word === t('privacy.eraseConfirmWord')) void erase();
          }}
        >
          <Stack>
            <Alert color="red">
              <Text size="sm">{t('privacy.eraseWarning')}</Text>
            </Alert>
            <TextInput
              label={t('privacy.eraseConfirmLabel')}
              value={word}
              onChange={(event) => setWord(event.currentTarget.value)}
              data-autofocus
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setConfirming(false)}>
                {t('auth.cancel')}
              </Button>
              <Button type="submit" color="red" disabled={word !== t('privacy.eraseConfirmWord')}>
                {t('privacy.erase')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
      {owner.dialog}
    </Stack>
  );
}
