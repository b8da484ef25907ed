import { Anchor, Badge, Button, Card, Group, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCommand, useCommandMutation } from '../../api/commands';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useReminderTitle, useShopFormat } from '../card/format';

function CustomerLink({ id, name }: { id: string | null; name: string | null }): React.JSX.Element {
  return id ? (
    <Anchor component={Link} to={`/customers/${id}`} size="sm" fw={600}>
      {name}
    </Anchor>
  ) : (
    <Text size="sm">—</Text>
  );
}

function Section({
  title,
  hint,
  count,
  total = count,
  testId,
  children,
}: {
  title: string;
  hint?: string;
  /** Entries shown. */
  count: number;
  /** Entries in all, when the list was cut to the first `count`. */
  total?: number;
  testId: string;
  children: React.ReactNode;
}): React.JSX.Element {
  const { t, i18n } = useTranslation();
  return (
    <Card withBorder data-testid={testId}>
      <Group justify="space-between" mb={4} wrap="nowrap">
        <Title order={3} size="h5">
          {title}
        </Title>
        <Badge variant="light">{total.toLocaleString(i18n.language)}</Badge>
      </Group>
      {hint && (
        <Text size="xs" c="dimmed" mb="xs">
          {hint}
        </Text>
      )}
      {count === 0 ? (
        <Text size="sm" c="dimmed">
          {t('today.nothing')}
        </Text>
      ) : (
        <Stack gap={6} mah={320} style={{ overflowY: 'auto' }}>
          {children}
          {total > count && (
            <Text size="xs" c="dimmed" data-testid={`${testId}-more`}>
              {t('today.more', {
                count: total - count,
                formatted: (total - count).toLocaleString(i18n.language),
              })}
            </Text>
          )}
        </Stack>
      )}
    </Card>
  );
}

/** The day's customer care: birthdays, anniversaries, follow-ups, overdue complaints and regulars. */
export function TodayScreen(): React.JSX.Element {
  const { t } = useTranslation();
  const fmt = useShopFormat();
  const reminderTitle = useReminderTitle();
  const today = useCommand('today.get', {});
  const settings = useCommand('care.settings', {});
  const complete = useCommandMutation('reminders.complete');
  if (today.isPending) return <Loader />;
  if (today.isError) return <ErrorNotice error={today.error} />;
  const v = today.data;
  // Why each win-back customer is listed: a declining stage can come with a high P(alive).
  const winBackWhy = (w: { pAlive: number | null; declining: boolean; phone: string | null }): string => {
    const pAlive = w.pAlive === null ? null : t('today.pAlive', { pct: Math.round(w.pAlive * 100) });
    const parts = [w.declining ? t('today.declining') : null, pAlive ?? (w.phone && fmt.phone(w.phone))];
    return parts.filter(Boolean).join(' · ');
  };
  const when = (inDays: number): React.JSX.Element =>
    inDays === 0 ? (
      <Badge color="pink">{t('today.todayBadge')}</Badge>
    ) : (
      <Text size="xs" c="dimmed">
        {inDays === 1 ? t('today.inOneDay') : t('today.inDays', { count: inDays })}
      </Text>
    );
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2}>{t('today.title')}</Title>
        <Text size="sm" c="dimmed">
          {t('today.date', { date: fmt.date(`${v.date}T12:00:00Z`) })}
        </Text>
      </Group>
      <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }} spacing="md">
        <Section
          title={t('today.birthdays')}
          hint={t('today.birthdaysHint', { days: settings.data?.birthdayDaysAhead ?? 7 })}
          count={v.birthdays.length}
          total={v.totals.birthdays}
          testId="today-birthdays"
        >
          {v.birthdays.map((b) => (
            <Group key={b.customerId} justify="space-between" wrap="nowrap">
              <CustomerLink id={b.customerId} name={b.name} />
              <Group gap={6} wrap="nowrap">
                <Text size="xs" c="dimmed">
                  {b.phone ? fmt.phone(b.phone) : null}
                </Text>
                {when(b.inDays)}
              </Group>
            </Group>
          ))}
        </Section>
        <Section title={t('today.reminders')} count={v.remindersDue.length} testId="today-reminders">
          {v.remindersDue.map((r) => (
            <Group key={r.id} justify="space-between" wrap="nowrap">
              <Stack gap={0} style={{ minWidth: 0 }}>
                <CustomerLink id={r.customerId} name={r.customerName} />
                <Text size="xs" c="dimmed" truncate>
                  {reminderTitle(r)} · {fmt.date(r.dueAt)}
                </Text>
              </Stack>
              <Button size="compact-xs" variant="light" onClick={() => complete.mutate({ id: r.id })}>
                {t('today.markDone')}
              </Button>
            </Group>
          ))}
        </Section>
        <Section title={t('today.complaints')} count={v.overdueComplaints.length} testId="today-complaints">
          {v.overdueComplaints.map((c) => (
            <Stack key={c.id} gap={0}>
              <Group justify="space-between" wrap="nowrap">
                <CustomerLink id={c.customerId} name={c.customerName} />
                <Badge variant="light">{t(`complaints.statuses.${c.status}`)}</Badge>
              </Group>
              <Text size="xs" c="dimmed" truncate>
                {fmt.date(c.receivedAt)} · {c.description}
              </Text>
            </Stack>
          ))}
        </Section>
        <Section
          title={t('today.overdueVisits')}
          hint={t('today.overdueVisitsHint')}
          count={v.overdueVisits.length}
          total={v.totals.overdueVisits}
          testId="today-overdue-visits"
        >
          {v.overdueVisits.map((o) => (
            <Group key={o.customerId} justify="space-between" wrap="nowrap">
              <CustomerLink id={o.customerId} name={o.name} />
              <Text size="xs" c="dimmed" ta="right">
                {t('today.lastVisit', { days: o.daysSinceLast, usual: o.usualIntervalDays })}
              </Text>
            </Group>
          ))}
        </Section>
        <Section
          title={t('today.anniversaries')}
          count={v.anniversaries.length}
          total={v.totals.anniversaries}
          testId="today-anniversaries"
        >
          {v.anniversaries.map((a) => (
            <Group key={a.customerId} justify="space-between" wrap="nowrap">
              <CustomerLink id={a.customerId} name={a.name} />
              <Group gap={6} wrap="nowrap">
                <Text size="xs" c="dimmed">
                  {a.years === 1 ? t('today.oneYear') : t('today.years', { count: a.years })}
                </Text>
                {when(a.inDays)}
              </Group>
            </Group>
          ))}
        </Section>
        {v.winBack === null ? (
          <Card withBorder data-testid="today-winback">
            <Title order={3} size="h5" mb={4}>
              {t('today.winBack')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('today.winBackNone')}
            </Text>
          </Card>
        ) : (
          <Section
            title={t('today.winBack')}
            hint={t('today.winBackHint')}
            count={v.winBack.length}
            total={v.totals.winBack ?? v.winBack.length}
            testId="today-winback"
          >
            {v.winBack.map((w) => (
              <Group key={w.customerId} justify="space-between" wrap="nowrap">
                <CustomerLink id={w.customerId} name={w.name} />
                <Text size="xs" c="dimmed">
                  {winBackWhy(w)}
                </Text>
              </Group>
            ))}
          </Section>
        )}
      </SimpleGrid>
    </Stack>
  );
}
