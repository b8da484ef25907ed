import { useEffect, useState } from 'react';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Grid,
  Group,
  Loader,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { BarChart } from '@mantine/charts';
import { useHotkeys } from '@mantine/hooks';
import {
  IconAlertTriangle,
  IconBell,
  IconGitMerge,
  IconMessage,
  IconPencil,
  IconPrinter,
  IconShoppingCartPlus,
} from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { labelNames, type LabelFamily } from '../../../../shared/analysis/label-names';
import { formatReason, type AnalysisLanguage } from '../../../../shared/analysis/reason-messages';
import { Link, useNavigate, useParams } from 'react-router';
import { useCommand } from '../../api/commands';
import { ErrorNotice } from '../../components/ErrorNotice';
import type { CardLabel, CustomerCard } from '../../../../shared/contract/card';
import type { Complaint } from '../../../../shared/contract/care';
import { SaleForm } from '../sales/SaleForm';
import { AdvanceComplaintForm, OpenComplaintForm } from '../complaints/ComplaintForms';
import { ComplaintTable } from '../complaints/ComplaintsScreen';
import { InteractionForm, ReminderForm } from './CareForms';
import { Timeline } from './Timeline';
import { LAST_CARD_KEY, useShopFormat } from './format';
import { PrintStyles } from './PrintStyles';
import { ConsentEditor } from '../privacy/ConsentEditor';
import { PersonPrivacyActions } from '../privacy/PersonPrivacyActions';

type Dialog = 'sale' | 'interaction' | 'complaint' | 'reminder' | null;

/** Route `/customers/:id`. */
export function CardRoute(): React.JSX.Element {
  const { id } = useParams();
  return id ? <CustomerCardScreen id={id} /> : <Text>—</Text>;
}

export function CustomerCardScreen({ id }: { id: string }): React.JSX.Element {
  const { t } = useTranslation();
  const card = useCommand('card.get', { id });
  useEffect(() => {
    if (card.data) localStorage.setItem(LAST_CARD_KEY, id);
  }, [card.data, id]);
  if (card.isPending) return <Loader />;
  if (card.isError)
    return card.error.code === 'not_found' ? (
      <Alert color="gray">{t('card.notFound')}</Alert>
    ) : (
      <ErrorNotice error={card.error} />
    );
  return <CardView card={card.data} />;
}

