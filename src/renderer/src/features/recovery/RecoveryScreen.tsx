import { useState } from 'react';
import { Alert, Badge, Button, Card, Center, Code, Group, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { invoke } from '../../api/commands';
import { ErrorNotice } from '../../components/ErrorNotice';
import type { RecoveryStatus } from '../../../../shared/contract/backup';
import { formatSize, formatTakenAt } from '../backup/BackupSettingsSection';

/**
 * Shown instead of the app when the start-up check found the shop file damaged: the backups that
 * pass the check, newest first, with the newest good one offered. Staff may use it (the owner PIN
 * is inside the damaged file); the core refuses it once the file is sound.
 */
export function RecoveryScreen({ status }: { readonly status: RecoveryStatus }): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const newest = status.backups.find((backup) => backup.name === status.newestGood) ?? null;
  const others = status.backups.filter((backup) => backup.name !== status.newestGood);

  const recover = async (name: string): Promise<void> => {
    setError(null);
    setBusy(name);
    try {
      const outcome = await invoke('backup.recover', { name });
      // The core announces db.changed, so the app opens on the restored file at once; the note
      // saying where the damaged file went stays until it is closed.
      notifications.show({
        message: t('recovery.restored', { name: outcome.restored, aside: outcome.keptAside ?? '—' }),
        color: 'teal',
        autoClose: false,
      });
      await queryClient.invalidateQueries();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Center mih="100vh" p="md">
      <Card withBorder maw={760} w="100%" p="xl" data-testid="recovery-screen">
        <Stack>
          <Title order={1} size="h2">
            {t('recovery.title')}
          </Title>
          <Text>{t('recovery.explain')}</Text>
          {status.detail.length > 0 && (
            <Stack gap={4}>
              <Text size="sm" c="dimmed">
                {t('recovery.detail')}
              </Text>
              <Code block>{status.detail.join('\n')}</Code>
            </Stack>
          )}
          {newest === null ? (
            <Alert color="red">{t('recovery.none')}</Alert>
          ) : (
            <Stack>
              <Group justify="space-between">
                <Text fw={600} data-testid="recovery-newest">
                  {t('recovery.newest', { when: formatTakenAt(newest.takenAt, i18n.language) })}
                </Text>
                <Button
                  data-autofocus
                  loading={busy === newest.name}
                  disabled={busy !== null}
                  onClick={() => void recover(newest.name)}
                  data-testid="recovery-restore-newest"
                >
                  {t('recovery.restoreNewest')}
                </Button>
              </Group>
              {others.length > 0 && (
                <>
                  <Text size="sm" c="dimmed">
                    {t('recovery.others')}
                  </Text>
                  <Table>
                    <Table.Tbody>
                      {others.map((backup) => (
                        <Table.Tr key={backup.name}>
                          <Table.Td>{formatTakenAt(backup.takenAt, i18n.language)}</Table.Td>
                          <Table.Td>{t(`backup.reasons.${backup.reason}`)}</Table.Td>
                          <Table.Td>{formatSize(backup.bytes)}</Table.Td>
                          <Table.Td>
                            <Badge variant="light" color={backup.checked ? 'teal' : 'gray'}>
                              {backup.checked ? t('recovery.checked') : t('recovery.notChecked')}
                            </Badge>
                          </Table.Td>
                          <Table.Td>
                            <Button
                              size="xs"
                              variant="default"
                              loading={busy === backup.name}
                              disabled={busy !== null}
                              onClick={() => void recover(backup.name)}
                            >
                              {t('recovery.restoreThis')}
                            </Button>
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </>
              )}
            </Stack>
          )}
          {error !== null && <ErrorNotice error={error} />}
        </Stack>
      </Card>
    </Center>
  );
}
