import { Alert, Badge, Button, Card, Group, List, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCommand, useCommandMutation } from '../../api/commands';
import { ErrorNotice } from '../../components/ErrorNotice';
import type { AnalysisRunSummary } from '../../../../shared/contract/analysis';
import { formatNumber, formatReason } from './format';
import { useAnalysisProgress } from './useAnalysisProgress';

/** Settings section: the latest run (verdict and model fits in plain words) and "recompute now". */
export function AnalysisStatusSection(): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const status = useCommand('analysis.status', {});
  const run = useCommandMutation('analysis.run');
  const cancel = useCommandMutation('analysis.cancel');
  const { progress, lastDone } = useAnalysisProgress();
  const running =
    progress ?? (status.data?.running ? { ...status.data.running, stage: status.data.running.stage } : null);
  const latest = status.data?.latest ?? null;
  const lastAttempt = status.data?.lastAttempt ?? null;

  return (
    <Card withBorder data-testid="analysis-status">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Title order={3} size="h5">
            {t('analysis.status.title')}
          </Title>
          <Group gap="xs">
            {running && (
              <Button
                variant="default"
                size="xs"
                onClick={() => cancel.mutate({})}
                data-testid="analysis-cancel"
              >
                {t('analysis.status.cancel')}
              </Button>
            )}
            <Button
              size="xs"
              onClick={() => run.mutate({})}
              loading={run.isPending}
              disabled={running !== null}
              data-testid="analysis-recompute"
            >
              {t('analysis.status.recompute')}
            </Button>
          </Group>
        </Group>
        <Text size="sm" c="dimmed">
          {t('analysis.status.hint')}
        </Text>
        {running && (
          <Stack gap={4} data-testid="analysis-progress">
            <Text size="sm">
              {t('analysis.status.running', { percent: Math.round(running.percent) })} ·{' '}
              {t(`analysis.status.stages.${running.stage}`, { defaultValue: running.stage })}
            </Text>
            <Progress value={running.percent} animated aria-label={t('analysis.status.title')} />
          </Stack>
        )}
        {!running && lastDone && (
          <Alert
            color={lastDone.status === 'done' ? 'green' : lastDone.status === 'cancelled' ? 'gray' : 'red'}
            data-testid="analysis-done"
          >
            {t(`analysis.status.${lastDone.status}`)}
          </Alert>
        )}
        {run.isError && <ErrorNotice error={run.error} />}
        {status.isError && <ErrorNotice error={status.error} />}
        {lastAttempt && lastAttempt.status !== 'done' && lastAttempt.id !== latest?.id && !running && (
          <Text size="sm" c="orange">
            {t('analysis.status.lastFailed', {
              status: t(`analysis.status.statusNames.${lastAttempt.status}`),
            })}
          </Text>
        )}
        {latest ? (
          <LatestRun run={latest} language={i18n.language} />
        ) : (
          <Text size="sm">{t('analysis.status.never')}</Text>
        )}
      </Stack>
    </Card>
  );
}

function LatestRun({ run, language }: { run: AnalysisRunSummary; language: string }): React.JSX.Element {
  const { t } = useTranslation();
  const when = run.finishedAt ? new Date(run.finishedAt).toLocaleString(language) : '-';
  const bgnbd = run.models?.bgnbd ?? null;
  const gammaGamma = run.models?.gammaGamma ?? null;
  const yesNo = (value: boolean | undefined): React.JSX.Element => (
    <Badge color={value ? 'green' : 'gray'} variant="light">
      {value ? t('analysis.verdict.yes') : t('analysis.verdict.no')}
    </Badge>
  );
  return (
    <Stack gap="sm" data-testid="analysis-latest">
      <Table>
        <Table.Tbody>
          <Table.Tr>
            <Table.Th w={240}>{t('analysis.status.finishedAt')}</Table.Th>
            <Table.Td>{when}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>{t('analysis.status.asOf')}</Table.Th>
            <Table.Td>{run.asOf}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>{t('analysis.status.customers')}</Table.Th>
            <Table.Td data-testid="analysis-customers">{run.customers ?? '-'}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>{t('analysis.status.buyers')}</Table.Th>
            <Table.Td>{run.buyers ?? '-'}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>{t('analysis.status.repeatCustomers')}</Table.Th>
            <Table.Td>{run.repeatCustomers ?? '-'}</Table.Td>
          </Table.Tr>
          {run.timings && (
            <Table.Tr>
              <Table.Th>{t('analysis.status.duration')}</Table.Th>
              <Table.Td>
                {t('analysis.status.seconds', {
                  value: formatNumber(run.timings.totalMs / 1000, language, 1),
                })}
              </Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
      <Title order={4} size="h6">
        {t('analysis.verdict.title')}
      </Title>
      <Group gap="xs" wrap="nowrap" data-testid="analysis-verdict-predictive">
        {yesNo(run.sufficiency?.predictive)}
        <Text size="sm">{t('analysis.verdict.predictive')}</Text>
      </Group>
      <Group gap="xs" wrap="nowrap">
        {yesNo(run.sufficiency?.spendModel)}
        <Text size="sm">{t('analysis.verdict.spendModel')}</Text>
      </Group>
      {run.sufficiency && run.sufficiency.reasons.length > 0 && (
        <List size="sm" data-testid="analysis-verdict-reasons">
          {run.sufficiency.reasons.map((reason, index) => (
            <List.Item key={index}>{formatReason(reason, language)}</List.Item>
          ))}
        </List>
      )}
      <Title order={4} size="h6">
        {t('analysis.fits.title')}
      </Title>
      <Table data-testid="analysis-fits">
        <Table.Tbody>
          <Table.Tr>
            <Table.Th w={240}>{t('analysis.fits.bgnbd')}</Table.Th>
            <Table.Td>
              {bgnbd
                ? `r = ${formatNumber(bgnbd.r, language)}, α = ${formatNumber(bgnbd.alpha, language)}, a = ${formatNumber(bgnbd.a, language)}, b = ${formatNumber(bgnbd.b, language)}; ${t('analysis.fits.logLikelihood')} ${formatNumber(bgnbd.logLikelihood, language, 1)}; ${t(bgnbd.converged ? 'analysis.fits.converged' : 'analysis.fits.notConverged')}; ${t('analysis.fits.unit', { unit: t(`analysis.fits.units.${run.timeUnit}`) })}`
                : t('analysis.fits.notFitted')}
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>{t('analysis.fits.gammaGamma')}</Table.Th>
            <Table.Td>
              {gammaGamma
                ? `p = ${formatNumber(gammaGamma.p, language)}, q = ${formatNumber(gammaGamma.q, language)}, γ = ${formatNumber(gammaGamma.gamma, language, 1)}; ${t('analysis.fits.logLikelihood')} ${formatNumber(gammaGamma.logLikelihood, language, 1)}; ${t(gammaGamma.converged ? 'analysis.fits.converged' : 'analysis.fits.notConverged')}`
                : t('analysis.fits.notFitted')}
            </Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
