import { Anchor, Button, Drawer, Group, Table, Text } from '@mantine/core';
import { IconDownload, IconExternalLink } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { customerListQuery, type LoyaltyFilter } from '../../../../shared/contract/loyalty';
import { labelNames } from '../../../../shared/analysis/label-names';
import { invoke, useCommand } from '../../api/commands';
import { useOwnerAction } from '../auth/useOwnerAction';
import { useShopCountry } from '../customers/hooks';
import { formatPhoneForDisplay } from '../../../../shared/phone';
import { ErrorNotice } from '../../components/ErrorNotice';
import { downloadBase64 } from '../../components/download';
import type { Formatters } from './format';

export interface DrillTarget {
  readonly label: string;
  readonly filter: LoyaltyFilter;
}

const PAGE = 50;
/** loyalty.customers pages at most this many rows per call. */
const ID_PAGE = 500;

/** Exports exactly the customers behind a chart click, as CSV (an owner action). */
async function exportDrill(filter: LoyaltyFilter): Promise<void> {
  const ids: string[] = [];
  for (let offset = 0; ; offset += ID_PAGE) {
    const page = await invoke('loyalty.customers', { filter, offset, limit: ID_PAGE });
    ids.push(...page.rows.map((row) => row.id));
    if (page.rows.length < ID_PAGE || ids.length >= page.total) break;
  }
  const file = await invoke('transfer.export', { format: 'csv', filter: { customerIds: ids } });
  downloadBase64(file.fileName, file.base64, 'text/csv;charset=utf-8');
}

export function DrillDrawer({
  target,
  onClose,
  format,
}: {
  target: DrillTarget | null;
  onClose: () => void;
  format: Formatters;
}): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <Drawer
      opened={target !== null}
      onClose={onClose}
      position="right"
      size="xl"
      title={target ? t('loyalty.drill.title', { label: target.label }) : ''}
      data-testid="loyalty-drill"
    >
      {target && <DrillTable key={JSON.stringify(target.filter)} filter={target.filter} format={format} />}
    </Drawer>
  );
}

function DrillTable({ filter, format }: { filter: LoyaltyFilter; format: Formatters }): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const country = useShopCountry();
  const [limit, setLimit] = useState(PAGE);
  const owner = useOwnerAction();
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<unknown>(null);
  const page = useCommand('loyalty.customers', { filter, offset: 0, limit });
  const names = labelNames[i18n.language === 'zh-CN' ? 'zh-CN' : 'en'];
  if (page.error) return <ErrorNotice error={page.error} />;
  const data = page.data;
  const query = customerListQuery(filter);
  const listHref =
    query.length > 0 || !data
      ? `/customers?${query}`
      : `/customers?ids=${data.rows.map((r) => r.id).join(',')}`;
  return (
    <>
      <Group justify="space-between" mb="sm">
        <Text fw={600} data-testid="loyalty-drill-count" data-count={data?.total ?? ''}>
          {data ? t('loyalty.drill.count', { count: data.total }) : '…'}
        </Text>
        <Group gap="xs">
          <Anchor component={Link} to={listHref} size="sm">
            <Group gap={4}>
              <IconExternalLink size={14} />
              {t('loyalty.drill.openList')}
            </Group>
          </Anchor>
          <Button
            size="xs"
            variant="light"
            leftSection={<IconDownload size={14} />}
            loading={exporting}
            disabled={!data || data.total === 0}
            data-testid="loyalty-drill-export"
            onClick={() => {
              setExporting(true);
              setExportError(null);
              owner
                .run(() => exportDrill(filter))
                .catch((error: unknown) => setExportError(error))
                .finally(() => setExporting(false));
            }}
          >
            {t('loyalty.drill.export')}
          </Button>
          {owner.dialog}
        </Group>
      </Group>
      {exportError !== null && <ErrorNotice error={exportError} />}
      {data && data.rows.length === 0 && <Text c="dimmed">{t('loyalty.drill.empty')}</Text>}
      {data && data.rows.length > 0 && (
        <Table striped highlightOnHover data-testid="loyalty-drill-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('loyalty.drill.name')}</Table.Th>
              <Table.Th>{t('loyalty.drill.phone')}</Table.Th>
              <Table.Th>{t('loyalty.drill.segment')}</Table.Th>
              <Table.Th ta="right">{t('loyalty.drill.spend')}</Table.Th>
              <Table.Th ta="right">{t('loyalty.drill.purchases')}</Table.Th>
              <Table.Th ta="right">{t('loyalty.drill.recency')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.rows.map((row) => (
              <Table.Tr key={row.id} data-customer-id={row.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/customers/${row.id}`} size="sm">
                    {row.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>{row.phone ? formatPhoneForDisplay(row.phone, country) : '—'}</Table.Td>
                <Table.Td>{row.segment ? names.rfmSegment[row.segment] : '—'}</Table.Td>
                <Table.Td ta="right">
                  {row.monetaryMinor === null ? '—' : format.money(row.monetaryMinor)}
                </Table.Td>
                <Table.Td ta="right">{row.frequency ?? '—'}</Table.Td>
                <Table.Td ta="right">{row.recencyDays ?? '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {data && data.total > data.rows.length && (
        <Button
          variant="subtle"
          mt="sm"
          onClick={() => setLimit((n) => Math.min(500, n + PAGE))}
          disabled={limit >= 500}
        >
          {t('loyalty.drill.more')}
        </Button>
      )}
    </>
  );
}
