import { useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Group,
  NumberInput,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCommand, useCommandMutation } from '../../api/commands';
import { ErrorNotice } from '../../components/ErrorNotice';
import type { AnalysisSettings } from '../../../../shared/analysis/settings';

type NumericGroup = Exclude<keyof AnalysisSettings, 'window'>;

interface FieldSpec {
  readonly group: NumericGroup;
  readonly key: string;
  /** Message key under analysis.settings.fields (defaults to `key`). */
  readonly label?: string;
  /** 'percent': stored as a 0–1 share, shown and typed as 0–100. */
  readonly scale?: 'percent';
  readonly min: number;
  readonly max?: number;
  readonly step?: number;
  readonly integer?: boolean;
}

/** Every numeric threshold of src/shared/analysis/settings.ts, in the order of DOMAIN.md. */
const fields: readonly FieldSpec[] = [
  { group: 'abc', key: 'aCutoffShare', scale: 'percent', min: 0, max: 100 },
  { group: 'abc', key: 'bCutoffShare', scale: 'percent', min: 0, max: 100 },
  { group: 'abc', key: 'headlineTopShare', scale: 'percent', min: 0, max: 100 },
  { group: 'pyramid', key: 'vipPct', min: 0, max: 100 },
  { group: 'pyramid', key: 'majorPct', min: 0, max: 100 },
  { group: 'pyramid', key: 'ordinaryPct', min: 0, max: 100 },
  { group: 'lifecycle', key: 'windowDays', label: 'windowDaysLifecycle', min: 1, integer: true },
  { group: 'lifecycle', key: 'explorationTenureDays', min: 1, integer: true },
  { group: 'lifecycle', key: 'growthFactor', min: 0.01, step: 0.05 },
  { group: 'lifecycle', key: 'minRecentVisitsForFormation', min: 1, integer: true },
  { group: 'lifecycle', key: 'declineFactor', min: 0.01, step: 0.05 },
  { group: 'lifecycle', key: 'declineGapMultiple', min: 0.1, step: 0.5 },
  { group: 'lifecycle', key: 'lostMinDays', min: 1, integer: true },
  { group: 'lifecycle', key: 'lostGapMultiple', min: 0.1, step: 0.5 },
  { group: 'lifecycle', key: 'lostPAlive', scale: 'percent', min: 0, max: 100 },
  { group: 'churn', key: 'atRiskPAlive', scale: 'percent', min: 0, max: 100 },
  { group: 'loyalty', key: 'satisfactionHigh', min: 1, max: 5, step: 0.5 },
  { group: 'loyalty', key: 'recommendHigh', min: 0, max: 10, step: 0.5 },
  { group: 'loyalty', key: 'referralsHigh', min: 1, integer: true },
  { group: 'loyalty', key: 'repeatFScoreHigh', min: 1, max: 5, integer: true },
  { group: 'loyalty', key: 'discountedShare', scale: 'percent', min: 0, max: 100 },
  { group: 'value', key: 'grossMarginPct', min: 0, max: 100 },
  { group: 'value', key: 'monthlyDiscountRate', scale: 'percent', min: 0, max: 100, step: 0.1 },
  { group: 'value', key: 'horizonMonths', min: 1, max: 120, integer: true },
  { group: 'model', key: 'minRepeatCustomers', min: 1, integer: true },
  { group: 'rules', key: 'minSupport', scale: 'percent', min: 0, max: 100, step: 0.1 },
  { group: 'rules', key: 'minConfidence', scale: 'percent', min: 0, max: 100 },
  { group: 'rules', key: 'minLift', min: 0, step: 0.1 },
  { group: 'rules', key: 'maxItems', min: 2, max: 10, integer: true },
  { group: 'rules', key: 'maxRulesReported', min: 1, integer: true },
  { group: 'rules', key: 'suggestionsPerCustomer', min: 0, max: 20, integer: true },
  { group: 'clustering', key: 'k', min: 2, max: 10, integer: true },
  { group: 'clustering', key: 'seed', min: -2_147_483_648, integer: true },
  { group: 'clustering', key: 'restarts', min: 1, max: 20, integer: true },
];

const groups: readonly NumericGroup[] = [
  'abc',
  'pyramid',
  'lifecycle',
  'churn',
  'loyalty',
  'value',
  'model',
  'rules',
  'clustering',
];

function readField(settings: AnalysisSettings, spec: FieldSpec): number {
  const value = (settings[spec.group] as Record<string, number>)[spec.key] ?? 0;
  return spec.scale === 'percent' ? Math.round(value * 100 * 1000) / 1000 : value;
}

