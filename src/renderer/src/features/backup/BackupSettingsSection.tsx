import { useState } from 'react';
import { Badge, Button, Card, Group, Modal, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { CommandError, invoke, useCommand } from '../../api/commands';
import { ErrorNotice } from '../../components/ErrorNotice';
import { isForbidden, useOwnerAction } from '../auth';
import type { BackupInfo } from '../../../../shared/contract/backup';

export function formatTakenAt(iso: string, language: string): string {
  return new Date(iso).toLocaleString(language, { dateStyle: 'medium', timeStyle: 'short' });
}

export function formatSize(bytes: number): string {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1e3))} KB`;
}

/**
 * Settings (owner): the backups with date, size and check, the backup folder, "back up now" and
 * restore of a chosen backup while the app runs (owner PIN; the core keeps the current file aside).
 */
export function BackupSettingsSection(): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const owner = useOwnerAction();
  const queryClient = useQueryClient();
  const list = useCommand('backup.list', {}, { retry: false });
  const [typedFolder, setTypedFolder] = useState<string | null>(null);
  const [folderError, setFolderError] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<BackupInfo | null>(null);

  const attempt = async <T,>(key: string, action: () => Promise<T>): Promise<T | undefined> => {
    setError(null);
    setBusy(key);
    try {
      return await owner.run(action);
    } catch (caught) {
      setError(caught);
      return undefined;
    } finally {
      setBusy(null);
    }
  };

  const saveFolder = async (folder: string | null): Promise<void> => {
    setFolderError(null);
    setError(null);
    try {
      const saved = await owner.run(() => invoke('backup.setFolder', { folder }));
      if (saved) {
        setTypedFolder(null);
        notifications.show({ message: t('backup.folderSaved', { folder: saved.folder }), color: 'teal' });
        await list.refetch();
      }
    } catch (caught) {
      const problem = caught instanceof CommandError ? caught.details?.problem : undefined;
      if (typeof problem === 'string') setFolderError(t(`backup.folderProblems.${problem}`));
      else setError(caught);
    }
  };

  const backupNow = async (): Promise<void> => {
    const created = await attempt('create', () => invoke('backup.create', {}));
    if (created) {
      notifications.show({ message: t('backup.created', { name: created.name }), color: 'teal' });
      await list.refetch();
    }
  };

  const check = async (backup: BackupInfo): Promise<void> => {
    const result = await attempt(`check:${backup.name}`, () =>
      invoke('backup.verify', { name: backup.name }),
    );
    if (result)
      notifications.show({
        message: result.ok
          ? t('backup.checkOk', { name: backup.name })
          : t('backup.checkFailed', { name: backup.name, problem: result.problem ?? '' }),
        color: result.ok ? 'teal' : 'red',
      });
  };

  const restore = async (backup: BackupInfo): Promise<void> => {
    setConfirming(null);
    const outcome = await attempt(`restore:${backup.name}`, () =>
      invoke('backup.restore', { name: backup.name }),
    );
    if (outcome) {
      notifications.show({
        message: t('backup.restored', { name: outcome.restored, aside: outcome.keptAside ?? '—' }),
        color: 'teal',
        autoClose: 10_000,
      });
      // Every screen's data came from the file that was just replaced.
      await queryClient.invalidateQueries();
    }
  };

  const locked = list.isError && isForbidden(list.error);
  const data = list.data;
  return (
    <Card withBorder data-testid="backup-section">
      <Stack gap="sm">
        <Title order={3} size="h5">
          {t('backup.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('backup.hint')}
        </Text>
        {locked && (
          <Group>
            <Text size="sm">{t('backup.locked')}</Text>
            <Button
              variant="default"
              onClick={() =>
                void owner.unlock().then(async (unlocked) => {
                  if (unlocked) await list.refetch();
                })
              }
              data-testid="backup-unlock"
            >
              {t('backup.unlock')}
            </Button>
          </Group>
        )}
        {list.isError && !locked && <ErrorNotice error={list.error} />}
        {data && (
          <>
            <form
              onSubmit={(event) => {
                event.preventDefault();
                void saveFolder((typedFolder ?? data.folder).trim());
              }}
            >
              <Group align="flex-start">
                <TextInput
                  label={t('backup.folder')}
                  description={t('backup.folderHint')}
                  value={typedFolder ?? data.folder}
                  onChange={(event) => {
                    setTypedFolder(event.currentTarget.value);
                    setFolderError(null);
                  }}
                  onKeyDown={(event) => {
                    if (event.key === 'Escape') {
                      setTypedFolder(null);
                      setFolderError(null);
                    }
                  }}
                  error={folderError}
                  style={{ flex: 1, minWidth: 260 }}
                  data-testid="backup-folder"
                />
                <Stack gap={6} mt={44}>
                  <Group gap="xs">
                    <Button type="submit" disabled={typedFolder === null || typedFolder.trim() === ''}>
                      {t('backup.saveFolder')}
                    </Button>
                    <Button variant="subtle" onClick={() => void saveFolder(null)}>
                      {t('backup.defaultFolder')}
                    </Button>
                  </Group>
                </Stack>
              </Group>
            </form>
            <Group>
              <Button onClick={() => void backupNow()} loading={busy === 'create'} data-testid="backup-now">
                {t('backup.backupNow')}
              </Button>
            </Group>
            {data.backups.length === 0 ? (
              <Text c="dimmed" size="sm">
                {t('backup.none')}
              </Text>
            ) : (
              <Table striped data-testid="backup-list">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('backup.columns.takenAt')}</Table.Th>
                    <Table.Th>{t('backup.columns.reason')}</Table.Th>
                    <Table.Th>{t('backup.columns.size')}</Table.Th>
                    <Table.Th>{t('backup.columns.verified')}</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.backups.map((backup) => (
                    <Table.Tr key={backup.name} data-testid="backup-row" data-name={backup.name}>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        {formatTakenAt(backup.takenAt, i18n.language)}
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        {t(`backup.reasons.${backup.reason}`)}
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatSize(backup.bytes)}</Table.Td>
                      <Table.Td>
                        <Badge color="teal" variant="light" tt="none" title={t('backup.verifiedHint')}>
                          {t('backup.verifiedWhenTaken')}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <Group gap="xs" justify="flex-end" wrap="nowrap">
                          <Button
                            size="xs"
                            variant="subtle"
                            loading={busy === `check:${backup.name}`}
                            onClick={() => void check(backup)}
                          >
                            {t('backup.checkNow')}
                          </Button>
                          <Button
                            size="xs"
                            variant="light"
                            color="orange"
                            loading={busy === `restore:${backup.name}`}
                            onClick={() => setConfirming(backup)}
                            data-testid="backup-restore"
                          >
                            {t('backup.restore')}
                          </Button>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </>
        )}
        {error !== null && <ErrorNotice error={error} />}
      </Stack>
      <Modal
        opened={confirming !== null}
        onClose={() => setConfirming(null)}
        title={t('backup.restoreTitle')}
      >
        {confirming && (
          <Stack>
            <Text size="sm">
              {t('backup.restoreWarning', { when: formatTakenAt(confirming.takenAt, i18n.language) })}
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setConfirming(null)}>
                {t('backup.cancel')}
              </Button>
              <Button
                color="orange"
                data-autofocus
                onClick={() => void restore(confirming)}
                data-testid="backup-restore-confirm"
              >
                {t('backup.restoreConfirm')}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
      {owner.dialog}
    </Card>
  );
}
