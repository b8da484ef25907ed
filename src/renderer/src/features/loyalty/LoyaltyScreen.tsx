import { Alert, Group, Loader, Paper, SegmentedControl, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconInfoCircle } from '@tabler/icons-react';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCommand, useCommandMutation } from '../../api/commands';
import { ErrorNotice } from '../../components/ErrorNotice';
import {
  ChurnChart,
  CohortChart,
  ComplaintsChart,
  LifecycleChart,
  LoyaltyTypesChart,
  MovementTable,
  ParetoChart,
  RfmMap,
  RulesTable,
} from './Charts';
import { DrillDrawer, type DrillTarget } from './DrillDrawer';
import { analysisWindowText, formatters } from './format';

const PERIODS = { m3: 3, m6: 6, m12: 12, m24: 24 } as const;
type PeriodKey = keyof typeof PERIODS;

function periodOf(key: PeriodKey): { from: string; to: string } {
  const to = dayjs();
  return {
    from: to.subtract(PERIODS[key], 'month').add(1, 'day').format('YYYY-MM-DD'),
    to: to.format('YYYY-MM-DD'),
  };
}

function Stat({
  label,
  value,
  hint,
  testId,
}: {
  label: string;
  value: string;
  hint?: string;
  testId: string;
}): React.JSX.Element {
  return (
    <Paper withBorder p="sm" radius="md" data-testid={testId}>
      <Text size="xs" c="dimmed" lineClamp={1}>
        {label}
      </Text>
      <Text fw={700} size="lg">
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Paper>
  );
}

export function LoyaltyScreen(): React.JSX.Element {
  const { t } = useTranslation();
  const [periodKey, setPeriodKey] = useState<PeriodKey>('m12');
  const period = useMemo(() => periodOf(periodKey), [periodKey]);
  const dashboard = useCommand('loyalty.dashboard', period);
  // The purchase scan is slower than the snapshot; it fills its cards when it arrives.
  const activity = useCommand('loyalty.activity', period);
  const [drill, setDrill] = useState<DrillTarget | null>(null);
  const remind = useCommandMutation('loyalty.addWinBackReminders', {
    onSuccess: (result) =>
      notifications.show({ message: t('loyalty.churn.added', { count: result.created }), color: 'teal' }),
  });

  if (dashboard.error) return <ErrorNotice error={dashboard.error} />;
  const data = dashboard.data;
  if (!data)
    return (
      <Group justify="center" p="xl">
        <Loader aria-label={t('common.loading')} />
      </Group>
    );
  const format = formatters(data.locale, data.currency);
  const a = activity.data?.headline;
  const pending = '…';
  const chartProps = { data, format, onDrill: setDrill };

  return (
    <Stack gap="md" data-testid="loyalty-screen">
      <Group justify="space-between" wrap="wrap">
        <Title order={2}>{t('loyalty.title')}</Title>
        <Group gap="xs">
          <Text size="sm" c="dimmed">
            {t('loyalty.periodRange', { from: data.period.from, to: data.period.to })}
          </Text>
          <SegmentedControl
            aria-label={t('loyalty.period')}
            value={periodKey}
            onChange={(v) => setPeriodKey(v in PERIODS ? (v as PeriodKey) : 'm12')}
            data={(Object.keys(PERIODS) as PeriodKey[]).map((k) => ({
              value: k,
              label: t(`loyalty.periods.${k}`),
            }))}
          />
        </Group>
      </Group>
      {data.run ? (
        <Text size="sm" c="dimmed">
          {t('loyalty.runNote', { date: data.run.asOf, window: analysisWindowText(t, data.run) })}{' '}
          {t('loyalty.clickHint')}
        </Text>
      ) : (
        <Alert icon={<IconInfoCircle />} color="blue" data-testid="loyalty-no-run">
          {t('loyalty.noRun')}
        </Alert>
      )}
      {activity.error && <ErrorNotice error={activity.error} />}
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm" data-testid="loyalty-headline">
        <Stat
          testId="kpi-buyers"
          label={t('loyalty.headline.buyers')}
          value={a ? format.number(a.buyers) : pending}
        />
        <Stat
          testId="kpi-new"
          label={t('loyalty.headline.newCustomers')}
          value={a ? format.number(a.newCustomers) : pending}
        />
        <Stat
          testId="kpi-repeat"
          label={t('loyalty.headline.repeatRate')}
          value={a ? (a.repeatRate === null ? '—' : format.percent(a.repeatRate, 1)) : pending}
        />
        <Stat
          testId="kpi-csi"
          label={t('loyalty.headline.csi')}
          value={data.headline.csi === null ? '—' : format.number(data.headline.csi, 2)}
          hint={t('loyalty.headline.csiScores', { count: data.headline.satisfactionScores })}
        />
        <Stat
          testId="kpi-revenue"
          label={t('loyalty.headline.revenue')}
          value={a ? format.money(a.revenueMinor) : pending}
        />
        <Stat
          testId="kpi-top20"
          label={t('loyalty.headline.top20')}
          value={a ? (a.top20RevenueShare === null ? '—' : format.percent(a.top20RevenueShare)) : pending}
        />
        <Stat
          testId="kpi-at-risk"
          label={t('loyalty.headline.atRisk')}
          value={data.headline.atRisk === null ? '—' : format.number(data.headline.atRisk)}
        />
        <Stat
          testId="kpi-stake"
          label={t('loyalty.headline.valueAtStake')}
          value={
            data.headline.valueAtStakeMinor === null ? '—' : format.money(data.headline.valueAtStakeMinor)
          }
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, xl: 2 }} spacing="md">
        <RfmMap {...chartProps} />
        <Stack gap="md">
          <ParetoChart {...chartProps} />
          <LifecycleChart {...chartProps} />
        </Stack>
        <LoyaltyTypesChart {...chartProps} />
        <CohortChart activity={activity.data} format={format} onDrill={setDrill} />
      </SimpleGrid>
      <ChurnChart
        {...chartProps}
        onRemind={(ids) => remind.mutate({ customerIds: ids })}
        reminding={remind.isPending}
      />
      <SimpleGrid cols={{ base: 1, xl: 2 }} spacing="md">
        <MovementTable {...chartProps} />
        <ComplaintsChart {...chartProps} />
      </SimpleGrid>
      <RulesTable data={data} format={format} />
      <DrillDrawer target={drill} onClose={() => setDrill(null)} format={format} />
    </Stack>
  );
}
