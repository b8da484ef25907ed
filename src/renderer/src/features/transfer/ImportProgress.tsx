import { useEffect, useState } from 'react';
import { Button, Group, Progress, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { getBridge } from '../../api/bridge';
import { invoke } from '../../api/commands';

interface ImportStep {
  readonly jobId: string;
  readonly stage: string;
  readonly done: number;
  readonly total: number;
}

const KNOWN_STAGES = ['backup', 'read', 'rows', 'finish', 'commit'];

/**
 * The running import's stage and row counts, as the import worker reports them through
 * `job.progress`, with a button that asks it to roll back. Mounted only while an import runs, so
 * what it shows always belongs to the current one.
 */
export function ImportProgress({ dryRun }: { readonly dryRun: boolean }): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const [step, setStep] = useState<ImportStep | null>(null);
  const [cancelling, setCancelling] = useState(false);
  useEffect(
    () =>
      getBridge()?.on('job.progress', (event) => {
        if (event.kind !== 'import') return;
        // The first job seen is ours; another window's import must not move this bar.
        setStep((current) =>
          current === null || current.jobId === event.jobId
            ? { jobId: event.jobId, stage: event.stage ?? 'rows', done: event.done, total: event.total }
            : current,
        );
      }),
    [],
  );
  const number = new Intl.NumberFormat(i18n.language);
  const stage = step !== null && KNOWN_STAGES.includes(step.stage) ? step.stage : 'read';
  const counting = step !== null && (stage === 'rows' || stage === 'finish') && step.total > 0;
  const percent = counting ? Math.round((step.done / step.total) * 100) : stage === 'commit' ? 100 : 0;
  // A dry run writes and rolls back; to the user it only checks.
  const label = t(
    `transfer.progress.${dryRun && (stage === 'rows' || stage === 'finish') ? `${stage}Dry` : stage}`,
  );
  return (
    <Stack gap={6} data-testid="import-progress">
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm" fw={500}>
          {label}
        </Text>
        {counting ? (
          <Text size="sm" c="dimmed" style={{ fontVariantNumeric: 'tabular-nums' }}>
            {t('transfer.progress.rowsOf', {
              done: number.format(step.done),
              total: number.format(step.total),
            })}
          </Text>
        ) : null}
      </Group>
      <Progress
        value={stage === 'backup' || stage === 'read' ? 100 : percent}
        animated={stage === 'backup' || stage === 'read' || stage === 'commit'}
        size="lg"
        aria-label={label}
      />
      {/* The worker looks for a cancel before each chunk of rows; after the last one it would not. */}
      {stage === 'backup' || stage === 'read' || stage === 'rows' ? (
        <Button
          variant="subtle"
          color="red"
          size="xs"
          w="fit-content"
          loading={cancelling}
          onClick={() => {
            setCancelling(true);
            // A failed request leaves the import running; the button can be pressed again.
            invoke('transfer.cancelImport', {}).catch(() => setCancelling(false));
          }}
        >
          {t('transfer.progress.cancel')}
        </Button>
      ) : null}
    </Stack>
  );
}
