import { Button, Group, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { useCommand, useCommandMutation } from '../../api/commands';
import { ErrorNotice } from '../../components/ErrorNotice';
import type { BinEntry } from '../../../../shared/contract/customers';
import { formatPhoneForDisplay } from '../../../../shared/phone';
import { formatDateTime, useServerErrors, useShopCountry } from './hooks';

/** Soft-deleted customers: restore, or (owner) erase for good. */
export function BinScreen(): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const country = useShopCountry();
  const bin = useCommand('customers.bin', {});
  const info = useCommand('shop.info', {});
  const isOwner = info.data?.role === 'owner';
  const restore = useCommandMutation('customers.restore');
  const erase = useCommandMutation('customers.erase');
  const serverErrors = useServerErrors();
  const handleErase = (entry: BinEntry): void => {
    if (!window.confirm(t('customers.bin.eraseConfirm', { name: entry.name }))) return;
    erase.mutate(
      { ids: [entry.id] },
      {
        onSuccess: (r) => notifications.show({ message: t('customers.bin.erased', { rows: r.rows }) }),
        onError: (e) => serverErrors(e),
      },
    );
  };
  return (
    <Stack gap="md" maw={1000}>
      <Title order={2}>{t('customers.bin.title')}</Title>
      {bin.isError && <ErrorNotice error={bin.error} />}
      {bin.data && bin.data.length === 0 && <Text c="dimmed">{t('customers.bin.empty')}</Text>}
      {bin.data && bin.data.length > 0 && (
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('customers.list.colName')}</Table.Th>
              <Table.Th>{t('customers.list.colPhone')}</Table.Th>
              <Table.Th>{t('customers.bin.deletedAt')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {bin.data.map((entry) => (
              <Table.Tr key={entry.id} data-testid="bin-row">
                <Table.Td>{entry.name}</Table.Td>
                <Table.Td>{entry.phone ? formatPhoneForDisplay(entry.phone, country) : ''}</Table.Td>
                <Table.Td>{formatDateTime(entry.deletedAt, i18n.language)}</Table.Td>
                <Table.Td>
                  <Group gap="xs" justify="flex-end">
                    <Button
                      size="compact-sm"
                      variant="light"
                      onClick={() =>
                        restore.mutate(
                          { ids: [entry.id] },
                          { onSuccess: () => notifications.show({ message: t('customers.bin.restored') }) },
                        )
                      }
                    >
                      {t('customers.bin.restore')}
                    </Button>
                    <Tooltip label={t('customers.bin.eraseOwner')} disabled={isOwner}>
                      <Button
                        size="compact-sm"
                        color="red"
                        variant="light"
                        disabled={!isOwner}
                        onClick={() => handleErase(entry)}
                      >
                        {t('customers.bin.erase')}
                      </Button>
                    </Tooltip>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
