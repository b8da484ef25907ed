import { AreaChart, BarChart, LineChart, ScatterChart } from '@mantine/charts';
import {
  Badge,
  Button,
  Group,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { labelNames, type LabelNames } from '../../../../shared/analysis/label-names';
import type { LoyaltyActivity, LoyaltyDashboard, RuleRow } from '../../../../shared/contract/loyalty';
import type { DrillTarget } from './DrillDrawer';
import { analysisWindowText, type Formatters } from './format';
import { heat, Section } from './Section';

export interface ChartProps {
  readonly data: LoyaltyDashboard;
  readonly format: Formatters;
  readonly onDrill: (target: DrillTarget) => void;
}

function useNames(): LabelNames {
  const { i18n } = useTranslation();
  return labelNames[i18n.language === 'zh-CN' ? 'zh-CN' : 'en'];
}

const clickableRow = { cursor: 'pointer' } as const;

export function RfmMap({ data, format, onDrill }: ChartProps): React.JSX.Element {
  const { t } = useTranslation();
  const names = useNames();
  const [by, setBy] = useState<'customers' | 'revenue'>('customers');
  const value = (c: { customers: number; revenueMinor: number }): number =>
    by === 'customers' ? c.customers : c.revenueMinor;
  const max = Math.max(1, ...data.rfmGrid.map(value));
  const empty = data.rfmGrid.every((c) => c.customers === 0);
  return (
    <Section title={t('loyalty.rfm.title')} testId="chart-rfm" empty={empty}>
      <Group justify="space-between">
        <Text size="xs" c="dimmed">
          {t('loyalty.rfm.recency')} ↓ · {t('loyalty.rfm.frequency')} →
        </Text>
        <SegmentedControl
          size="xs"
          value={by}
          onChange={(v) => setBy(v === 'revenue' ? 'revenue' : 'customers')}
          data={[
            { value: 'customers', label: t('loyalty.rfm.byCustomers') },
            { value: 'revenue', label: t('loyalty.rfm.byRevenue') },
          ]}
        />
      </Group>
      <svg viewBox="0 0 520 330" width="100%" role="img" aria-label={t('loyalty.rfm.title')}>
        {data.rfmGrid.map((cell) => {
          const x = 20 + (cell.f - 1) * 100;
          const y = (5 - cell.r) * 64;
          const label = `${names.rfmSegment[cell.segment]} · ${t('loyalty.drill.cell', { r: cell.r, f: cell.f })}`;
          return (
            <g
              key={`${cell.r}-${cell.f}`}
              data-testid={`rfm-cell-${cell.r}-${cell.f}`}
              data-count={cell.customers}
              style={clickableRow}
              tabIndex={0}
              role="button"
              aria-label={label}
              onClick={() => onDrill({ label, filter: { rfm: { r: cell.r, f: cell.f } } })}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ')
                  onDrill({ label, filter: { rfm: { r: cell.r, f: cell.f } } });
              }}
            >
              <rect x={x} y={y} width={96} height={60} rx={6} fill={heat('teal', value(cell) / max)} />
              <text x={x + 48} y={y + 24} textAnchor="middle" fontSize={12} fill="var(--mantine-color-text)">
                {by === 'customers' ? format.number(cell.customers) : format.money(cell.revenueMinor)}
              </text>
              {/* The theme's text, a little lighter: dimmed grey vanishes into the strong shades. */}
              <text
                x={x + 48}
                y={y + 44}
                textAnchor="middle"
                fontSize={9}
                fill="var(--mantine-color-text)"
                fillOpacity={0.8}
              >
                {names.rfmSegment[cell.segment]}
              </text>
            </g>
          );
        })}
        {[5, 4, 3, 2, 1].map((r) => (
          <text
            key={`r${r}`}
            x={8}
            y={(5 - r) * 64 + 34}
            fontSize={11}
            textAnchor="middle"
            fill="var(--mantine-color-dimmed)"
          >
            {r}
          </text>
        ))}
        {[1, 2, 3, 4, 5].map((f) => (
          <text
            key={`f${f}`}
            x={20 + (f - 1) * 100 + 48}
            y={324}
            fontSize={11}
            textAnchor="middle"
            fill="var(--mantine-color-dimmed)"
          >
            {f}
          </text>
        ))}
      </svg>
      <Table highlightOnHover fz="sm" data-testid="segment-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('loyalty.rfm.segment')}</Table.Th>
            <Table.Th ta="right">{t('loyalty.rfm.customers')}</Table.Th>
            <Table.Th ta="right">{t('loyalty.rfm.share')}</Table.Th>
            <Table.Th ta="right">{t('loyalty.rfm.revenue')}</Table.Th>
            <Table.Th ta="right">{t('loyalty.rfm.averageSpend')}</Table.Th>
            <Table.Th ta="right">{t('loyalty.rfm.trend')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {data.segments.map((s) => {
            const delta = s.previousCustomers === null ? null : s.customers - s.previousCustomers;
            return (
              <Table.Tr
                key={s.segment}
                style={clickableRow}
                onClick={() =>
                  onDrill({ label: names.rfmSegment[s.segment], filter: { segment: s.segment } })
                }
              >
                <Table.Td>{names.rfmSegment[s.segment]}</Table.Td>
                <Table.Td ta="right">{format.number(s.customers)}</Table.Td>
                <Table.Td ta="right">{format.percent(s.share, 1)}</Table.Td>
                <Table.Td ta="right">{format.money(s.revenueMinor)}</Table.Td>
                <Table.Td ta="right">{format.money(s.averageSpendMinor)}</Table.Td>
                <Table.Td ta="right">
                  {delta === null ? (
                    <Text size="xs" c="dimmed">
                      {t('loyalty.rfm.noPrevious')}
                    </Text>
                  ) : (
                    <Text size="sm" c={delta > 0 ? 'teal' : delta < 0 ? 'red' : 'dimmed'}>
                      {delta > 0 ? `+${format.number(delta)}` : format.number(delta)}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Section>
  );
}

export function ParetoChart({ data, format, onDrill }: ChartProps): React.JSX.Element {
  const { t } = useTranslation();
  const names = useNames();
  const curve = data.pareto.curve.map((p) => ({
    customers: Math.round(p.customerShare * 1000) / 10,
    revenue: Math.round(p.revenueShare * 1000) / 10,
  }));
  const totalTier = Math.max(1, ...data.pyramid.map((p) => p.customers));
  const headline = data.pareto.headline;
  // The run's own cut-offs (Settings → analysis), as the A and B lines.
  const cutoffs = data.run?.abcCutoffs ?? { a: 0.8, b: 0.95 };
  const aLine = Math.round(cutoffs.a * 1000) / 10;
  const bLine = Math.round(cutoffs.b * 1000) / 10;
  return (
    <Section title={t('loyalty.pareto.title')} testId="chart-pareto" empty={curve.length < 2}>
      {headline && data.run && (
        <Text size="sm" data-testid="pareto-headline">
          {t(headline.topCustomers === null ? 'loyalty.pareto.headlineNoCount' : 'loyalty.pareto.headline', {
            window: analysisWindowText(t, data.run),
            top: format.percent(headline.topShare),
            count: headline.topCustomers === null ? '' : format.number(headline.topCustomers),
            share: format.percent(headline.revenueShare),
          })}
        </Text>
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <AreaChart
          h={220}
          data={curve}
          dataKey="customers"
          type="default"
          withDots={false}
          curveType="linear"
          series={[{ name: 'revenue', label: t('loyalty.pareto.revenueShare'), color: 'teal.6' }]}
          xAxisProps={{ type: 'number', domain: [0, 100], ticks: [0, 20, 40, 60, 80, 100], unit: '%' }}
          yAxisProps={{ domain: [0, 100], ticks: [0, 20, 40, 60, aLine, bLine, 100] }}
          unit="%"
          xAxisLabel={t('loyalty.pareto.customerShare')}
          referenceLines={[
            { x: 20, color: 'orange.6', label: '20 %' },
            { y: aLine, color: 'gray.5', label: 'A' },
            { y: bLine, color: 'gray.5', label: 'B' },
          ]}
        />
        <Stack gap={6}>
          <Text size="sm" fw={600}>
            {t('loyalty.pareto.pyramid')}
          </Text>
          {data.pyramid.map((tier) => (
            <UnstyledButton
              key={tier.tier}
              onClick={() => onDrill({ label: names.valueTier[tier.tier], filter: { tier: tier.tier } })}
              data-testid={`tier-${tier.tier}`}
            >
              <Group gap="xs" wrap="nowrap">
                <Text size="xs" w={84} style={{ whiteSpace: 'nowrap', flexShrink: 0 }}>
                  {names.valueTier[tier.tier]}
                </Text>
                <div
                  style={{
                    height: 18,
                    width: `${Math.max(2, (tier.customers / totalTier) * 100)}%`,
                    background: heat('indigo', 0.3 + 0.7 * (1 - data.pyramid.indexOf(tier) / 5)),
                    borderRadius: 4,
                  }}
                />
                <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                  {format.number(tier.customers)} · {format.money(tier.revenueMinor)}
                </Text>
              </Group>
            </UnstyledButton>
          ))}
          <Text size="sm" fw={600} mt="xs">
            {t('loyalty.pareto.abc')}
          </Text>
          <Group gap="xs">
            {data.pareto.abc.map((abc) => (
              <Button
                key={abc.abc}
                size="compact-sm"
                variant="light"
                onClick={() => onDrill({ label: names.abcClass[abc.abc], filter: { abc: abc.abc } })}
              >
                {names.abcClass[abc.abc]}: {format.number(abc.customers)}
              </Button>
            ))}
          </Group>
        </Stack>
      </SimpleGrid>
    </Section>
  );
}

export function LifecycleChart({ data, format, onDrill }: ChartProps): React.JSX.Element {
  const { t } = useTranslation();
  const names = useNames();
  const buying = data.lifecycle.filter((s) => s.stage !== 'prospect');
  const rows = data.lifecycle.map((s) => ({ stage: names.lifecycleStage[s.stage], customers: s.customers }));
  const peak = [...buying].sort((a, b) => b.averagePurchases - a.averagePurchases)[0];
  const empty = buying.every((s) => s.customers === 0);
  return (
    <Section title={t('loyalty.lifecycle.title')} testId="chart-lifecycle" empty={empty}>
      <BarChart
        h={180}
        data={rows}
        dataKey="stage"
        series={[{ name: 'customers', label: t('loyalty.lifecycle.customers'), color: 'violet.6' }]}
        barProps={{
          cursor: 'pointer',
          onClick: (_entry: unknown, index: number) => {
            const stage = data.lifecycle[index];
            if (stage) onDrill({ label: names.lifecycleStage[stage.stage], filter: { stage: stage.stage } });
          },
        }}
      />
      {peak && peak.customers > 0 && (
        <Text size="sm" c={peak.stage === 'stability' ? 'teal' : 'orange'}>
          {peak.stage === 'stability'
            ? t('loyalty.lifecycle.peakTrue')
            : t('loyalty.lifecycle.peakFalse', { stage: names.lifecycleStage[peak.stage] })}
        </Text>
      )}
      <Table highlightOnHover fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('loyalty.lifecycle.stage')}</Table.Th>
            <Table.Th ta="right">{t('loyalty.lifecycle.customers')}</Table.Th>
            <Table.Th ta="right">{t('loyalty.lifecycle.averagePurchases')}</Table.Th>
            <Table.Th ta="right">{t('loyalty.lifecycle.spendPerPurchase')}</Table.Th>
            <Table.Th ta="right">{t('loyalty.lifecycle.revenue')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {data.lifecycle.map((s) => (
            <Table.Tr
              key={s.stage}
              style={clickableRow}
              onClick={() => onDrill({ label: names.lifecycleStage[s.stage], filter: { stage: s.stage } })}
            >
              <Table.Td>{names.lifecycleStage[s.stage]}</Table.Td>
              <Table.Td ta="right">{format.number(s.customers)}</Table.Td>
              <Table.Td ta="right">{format.number(s.averagePurchases, 1)}</Table.Td>
              <Table.Td ta="right">{format.money(s.spendPerPurchaseMinor)}</Table.Td>
              <Table.Td ta="right">{format.money(s.revenueMinor)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Section>
  );
}

export function LoyaltyTypesChart({ data, format, onDrill }: ChartProps): React.JSX.Element {
  const { t } = useTranslation();
  const quadrant = (q: string) => data.loyaltyQuadrants.find((x) => x.quadrant === q);
  const max = Math.max(1, ...data.loyaltyQuadrants.map((q) => q.customers));
  const layout = [
    ['latent', 'premium'],
    ['priceNone', 'inertiaIncentive'],
  ] as const;
  const emptyTypes = data.loyaltyQuadrants.every((q) => q.customers === 0);
  return (
    <Section
      title={t('loyalty.loyalty.title')}
      testId="chart-loyalty"
      empty={emptyTypes && data.satisfactionScatter.length === 0}
    >
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Stack gap={4}>
          <Text size="xs" c="dimmed">
            ↑ {t('loyalty.loyalty.attachment')} · {t('loyalty.loyalty.repeat')} →
          </Text>
          <svg viewBox="0 0 300 210" width="100%" role="img" aria-label={t('loyalty.loyalty.title')}>
            {layout.map((row, ri) =>
              row.map((code, ci) => {
                const q = quadrant(code);
                const count = q?.customers ?? 0;
                const label = t(`loyalty.loyalty.quadrants.${code}`);
                return (
                  <g
                    key={code}
                    data-testid={`quadrant-${code}`}
                    style={clickableRow}
                    role="button"
                    tabIndex={0}
                    aria-label={label}
                    onClick={() => q && onDrill({ label, filter: { loyalty: [...q.types] } })}
                    onKeyDown={(e) => {
                      if (q && e.key === 'Enter') onDrill({ label, filter: { loyalty: [...q.types] } });
                    }}
                  >
                    <rect
                      x={10 + ci * 145}
                      y={ri * 100}
                      width={140}
                      height={96}
                      rx={8}
                      fill={heat(code === 'premium' ? 'teal' : 'blue', count / max)}
                    />
                    <text
                      x={80 + ci * 145}
                      y={ri * 100 + 42}
                      textAnchor="middle"
                      fontSize={18}
                      fontWeight={700}
                      fill="var(--mantine-color-text)"
                    >
                      {format.number(count)}
                    </text>
                    <text
                      x={80 + ci * 145}
                      y={ri * 100 + 66}
                      textAnchor="middle"
                      fontSize={11}
                      fill="var(--mantine-color-text)"
                    >
                      {label}
                    </text>
                  </g>
                );
              }),
            )}
          </svg>
        </Stack>
        <Stack gap={4}>
          <Text size="sm" fw={600}>
            {t('loyalty.loyalty.scatter')}
          </Text>
          {data.satisfactionScatter.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('loyalty.insufficient')}
            </Text>
          ) : (
            <ScatterChart
              h={200}
              data={[
                {
                  color: 'teal.6',
                  name: t('loyalty.loyalty.scatter'),
                  data: data.satisfactionScatter.map((p) => ({
                    satisfaction: p.satisfaction,
                    purchases: p.purchases,
                  })),
                },
              ]}
              dataKey={{ x: 'satisfaction', y: 'purchases' }}
              xAxisLabel={t('loyalty.loyalty.satisfaction')}
              yAxisLabel={t('loyalty.loyalty.purchases')}
              xAxisProps={{ domain: [1, 5], ticks: [1, 2, 3, 4, 5] }}
              scatterProps={{
                cursor: 'pointer',
                onClick: (_point: unknown, index: number) => {
                  const p = data.satisfactionScatter[index];
                  if (p) onDrill({ label: t('loyalty.loyalty.scatter'), filter: { ids: [p.customerId] } });
                },
              }}
            />
          )}
        </Stack>
      </SimpleGrid>
    </Section>
  );
}

export function CohortChart({
  activity,
  format,
  onDrill,
}: {
  activity: LoyaltyActivity | undefined;
  format: Formatters;
  onDrill: (target: DrillTarget) => void;
}): React.JSX.Element {
  const { t } = useTranslation();
  if (!activity)
    return (
      <Section
        title={t('loyalty.cohorts.title')}
        testId="chart-cohorts"
        empty
        emptyText={t('loyalty.loadingPeriod')}
      >
        {null}
      </Section>
    );
  const width = Math.max(1, ...activity.cohorts.map((c) => c.retention.length));
  const lines = activity.activity.map((m) => ({
    month: m.month,
    active: m.active,
    new: m.new,
    returning: m.returning,
    lost: m.lost,
  }));
  return (
    <Section title={t('loyalty.cohorts.title')} testId="chart-cohorts" empty={activity.cohorts.length === 0}>
      <div style={{ overflowX: 'auto' }}>
        <svg
          viewBox={`0 0 ${130 + width * 38} ${24 + activity.cohorts.length * 22}`}
          width="100%"
          role="img"
          aria-label={t('loyalty.cohorts.title')}
        >
          {Array.from({ length: width }, (_, k) => (
            <text
              key={k}
              x={130 + k * 38 + 17}
              y={14}
              fontSize={9}
              textAnchor="middle"
              fill="var(--mantine-color-dimmed)"
            >
              {t('loyalty.cohorts.monthN', { n: k })}
            </text>
          ))}
          {activity.cohorts.map((c, i) => (
            <g
              key={c.cohort}
              data-testid={`cohort-${c.cohort}`}
              style={clickableRow}
              role="button"
              tabIndex={0}
              onClick={() => onDrill({ label: c.cohort, filter: { cohort: c.cohort } })}
            >
              <text x={0} y={24 + i * 22 + 14} fontSize={10} fill="var(--mantine-color-text)">
                {c.cohort} ({format.number(c.size)})
              </text>
              {c.retention.map((share, k) => (
                <g key={k}>
                  <rect
                    x={130 + k * 38}
                    y={24 + i * 22}
                    width={36}
                    height={20}
                    rx={3}
                    fill={heat('teal', k === 0 ? 1 : share * 2.5)}
                  />
                  <text
                    x={130 + k * 38 + 18}
                    y={24 + i * 22 + 14}
                    fontSize={9}
                    textAnchor="middle"
                    fill="var(--mantine-color-text)"
                  >
                    {format.percent(share)}
                  </text>
                </g>
              ))}
            </g>
          ))}
        </svg>
      </div>
      <Text size="sm" fw={600}>
        {t('loyalty.cohorts.activity')}
      </Text>
      <LineChart
        h={200}
        data={lines}
        dataKey="month"
        withLegend
        series={[
          { name: 'active', label: t('loyalty.cohorts.active'), color: 'teal.6' },
          { name: 'new', label: t('loyalty.cohorts.new'), color: 'blue.6' },
          { name: 'returning', label: t('loyalty.cohorts.returning'), color: 'violet.6' },
          { name: 'lost', label: t('loyalty.cohorts.lost'), color: 'red.6' },
        ]}
      />
    </Section>
  );
}

export function ChurnChart({
  data,
  format,
  onDrill,
  onRemind,
  reminding,
}: ChartProps & { onRemind: (ids: string[]) => void; reminding: boolean }): React.JSX.Element {
  const { t } = useTranslation();
  const bars = data.pAliveHistogram.map((b) => ({
    bucket: `${format.number(b.min, 1)}–${format.number(b.max, 1)}`,
    customers: b.customers,
  }));
  const pending = data.winBack.filter((w) => !w.hasOpenWinBackReminder).map((w) => w.customerId);
  return (
    <Section title={t('loyalty.churn.title')} testId="chart-churn" empty={data.run === null}>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Stack gap={4}>
          <Text size="sm" fw={600}>
            {t('loyalty.churn.pAlive')}
          </Text>
          {bars.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('loyalty.churn.noModel')}
            </Text>
          ) : (
            <BarChart
              h={200}
              data={bars}
              dataKey="bucket"
              series={[{ name: 'customers', label: t('loyalty.churn.customers'), color: 'orange.6' }]}
              barProps={{
                cursor: 'pointer',
                onClick: (_entry: unknown, index: number) => {
                  const b = data.pAliveHistogram[index];
                  if (b)
                    onDrill({
                      label: `P(alive) ${bars[index]?.bucket ?? ''}`,
                      filter: { pAlive: { min: b.min, max: b.max } },
                    });
                },
              }}
            />
          )}
        </Stack>
        <Stack gap={4}>
          <Group justify="space-between">
            <Text size="sm" fw={600}>
              {t('loyalty.churn.winBack')}
            </Text>
            <Group gap="xs">
              <Button
                size="compact-sm"
                variant="subtle"
                onClick={() => onDrill({ label: t('loyalty.churn.winBack'), filter: { atRisk: true } })}
              >
                {format.number(data.headline.atRisk ?? 0)}
              </Button>
              <Button
                size="compact-sm"
                disabled={pending.length === 0}
                loading={reminding}
                onClick={() => onRemind(pending)}
                data-testid="winback-remind-all"
              >
                {t('loyalty.churn.remind')}
              </Button>
            </Group>
          </Group>
          {data.winBack.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('loyalty.churn.none')}
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={420} maxHeight={260}>
              <Table highlightOnHover fz="xs" stickyHeader data-testid="winback-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('loyalty.churn.name')}</Table.Th>
                    <Table.Th>{t('loyalty.churn.lastVisit')}</Table.Th>
                    <Table.Th ta="right">{t('loyalty.churn.interval')}</Table.Th>
                    <Table.Th ta="right">{t('loyalty.churn.stake')}</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.winBack.map((w) => (
                    <Table.Tr
                      key={w.customerId}
                      style={clickableRow}
                      onClick={() => onDrill({ label: w.name, filter: { ids: [w.customerId] } })}
                    >
                      <Table.Td>{w.name}</Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{w.lastPurchase ?? '—'}</Table.Td>
                      <Table.Td ta="right">
                        {w.usualIntervalDays === null
                          ? '—'
                          : t('loyalty.churn.days', { count: Math.round(w.usualIntervalDays) })}
                      </Table.Td>
                      <Table.Td ta="right">{format.money(w.valueAtStakeMinor)}</Table.Td>
                      <Table.Td onClick={(e) => e.stopPropagation()}>
                        {w.hasOpenWinBackReminder ? (
                          <Badge size="xs" variant="light">
                            {t('loyalty.churn.reminded')}
                          </Badge>
                        ) : (
                          <Button size="compact-xs" variant="light" onClick={() => onRemind([w.customerId])}>
                            {t('loyalty.churn.remindOne')}
                          </Button>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Stack>
      </SimpleGrid>
    </Section>
  );
}

export function MovementTable({ data, format, onDrill }: ChartProps): React.JSX.Element {
  const { t } = useTranslation();
  const names = useNames();
  const moves = data.movement;
  return (
    <Section
      title={t('loyalty.movement.title')}
      testId="chart-movement"
      empty={moves === null || moves.length === 0}
      emptyText={moves === null ? t('loyalty.movement.noPrevious') : t('loyalty.movement.none')}
    >
      <Table.ScrollContainer minWidth={320} maxHeight={300}>
        <Table highlightOnHover fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('loyalty.movement.from')}</Table.Th>
              <Table.Th>{t('loyalty.movement.to')}</Table.Th>
              <Table.Th ta="right">{t('loyalty.movement.customers')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(moves ?? []).slice(0, 20).map((m) => {
              const label = `${names.rfmSegment[m.from]} → ${names.rfmSegment[m.to]}`;
              return (
                <Table.Tr
                  key={`${m.from}-${m.to}`}
                  style={clickableRow}
                  onClick={() => onDrill({ label, filter: { movedFrom: m.from, movedTo: m.to } })}
                >
                  <Table.Td>{names.rfmSegment[m.from]}</Table.Td>
                  <Table.Td>→ {names.rfmSegment[m.to]}</Table.Td>
                  <Table.Td ta="right">{format.number(m.customers)}</Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Section>
  );
}

export function RulesTable({ data, format }: Omit<ChartProps, 'onDrill'>): React.JSX.Element {
  const { t } = useTranslation();
  const [level, setLevel] = useState<RuleRow['level']>('product');
  const rules = data.rules.filter((r) => r.level === level);
  return (
    <Section
      title={t('loyalty.rules.title')}
      testId="chart-rules"
      empty={data.rules.length === 0}
      emptyText={t('loyalty.rules.none')}
    >
      <SegmentedControl
        size="xs"
        data-testid="rules-level"
        value={level}
        onChange={(value) => setLevel(value === 'category' ? 'category' : 'product')}
        data={[
          { value: 'product', label: t('loyalty.rules.levels.product') },
          { value: 'category', label: t('loyalty.rules.levels.category') },
        ]}
        style={{ alignSelf: 'flex-start' }}
      />
      {rules.length === 0 ? (
        <Text c="dimmed" size="sm" py="lg" ta="center" data-testid="rules-level-empty">
          {t('loyalty.rules.noneAtLevel')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={360} maxHeight={300}>
          <Table fz="sm" data-level={level}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('loyalty.rules.rule')}</Table.Th>
                <Table.Th ta="right">{t('loyalty.rules.support')}</Table.Th>
                <Table.Th ta="right">{t('loyalty.rules.confidence')}</Table.Th>
                <Table.Th ta="right">{t('loyalty.rules.lift')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rules.map((r, i) => (
                <Table.Tr key={i}>
                  <Table.Td>
                    <Text size="sm">
                      {r.antecedent.join(' + ')} → <b>{r.consequent}</b>
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">{format.percent(r.support, 1)}</Table.Td>
                  <Table.Td ta="right">{format.percent(r.confidence)}</Table.Td>
                  <Table.Td ta="right">{format.number(r.lift, 2)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Section>
  );
}

export function ComplaintsChart({ data, format, onDrill }: ChartProps): React.JSX.Element {
  const { t } = useTranslation();
  const c = data.complaints;
  const rows = c.causes.map((row) => ({
    cause: t(`loyalty.complaints.causes.${row.cause}`),
    complaints: row.complaints,
  }));
  return (
    <Section title={t('loyalty.complaints.title')} testId="chart-complaints" empty={c.total === 0}>
      <Text size="sm">
        {t('loyalty.complaints.total', {
          total: format.number(c.total),
          resolved: format.number(c.resolved),
        })}{' '}
        ·{' '}
        {c.averageDaysToResolve === null
          ? t('loyalty.complaints.resolveNone')
          : t('loyalty.complaints.resolveTime', { days: format.number(c.averageDaysToResolve, 1) })}
      </Text>
      <BarChart
        h={200}
        data={rows}
        dataKey="cause"
        orientation="vertical"
        yAxisProps={{ width: 110 }}
        series={[{ name: 'complaints', label: t('loyalty.complaints.count'), color: 'red.6' }]}
        barProps={{
          cursor: 'pointer',
          onClick: (_entry: unknown, index: number) => {
            const row = c.causes[index];
            if (row)
              onDrill({
                label: t(`loyalty.complaints.causes.${row.cause}`),
                filter: { complaintCause: row.cause, from: data.period.from, to: data.period.to },
              });
          },
        }}
      />
    </Section>
  );
}