function writeField(settings: AnalysisSettings, spec: FieldSpec, shown: number): AnalysisSettings {
  const value = spec.scale === 'percent' ? shown / 100 : shown;
  return { ...settings, [spec.group]: { ...settings[spec.group], [spec.key]: value } };
}

/** Settings section: every analysis threshold; the owner edits, staff read. Enter saves, Esc reverts. */
export function AnalysisSettingsSection(): React.JSX.Element {
  const { t } = useTranslation();
  const info = useCommand('shop.info', {});
  const stored = useCommand('analysis.settings.get', {});
  // Edits live in `edited`; until the first edit the stored settings show.
  const [edited, setDraft] = useState<AnalysisSettings | null>(null);
  const draft = edited ?? stored.data ?? null;
  const [notice, setNotice] = useState<string | null>(null);
  const update = useCommandMutation('analysis.settings.update', {
    onSuccess: (saved) => {
      setDraft(saved);
      setNotice(t('analysis.settings.saved'));
    },
  });
  const reset = useCommandMutation('analysis.settings.reset', {
    onSuccess: (defaults) => {
      setDraft(defaults);
      setNotice(t('analysis.settings.resetDone'));
    },
  });

  const isOwner = info.data?.role === 'owner';
  const readOnly = !isOwner;
  if (!draft) return <Card withBorder>{stored.isError && <ErrorNotice error={stored.error} />}</Card>;

  const handleSubmit = (event: React.FormEvent): void => {
    event.preventDefault();
    if (!readOnly) update.mutate(draft);
  };
  const handleKeyDown = (event: React.KeyboardEvent): void => {
    if (event.key === 'Escape') {
      setDraft(null);
      setNotice(null);
    }
  };

  return (
    <Card withBorder data-testid="analysis-settings">
      <form onSubmit={handleSubmit} onKeyDown={handleKeyDown}>
        <Stack gap="md">
          <Title order={3} size="h5">
            {t('analysis.settings.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {readOnly ? t('analysis.settings.ownerOnly') : t('analysis.settings.hint')}
          </Text>
          <Stack gap={6}>
            <Text fw={600} size="sm">
              {t('analysis.settings.groups.window')}
            </Text>
            <Group align="end" wrap="wrap">
              <SegmentedControl
                disabled={readOnly}
                value={draft.window.kind}
                onChange={(kind) =>
                  setDraft({
                    ...draft,
                    window: kind === 'all' ? { kind: 'all' } : { kind: 'days', days: 365 },
                  })
                }
                data={[
                  { value: 'all', label: t('analysis.settings.fields.windowAll') },
                  { value: 'days', label: t('analysis.settings.fields.windowDays') },
                ]}
              />
              {draft.window.kind === 'days' && (
                <NumberInput
                  w={180}
                  label={t('analysis.settings.fields.windowLength')}
                  disabled={readOnly}
                  min={1}
                  allowDecimal={false}
                  value={draft.window.days}
                  onChange={(value) =>
                    setDraft({ ...draft, window: { kind: 'days', days: Number(value) || 1 } })
                  }
                />
              )}
            </Group>
          </Stack>
          {groups.map((group) => (
            <Stack gap={6} key={group}>
              <Text fw={600} size="sm">
                {t(`analysis.settings.groups.${group}`)}
              </Text>
              <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="sm">
                {fields
                  .filter((spec) => spec.group === group)
                  .map((spec) => (
                    <NumberInput
                      key={spec.key}
                      label={t(`analysis.settings.fields.${spec.label ?? spec.key}`)}
                      data-testid={`analysis-setting-${spec.group}-${spec.key}`}
                      disabled={readOnly}
                      min={spec.min}
                      {...(spec.max !== undefined ? { max: spec.max } : {})}
                      step={spec.step ?? 1}
                      allowDecimal={!spec.integer}
                      value={readField(draft, spec)}
                      onChange={(value) => {
                        setNotice(null);
                        setDraft(writeField(draft, spec, typeof value === 'number' ? value : Number(value)));
                      }}
                    />
                  ))}
              </SimpleGrid>
            </Stack>
          ))}
          {update.isError && <ErrorNotice error={update.error} />}
          {reset.isError && <ErrorNotice error={reset.error} />}
          {notice && (
            <Alert color="green" data-testid="analysis-settings-notice">
              {notice}
            </Alert>
          )}
          {!readOnly && (
            <Group>
              <Button type="submit" loading={update.isPending} data-testid="analysis-settings-save">
                {t('analysis.settings.save')}
              </Button>
              <Button
                variant="default"
                onClick={() => reset.mutate({})}
                loading={reset.isPending}
                data-testid="analysis-settings-reset"
              >
                {t('analysis.settings.reset')}
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </Card>
  );
}