function CardView({ card }: { card: CustomerCard }): React.JSX.Element {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [advancing, setAdvancing] = useState<Complaint | null>(null);
  const [editingPurchase, setEditingPurchase] = useState<string | null>(null);
  const c = card.customer;
  const edit = (): void => void navigate(`/customers/${c.id}/edit`);
  const merge = (): void => void navigate(`/customers/duplicates?with=${c.id}`);
  useHotkeys([
    ['s', () => setDialog('sale')],
    ['i', () => setDialog('interaction')],
    ['c', () => setDialog('complaint')],
    ['r', () => setDialog('reminder')],
    ['e', edit],
    ['m', merge],
    ['p', () => window.print()],
  ]);
  const close = (): void => setDialog(null);
  const complaints = useCommand('complaints.list', { filter: 'active', customerId: c.id });

  return (
    <Stack gap="md" className="print-card">
      <PrintStyles />
      {c.mergedInto && (
        <Alert color="yellow">
          {t('card.merged')}{' '}
          <Anchor component={Link} to={`/customers/${c.mergedInto}`}>
            {t('card.openMerged')}
          </Anchor>
        </Alert>
      )}
      {c.deleted && !c.mergedInto && <Alert color="yellow">{t('card.deleted')}</Alert>}
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Stack gap={4} style={{ minWidth: 0, flex: '1 1 260px' }}>
          <Group gap="xs" wrap="wrap">
            <Title order={2} data-testid="card-name">
              {c.name}
            </Title>
            <Badge variant="light">{t(`card.kind.${c.kind}`)}</Badge>
            {c.memberNo && <Badge variant="outline">{c.memberNo}</Badge>}
          </Group>
          <Group gap={6} wrap="wrap">
            {card.tags.length === 0 ? (
              <Text size="xs" c="dimmed">
                {t('card.noTags')}
              </Text>
            ) : (
              card.tags.map((tag) => (
                <Badge key={tag.name} color={tag.color} variant="dot">
                  {tag.name}
                </Badge>
              ))
            )}
            {card.openComplaints > 0 && (
              <Badge color="red">{t('card.openComplaints', { count: card.openComplaints })}</Badge>
            )}
            {card.openReminders > 0 && (
              <Badge color="yellow">{t('card.openReminders', { count: card.openReminders })}</Badge>
            )}
          </Group>
        </Stack>
        <Stack gap={4} align="flex-end" className="no-print">
          <Group gap="xs" wrap="wrap" justify="flex-end">
            <Button leftSection={<IconShoppingCartPlus size={16} />} onClick={() => setDialog('sale')}>
              {t('card.actions.sale')}
            </Button>
            <Button
              variant="light"
              leftSection={<IconMessage size={16} />}
              onClick={() => setDialog('interaction')}
            >
              {t('card.actions.interaction')}
            </Button>
            <Button
              variant="light"
              color="red"
              leftSection={<IconAlertTriangle size={16} />}
              onClick={() => setDialog('complaint')}
            >
              {t('card.actions.complaint')}
            </Button>
            <Button
              variant="light"
              color="yellow"
              leftSection={<IconBell size={16} />}
              onClick={() => setDialog('reminder')}
            >
              {t('card.actions.reminder')}
            </Button>
            <Button variant="default" leftSection={<IconPencil size={16} />} onClick={edit}>
              {t('card.actions.edit')}
            </Button>
            <Button variant="default" leftSection={<IconGitMerge size={16} />} onClick={merge}>
              {t('card.actions.merge')}
            </Button>
            <Tooltip label={t('card.actions.printHint')} multiline w={260}>
              <Button
                variant="default"
                leftSection={<IconPrinter size={16} />}
                onClick={() => window.print()}
              >
                {t('card.actions.print')}
              </Button>
            </Tooltip>
          </Group>
          <Text size="xs" c="dimmed">
            {t('card.actions.shortcuts')}
          </Text>
        </Stack>
      </Group>

      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <IdentityCard card={card} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <FiguresCard card={card} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <LabelsCard card={card} />
        </Grid.Col>
      </Grid>

      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <SpendChart card={card} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <SuggestionsCard card={card} />
        </Grid.Col>
      </Grid>

      {complaints.data && complaints.data.length > 0 && (
        <Card withBorder>
          <ComplaintTable complaints={complaints.data} onAdvance={setAdvancing} showCustomer={false} />
        </Card>
      )}

      <Card withBorder>
        <Stack gap="xs">
          <Title order={3} size="h5">
            {t('card.timeline.title')}
          </Title>
          <Timeline
            key={c.id}
            customerId={c.id}
            counts={card.timelineCounts}
            firstPage={card.timeline}
            onOpenPurchase={setEditingPurchase}
          />
        </Stack>
      </Card>

      {/* PIPL/GDPR duties on the person's own page: consent per channel, export, erase (owner). */}
      <Card withBorder className="no-print" data-testid="card-privacy">
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 8 }}>
            <ConsentEditor customerId={c.id} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}>
            <PersonPrivacyActions customerId={c.id} customerName={c.name} />
          </Grid.Col>
        </Grid>
      </Card>

      <SaleForm customerId={c.id} opened={dialog === 'sale'} onClose={close} />
      <SaleForm
        customerId={c.id}
        purchaseId={editingPurchase}
        opened={editingPurchase !== null}
        onClose={() => setEditingPurchase(null)}
      />
      <InteractionForm customerId={c.id} opened={dialog === 'interaction'} onClose={close} />
      <OpenComplaintForm customerId={c.id} opened={dialog === 'complaint'} onClose={close} />
      <ReminderForm customerId={c.id} opened={dialog === 'reminder'} onClose={close} />
      <AdvanceComplaintForm complaint={advancing} onClose={() => setAdvancing(null)} />
    </Stack>
  );
}

function Row({ label, children }: { label: string; children: React.ReactNode }): React.JSX.Element {
  return (
    <Table.Tr>
      <Table.Th w="42%" fw={500} c="dimmed" style={{ verticalAlign: 'top' }}>
        {label}
      </Table.Th>
      <Table.Td style={{ wordBreak: 'break-word' }}>{children}</Table.Td>
    </Table.Tr>
  );
}

