import { useState } from 'react';
import { Button, Card, Group, NumberInput, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { invoke, useCommand } from '../../api/commands';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useOwnerAction } from '../auth';
import type { RetentionCandidate } from '../../../../shared/contract/privacy';
import { PersonPrivacyActions } from './PersonPrivacyActions';

/** Settings: phone masking for staff and the retention period, with the customers it proposes. */
export function PrivacySettingsSection(): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const settings = useCommand('privacy.settings', {});
  const owner = useOwnerAction();
  const [error, setError] = useState<unknown>(null);
  const [candidates, setCandidates] = useState<readonly RetentionCandidate[] | null>(null);
  // What is typed, until it is saved on blur; null = follow the stored setting.
  const [typedYears, setTypedYears] = useState<string | number | null>(null);

  const update = async (patch: {
    maskPhonesForStaff?: boolean;
    retentionYears?: number | null;
  }): Promise<void> => {
    setError(null);
    try {
      await owner.run(() => invoke('privacy.updateSettings', patch));
    } catch (caught) {
      setError(caught);
    }
  };

  const review = async (): Promise<void> => {
    setError(null);
    try {
      const found = await owner.run(() => invoke('privacy.retentionCandidates', {}));
      if (found) setCandidates(found);
    } catch (caught) {
      setError(caught);
    }
  };

  const data = settings.data;
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={3} size="h5">
          {t('privacy.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('privacy.hint')}
        </Text>
        {data && (
          <>
            <Switch
              label={t('privacy.maskPhones')}
              checked={data.maskPhonesForStaff}
              onChange={(event) => void update({ maskPhonesForStaff: event.currentTarget.checked })}
              data-testid="mask-phones"
            />
            <Group align="flex-end">
              <NumberInput
                label={t('privacy.retention')}
                suffix={` ${t('privacy.years')}`}
                placeholder={t('privacy.never')}
                min={1}
                max={30}
                w={320}
                value={typedYears ?? data.retentionYears ?? ''}
                onChange={setTypedYears}
                onBlur={() => {
                  if (typedYears === null) return;
                  const parsed =
                    typeof typedYears === 'number' ? typedYears : Number.parseInt(typedYears, 10);
                  const next = Number.isFinite(parsed) ? Math.min(30, Math.max(1, Math.round(parsed))) : null;
                  setTypedYears(null);
                  if (next !== data.retentionYears) void update({ retentionYears: next });
                }}
              />
              <Button variant="default" disabled={data.retentionYears === null} onClick={() => void review()}>
                {t('privacy.showCandidates')}
              </Button>
            </Group>
          </>
        )}
        {candidates !== null && (
          <Stack gap="xs">
            <Text fw={600}>{t('privacy.candidates', { count: candidates.length })}</Text>
            {candidates.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('privacy.noCandidates')}
              </Text>
            ) : (
              <Table>
                <Table.Tbody>
                  {candidates.map((candidate) => (
                    <Table.Tr key={candidate.customerId}>
                      <Table.Td>{candidate.name}</Table.Td>
                      <Table.Td>
                        {t('privacy.lastActivity')}:{' '}
                        {new Date(candidate.lastActivityAt).toLocaleDateString(i18n.language)}
                      </Table.Td>
                      <Table.Td>
                        <PersonPrivacyActions
                          customerId={candidate.customerId}
                          customerName={candidate.name}
                          onErased={() =>
                            setCandidates(
                              (list) => list?.filter((c) => c.customerId !== candidate.customerId) ?? null,
                            )
                          }
                        />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Stack>
        )}
        {(error !== null || settings.isError) && <ErrorNotice error={error ?? settings.error} />}
      </Stack>
      {owner.dialog}
    </Card>
  );
}
