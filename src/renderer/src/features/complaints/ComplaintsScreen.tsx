import { useState } from 'react';
import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Progress,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCommand } from '../../api/commands';
import { ErrorNotice } from '../../components/ErrorNotice';
import type { Complaint, ComplaintReport } from '../../../../shared/contract/care';
import { complaintCauses, nextComplaintStatus, type ComplaintCause } from '../../../../shared/care/settings';
import { useShopFormat } from '../card/format';
import { AdvanceComplaintForm } from './ComplaintForms';

type Filter = 'open' | 'overdue' | 'follow_up' | 'closed' | 'all';

/** Complaints across the shop: filter by state and cause, move each along its workflow, and the cause report. */
export function ComplaintsScreen(): React.JSX.Element {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<Filter>('open');
  const [cause, setCause] = useState<string | null>(null);
  const [advancing, setAdvancing] = useState<Complaint | null>(null);
  const list = useCommand('complaints.list', {
    filter,
    ...(cause ? { cause: cause as ComplaintCause } : {}),
  });
  const report = useCommand('complaints.report', {});
  const settings = useCommand('care.settings', {});
  return (
    <Stack gap="md">
      <Title order={2}>{t('complaints.title')}</Title>
      {report.data && <CauseReport report={report.data} />}
      <Group justify="space-between">
        <SegmentedControl
          value={filter}
          onChange={(value) => setFilter(value as Filter)}
          data={(['open', 'overdue', 'follow_up', 'closed', 'all'] as const).map((f) => ({
            value: f,
            label: t(`complaints.filter.${f}`),
          }))}
        />
        <Select
          aria-label={t('complaints.cause')}
          placeholder={t('complaints.anyCause')}
          value={cause}
          onChange={setCause}
          clearable
          w={220}
          data={complaintCauses.map((c) => ({ value: c, label: t(`complaints.causes.${c}`) }))}
        />
      </Group>
      {settings.data && (
        <Text size="xs" c="dimmed">
          {t('complaints.overdueHint', { hours: settings.data.complaintResponseHours })}
        </Text>
      )}
      {list.isError && <ErrorNotice error={list.error} />}
      {list.data && <ComplaintTable complaints={list.data} onAdvance={setAdvancing} />}
      <AdvanceComplaintForm complaint={advancing} onClose={() => setAdvancing(null)} />
    </Stack>
  );
}

export function ComplaintTable({
  complaints,
  onAdvance,
  showCustomer = true,
}: {
  complaints: readonly Complaint[];
  onAdvance: (c: Complaint) => void;
  showCustomer?: boolean;
}): React.JSX.Element {
  const { t } = useTranslation();
  const fmt = useShopFormat();
  if (complaints.length === 0) return <Text c="dimmed">{t('complaints.empty')}</Text>;
  return (
    <Table striped highlightOnHover data-testid="complaints-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={130}>{t('complaints.columns.received')}</Table.Th>
          {showCustomer && <Table.Th>{t('complaints.columns.customer')}</Table.Th>}
          <Table.Th>{t('complaints.columns.description')}</Table.Th>
          <Table.Th>{t('complaints.columns.cause')}</Table.Th>
          <Table.Th>{t('complaints.columns.status')}</Table.Th>
          <Table.Th />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {complaints.map((c) => {
          const next = nextComplaintStatus[c.status];
          return (
            <Table.Tr key={c.id} data-testid="complaint-row">
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{fmt.date(c.receivedAt)}</Table.Td>
              {showCustomer && (
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Anchor component={Link} to={`/customers/${c.customerId}`}>
                    {c.customerName}
                  </Anchor>
                </Table.Td>
              )}
              <Table.Td>
                <Text size="sm" lineClamp={2}>
                  {c.description}
                </Text>
              </Table.Td>
              <Table.Td>{c.cause ? t(`complaints.causes.${c.cause}`) : '—'}</Table.Td>
              <Table.Td>
                {/* The badges keep their full words; the description column gives way instead. */}
                <Group gap={4} wrap="nowrap">
                  <Badge
                    style={{ minWidth: 'max-content' }}
                    variant="light"
                    color={c.status === 'followed_up' ? 'gray' : 'blue'}
                    data-testid="complaint-status"
                  >
                    {t(`complaints.statuses.${c.status}`)}
                  </Badge>
                  {c.overdue && (
                    <Badge color="red" variant="filled" style={{ minWidth: 'max-content' }}>
                      {t('complaints.overdue')}
                    </Badge>
                  )}
                  {c.followupSatisfaction !== null && (
                    <Badge variant="outline">{c.followupSatisfaction}/5</Badge>
                  )}
                </Group>
              </Table.Td>
              <Table.Td>
                {next && (
                  <Button
                    size="compact-xs"
                    variant="light"
                    style={{ whiteSpace: 'nowrap' }}
                    onClick={() => onAdvance(c)}
                  >
                    {t(`complaints.statuses.${next}`)} →
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

function CauseReport({ report }: { report: ComplaintReport }): React.JSX.Element {
  const { t } = useTranslation();
  const count = (cause: string): number => report.byCause.find((c) => c.cause === cause)?.count ?? 0;
  const product = count('quality');
  const communication = count('communication');
  const pct = (n: number): number =>
    product + communication === 0 ? 0 : Math.round((100 * n) / (product + communication));
  return (
    <Card withBorder data-testid="complaint-report">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={3} size="h5">
            {t('complaints.report.title')}
          </Title>
          <Text size="sm">
            {t('complaints.report.total', { count: report.total })} · {report.open}{' '}
            {t('complaints.report.open')} ·{' '}
            <Text span c={report.overdue > 0 ? 'red' : undefined}>
              {report.overdue} {t('complaints.report.overdue')}
            </Text>
          </Text>
        </Group>
        {report.byCause.map((c) => (
          <Group key={c.cause} gap="sm" wrap="nowrap">
            <Text size="sm" w={200} truncate>
              {t(`complaints.causes.${c.cause}`)}
            </Text>
            <Progress value={report.total === 0 ? 0 : (100 * c.count) / report.total} style={{ flex: 1 }} />
            <Text size="sm" w={40} ta="right">
              {c.count}
            </Text>
          </Group>
        ))}
        {product + communication > 0 && (
          <Text size="sm" c="dimmed">
            {t('complaints.report.split', { product: pct(product), communication: pct(communication) })}
          </Text>
        )}
        <Text size="sm" c="dimmed">
          {report.meanFollowupSatisfaction === null
            ? t('complaints.report.noFollowUp')
            : t('complaints.report.meanSatisfaction', { value: report.meanFollowupSatisfaction.toFixed(1) })}
        </Text>
      </Stack>
    </Card>
  );
}