function IdentityCard({ card }: { card: CustomerCard }): React.JSX.Element {
  const { t } = useTranslation();
  const fmt = useShopFormat();
  const c = card.customer;
  const rows: [string, React.ReactNode][] = [];
  if (c.phone) rows.push([t('card.phone'), fmt.phone(c.phone)]);
  if (c.phone2) rows.push([t('card.phone2'), fmt.phone(c.phone2)]);
  if (c.email) rows.push([t('card.email'), c.email]);
  if (c.wechat) rows.push([t('card.wechat'), c.wechat]);
  if (c.birthday) rows.push([t('card.birthday'), c.birthday]);
  if (c.address) rows.push([t('card.address'), c.address]);
  if (c.source) rows.push([t('card.source'), t(`card.sources.${c.source}`, { defaultValue: c.source })]);
  if (c.companyName) rows.push([t('card.company'), c.companyName]);
  if (c.organization)
    rows.push([
      t('card.organisation'),
      <Anchor key="org" component={Link} to={`/customers/${c.organization.id}`}>
        {c.organization.name}
      </Anchor>,
    ]);
  if (c.position) rows.push([t('card.position'), c.position]);
  if (c.referredBy)
    rows.push([
      t('card.referredBy'),
      <Anchor key="ref" component={Link} to={`/customers/${c.referredBy.id}`}>
        {c.referredBy.name}
      </Anchor>,
    ]);
  rows.push([
    t('card.referrals'),
    <span key="rc" data-testid="referral-count">
      {c.referralCount}
    </span>,
  ]);
  rows.push([
    t('card.consent'),
    card.consents.length === 0
      ? t('card.noConsent')
      : card.consents
          .map(
            (x) =>
              `${t(`card.channels.${x.channel}`, { defaultValue: x.channel })}: ${x.granted ? t('card.granted') : t('card.refused')}`,
          )
          .join(' · '),
  ]);
  if (c.notes) rows.push([t('card.notes'), c.notes]);
  return (
    <Card withBorder h="100%">
      <Title order={3} size="h5" mb="xs">
        {t('card.contact')}
      </Title>
      <Table verticalSpacing={4} fz="sm">
        <Table.Tbody>
          {rows.map(([label, value]) => (
            <Row key={label} label={label}>
              {value}
            </Row>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}

function FiguresCard({ card }: { card: CustomerCard }): React.JSX.Element {
  const { t } = useTranslation();
  const fmt = useShopFormat();
  const f = card.figures;
  const none = t('card.figures.none');
  const figure = (label: string, value: string, testId: string): React.JSX.Element => (
    <Stack gap={0} key={testId}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="lg" data-testid={testId}>
        {value}
      </Text>
    </Stack>
  );
  return (
    <Card withBorder h="100%">
      <Title order={3} size="h5" mb="xs">
        {t('card.figures.title')}
      </Title>
      <SimpleGrid cols={2} spacing="sm" verticalSpacing="sm">
        {figure(t('card.figures.netSpend'), fmt.money(f.netSpendMinor), 'fig-net-spend')}
        {figure(t('card.figures.visits'), String(f.visits), 'fig-visits')}
        {figure(
          t('card.figures.averageTicket'),
          f.averageTicketMinor === null ? none : fmt.money(f.averageTicketMinor),
          'fig-average',
        )}
        {figure(
          t('card.figures.daysSince'),
          f.daysSinceLastVisit === null ? none : String(f.daysSinceLastVisit),
          'fig-days-since',
        )}
        {figure(t('card.figures.firstVisit'), f.firstVisitAt ? fmt.date(f.firstVisitAt) : none, 'fig-first')}
        {figure(t('card.figures.lastVisit'), f.lastVisitAt ? fmt.date(f.lastVisitAt) : none, 'fig-last')}
        {figure(
          t('card.figures.interval'),
          f.usualIntervalDays === null
            ? none
            : t('card.figures.intervalValue', { days: f.usualIntervalDays }),
          'fig-interval',
        )}
      </SimpleGrid>
    </Card>
  );
}

/** Label codes name a family of the analysis' display names (src/shared/analysis/label-names.ts). */
const LABEL_FAMILIES: Readonly<Record<string, LabelFamily>> = {
  segment: 'rfmSegment',
  valueTier: 'valueTier',
  abcClass: 'abcClass',
  lifecycleStage: 'lifecycleStage',
  loyaltyType: 'loyaltyType',
};

function analysisLanguage(language: string): AnalysisLanguage {
  return language === 'zh-CN' ? 'zh-CN' : 'en';
}

function labelValue(label: CardLabel, money: (minor: number) => string, language: AnalysisLanguage): string {
  if (label.value === null) return '—';
  if (label.name === 'pAlive' && typeof label.value === 'number') return `${Math.round(label.value * 100)}%`;
  if (label.name === 'predictedClv' && typeof label.value === 'number') return money(label.value);
  const family = LABEL_FAMILIES[label.name];
  if (family && typeof label.value === 'string') {
    const names: Readonly<Record<string, string>> = labelNames[language][family];
    return names[label.value] ?? label.value;
  }
  return String(label.value);
}

/** The reason in the UI language from the analysis' templates. */
function reasonText(reason: CardLabel['reason'], language: AnalysisLanguage): string | null {
  return reason ? formatReason(reason, language) : null;
}

function LabelsCard({ card }: { card: CustomerCard }): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const fmt = useShopFormat();
  const language = analysisLanguage(i18n.language);
  return (
    <Card withBorder h="100%" data-testid="labels">
      <Title order={3} size="h5" mb="xs">
        {t('card.labels.title')}
      </Title>
      {card.analysis === null ? (
        <Stack gap={4}>
          <Badge color="gray" variant="light" size="lg">
            {t('card.labels.notAnalysed')}
          </Badge>
          <Text size="sm" c="dimmed">
            {t('card.labels.notAnalysedHint')}
          </Text>
        </Stack>
      ) : (
        <Stack gap={6}>
          <Text size="xs" c="dimmed">
            {t('card.labels.analysedAt', { date: fmt.date(card.analysis.finishedAt) })}
          </Text>
          {card.analysis.labels.map((label) => (
            <Stack gap={0} key={label.name}>
              <Group gap={6} justify="space-between" wrap="nowrap">
                <Text size="sm" c="dimmed">
                  {t(`card.labels.names.${label.name}`, { defaultValue: label.name })}
                </Text>
                <Text size="sm" fw={600}>
                  {labelValue(label, fmt.money, language)}
                </Text>
              </Group>
              <Text size="xs" c="dimmed" lineClamp={2}>
                {reasonText(label.reason, language) ?? t('card.labels.noReason')}
              </Text>
            </Stack>
          ))}
        </Stack>
      )}
    </Card>
  );
}

function SpendChart({ card }: { card: CustomerCard }): React.JSX.Element {
  const { t } = useTranslation();
  const fmt = useShopFormat();
  const data = card.spendByMonth.map((m) => ({
    month: m.month.slice(2).replace('-', '/'),
    spend: m.netMinor,
  }));
  return (
    <Card withBorder h="100%">
      <Title order={3} size="h5" mb="xs">
        {t('card.spendChart')}
      </Title>
      <BarChart
        h={160}
        data={data}
        dataKey="month"
        series={[{ name: 'spend', color: 'teal.6', label: t('card.figures.netSpend') }]}
        valueFormatter={(v) => fmt.money(v)}
        yAxisProps={{ width: 80 }}
        withLegend={false}
        tickLine="none"
        gridAxis="y"
      />
    </Card>
  );
}

function SuggestionsCard({ card }: { card: CustomerCard }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <Card withBorder h="100%">
      <Title order={3} size="h5" mb="xs">
        {t('card.suggestions.title')}
      </Title>
      {card.suggestions.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('card.suggestions.empty')}
        </Text>
      ) : (
        <Stack gap={6}>
          {card.suggestions.map((s) => (
            <SuggestionLine
              key={s.product}
              name={s.product}
              reason={t('card.suggestions.because', {
                items: s.because.join(' + '),
                pct: Math.round(s.confidence * 100),
              })}
            />
          ))}
        </Stack>
      )}
      {card.categorySuggestions.length > 0 && (
        <Stack gap={6} mt="sm" data-testid="card-category-suggestions">
          <Text size="xs" fw={600} c="dimmed" tt="uppercase">
            {t('card.suggestions.categoriesTitle')}
          </Text>
          {card.categorySuggestions.map((s) => (
            <SuggestionLine
              key={s.category}
              name={s.category}
              reason={t('card.suggestions.categoryBecause', {
                items: s.because.join(' + '),
                pct: Math.round(s.confidence * 100),
              })}
            />
          ))}
        </Stack>
      )}
    </Card>
  );
}

/** One cross-sell suggestion: what to offer, and the rule behind it. */
function SuggestionLine({ name, reason }: { name: string; reason: string }): React.JSX.Element {
  return (
    <Stack gap={0}>
      <Text size="sm" fw={600}>
        {name}
      </Text>
      <Text size="xs" c="dimmed">
        {reason}
      </Text>
    </Stack>
  );
}
