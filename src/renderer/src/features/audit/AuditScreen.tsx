import { useState } from 'react';
import { Alert, Button, Code, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { invoke, useCommand } from '../../api/commands';
import { ErrorNotice } from '../../components/ErrorNotice';
import { downloadFile, isForbidden, useOwnerAction } from '../auth';
import type { AuditEntryView, AuditFormat } from '../../../../shared/contract/audit';

const PAGE_SIZE = 100;
const KNOWN_ACTIONS = [
  'export',
  'import',
  'customer.erased',
  'customer.purged',
  'customers.merged',
  'customers.mergeUndone',
  'backup.created',
  'backup.restored',
  'settings.changed',
  'role.ownerUnlocked',
  'role.pinChanged',
  'role.lockedOut',
  'person.exported',
  'shop.created',
] as const;

function formatDetails(details: Readonly<Record<string, unknown>>): string {
  return Object.entries(details)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' · ');
}

function AuditRow({ entry }: { entry: AuditEntryView }): React.JSX.Element {
  const { t, i18n } = useTranslation();
  return (
    <Table.Tr data-testid="audit-row">
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{new Date(entry.at).toLocaleString(i18n.language)}</Table.Td>
      <Table.Td>{t(`auth.${entry.actorRole === 'owner' ? 'ownerMode' : 'staffMode'}`)}</Table.Td>
      <Table.Td>{t(`audit.actions.${entry.action}`, { defaultValue: entry.action })}</Table.Td>
      <Table.Td>
        <Code style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
          {formatDetails(entry.details)}
        </Code>
      </Table.Td>
    </Table.Tr>
  );
}

/** The owner's view of the audit trail, with CSV/JSON export (itself audited). */
export function AuditScreen(): React.JSX.Element {
  const { t } = useTranslation();
  const owner = useOwnerAction();
  const [action, setAction] = useState<string | null>(null);
  const [before, setBefore] = useState<string | undefined>(undefined);
  const page = useCommand(
    'audit.list',
    { limit: PAGE_SIZE, ...(before ? { before } : {}), ...(action ? { action } : {}) },
    { retry: false },
  );
  const [exportError, setExportError] = useState<unknown>(null);

  const exportAs = async (format: AuditFormat): Promise<void> => {
    setExportError(null);
    try {
      const file = await owner.run(() => invoke('audit.export', { format }));
      if (!file) return;
      downloadFile(file);
      notifications.show({
        color: 'teal',
        message: t('audit.exported', { count: file.rowCount, file: file.fileName }),
      });
    } catch (error) {
      setExportError(error);
    }
  };

  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <Title order={2}>{t('audit.title')}</Title>
        <Group gap="xs">
          <Button
            leftSection={<IconDownload size={16} />}
            onClick={() => void exportAs('csv')}
            data-testid="audit-export-csv"
          >
            {t('audit.exportCsv')}
          </Button>
          <Button variant="default" onClick={() => void exportAs('json')}>
            {t('audit.exportJson')}
          </Button>
        </Group>
      </Group>
      <Text size="sm" c="dimmed">
        {t('audit.hint')}
      </Text>
      {exportError !== null && <ErrorNotice error={exportError} />}
      {page.isError && isForbidden(page.error) ? (
        <Alert color="orange" title={t('audit.ownerOnly')}>
          <Button mt="xs" onClick={() => void owner.unlock()} data-testid="audit-unlock">
            {t('audit.unlock')}
          </Button>
        </Alert>
      ) : page.isError ? (
        <ErrorNotice error={page.error} />
      ) : (
        <>
          <Select
            w={280}
            clearable
            placeholder={t('audit.allActions')}
            value={action}
            onChange={(value) => {
              setAction(value);
              setBefore(undefined);
            }}
            data={KNOWN_ACTIONS.map((value) => ({ value, label: t(`audit.actions.${value}`) }))}
          />
          <Table striped highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={180}>{t('audit.at')}</Table.Th>
                <Table.Th w={90}>{t('audit.role')}</Table.Th>
                <Table.Th w={220}>{t('audit.action')}</Table.Th>
                <Table.Th>{t('audit.details')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {page.data?.entries.map((entry) => (
                <AuditRow key={entry.id} entry={entry} />
              ))}
            </Table.Tbody>
          </Table>
          {page.data?.entries.length === 0 && <Text c="dimmed">{t('audit.empty')}</Text>}
          {page.data?.nextBefore && (
            <Button variant="subtle" onClick={() => setBefore(page.data?.nextBefore ?? undefined)}>
              {t('audit.more')}
            </Button>
          )}
        </>
      )}
      {owner.dialog}
    </Stack>
  );
}
