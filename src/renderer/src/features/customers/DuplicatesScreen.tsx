import { useState } from 'react';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Radio,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useCommand, useCommandMutation } from '../../api/commands';
import { ErrorNotice } from '../../components/ErrorNotice';
import {
  editableFields,
  type Customer,
  type CustomerHit,
  type EditableField,
  type MergeRecord,
} from '../../../../shared/contract/customers';
import { formatPhoneForDisplay } from '../../../../shared/phone';
import { useServerErrors, useShopCountry } from './hooks';

/** Likely duplicate pairs (all, or those of one customer with ?with=<id>), merged side by side. */
export function DuplicatesScreen(): React.JSX.Element {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const withId = params.get('with') ?? undefined;
  const country = useShopCountry();
  const pairs = useCommand('customers.duplicates', withId ? { withId } : {});
  const focus = useCommand('customers.get', { id: withId ?? '' }, { enabled: withId !== undefined });
  const [reviewing, setReviewing] = useState<readonly [string, string] | null>(null);
  const [lastMerge, setLastMerge] = useState<MergeRecord | null>(null);
  const undo = useCommandMutation('customers.undoMerge');
  const serverErrors = useServerErrors();
  const describe = (hit: CustomerHit): string =>
    [hit.phone ? formatPhoneForDisplay(hit.phone, country) : null, hit.email, hit.memberNo]
      .filter(Boolean)
      .join(' · ');

  return (
    <Stack gap="md" maw={1000}>
      <Group justify="space-between">
        <Title order={2}>
          {withId && focus.data
            ? t('customers.dup.withTitle', { name: focus.data.name })
            : t('customers.dup.title')}
        </Title>
        {withId && (
          <Anchor component={Link} to="/customers/duplicates">
            {t('customers.dup.all')}
          </Anchor>
        )}
      </Group>
      {lastMerge && (
        <Alert color={lastMerge.undoneAt ? 'gray' : 'teal'} data-testid="merge-result">
          <Group justify="space-between">
            <Text size="sm">
              {lastMerge.undoneAt ? t('customers.dup.undone') : t('customers.dup.merged')}
            </Text>
            {!lastMerge.undoneAt && (
              <Button
                size="xs"
                variant="white"
                loading={undo.isPending}
                onClick={() =>
                  undo.mutate(
                    { mergeId: lastMerge.id },
                    { onSuccess: setLastMerge, onError: (e) => serverErrors(e) },
                  )
                }
              >
                {t('customers.dup.undo')}
              </Button>
            )}
          </Group>
        </Alert>
      )}
      {pairs.isError && <ErrorNotice error={pairs.error} />}
      {pairs.data && pairs.data.length === 0 && <Text c="dimmed">{t('customers.dup.none')}</Text>}
      {pairs.data?.map((pair) => (
        <Paper key={`${pair.a.id}-${pair.b.id}`} withBorder p="sm" data-testid="duplicate-pair">
          <Group justify="space-between" wrap="nowrap">
            <Group gap="xl" wrap="nowrap">
              {[pair.a, pair.b].map((hit) => (
                <div key={hit.id}>
                  <Anchor component={Link} to={`/customers/${hit.id}`} fw={600}>
                    {hit.name}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {describe(hit)}
                  </Text>
                </div>
              ))}
            </Group>
            <Group gap="xs" wrap="nowrap">
              {pair.reasons.map((r) => (
                <Badge key={r} variant="light" size="sm">
                  {t(`customers.dup.reason.${r}`)}
                </Badge>
              ))}
              <Button size="xs" onClick={() => setReviewing([pair.a.id, pair.b.id])}>
                {t('customers.dup.review')}
              </Button>
            </Group>
          </Group>
        </Paper>
      ))}
      {withId && <PickOther withId={withId} onPick={(other) => setReviewing([withId, other])} />}
      <Modal
        opened={reviewing !== null}
        onClose={() => setReviewing(null)}
        title={t('customers.dup.review')}
        size="xl"
      >
        {reviewing && (
          <MergePanel
            ids={reviewing}
            onMerged={(record) => {
              setReviewing(null);
              setLastMerge(record);
            }}
          />
        )}
      </Modal>
    </Stack>
  );
}

function PickOther({ withId, onPick }: { withId: string; onPick: (id: string) => void }): React.JSX.Element {
  const { t } = useTranslation();
  const country = useShopCountry();
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query.trim(), 120);
  const results = useCommand(
    'customers.search',
    { query: debounced, limit: 8 },
    { enabled: debounced !== '' },
  );
  return (
    <Paper withBorder p="sm">
      <Text size="sm" mb={6}>
        {t('customers.dup.pickOther')}
      </Text>
      <TextInput
        value={query}
        onChange={(e) => setQuery(e.currentTarget.value)}
        placeholder={t('customers.search.placeholder')}
      />
      <Stack gap={2} mt={6}>
        {(results.data ?? [])
          .filter((hit) => hit.id !== withId)
          .map((hit) => (
            <Anchor key={hit.id} component="button" type="button" ta="left" onClick={() => onPick(hit.id)}>
              {hit.name} {hit.phone ? formatPhoneForDisplay(hit.phone, country) : ''}
            </Anchor>
          ))}
      </Stack>
    </Paper>
  );
}

const shown = (customer: Customer, field: EditableField): string => {
  const value = customer[field];
  return value === null || value === undefined ? '' : String(value);
};

function MergePanel({
  ids,
  onMerged,
}: {
  ids: readonly [string, string];
  onMerged: (record: MergeRecord) => void;
}): React.JSX.Element {
  const { t } = useTranslation();
  const a = useCommand('customers.get', { id: ids[0] });
  const b = useCommand('customers.get', { id: ids[1] });
  const [survivor, setSurvivor] = useState<0 | 1>(0);
  const [choices, setChoices] = useState<Partial<Record<EditableField, 0 | 1>>>({});
  const merge = useCommandMutation('customers.merge');
  const serverErrors = useServerErrors();
  if (a.isError) return <ErrorNotice error={a.error} />;
  if (b.isError) return <ErrorNotice error={b.error} />;
  if (!a.data || !b.data) return <Text c="dimmed">…</Text>;
  const records = [a.data, b.data] as const;
  const differing = editableFields.filter(
    (f) => f !== 'kind' && f !== 'organizationId' && shown(records[0], f) !== shown(records[1], f),
  );
  // By default a field keeps the survivor's value, unless the survivor has none.
  const pick = (field: EditableField): 0 | 1 =>
    choices[field] ?? (shown(records[survivor], field) === '' ? ((1 - survivor) as 0 | 1) : survivor);
  const handleMerge = (): void => {
    const merged = records[1 - survivor]!;
    const take = differing.filter((f) => pick(f) !== survivor);
    merge.mutate(
      { survivorId: records[survivor].id, mergedId: merged.id, take },
      { onSuccess: onMerged, onError: (e) => serverErrors(e) },
    );
  };
  return (
    <Stack gap="sm">
      <Table withColumnBorders>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('customers.dup.field')}</Table.Th>
            {records.map((r, i) => (
              <Table.Th key={r.id}>
                <Radio
                  label={`${t('customers.dup.keep')}: ${r.name}`}
                  checked={survivor === i}
                  onChange={() => {
                    setSurvivor(i as 0 | 1);
                    setChoices({});
                  }}
                  data-testid={`keep-${i}`}
                />
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {differing.map((field) => (
            <Table.Tr key={field}>
              <Table.Td>{t(`customers.field.${field}`)}</Table.Td>
              {records.map((r, i) => (
                <Table.Td key={r.id}>
                  <Radio
                    name={field}
                    label={shown(r, field) || '—'}
                    checked={pick(field) === i}
                    onChange={() => setChoices((c) => ({ ...c, [field]: i as 0 | 1 }))}
                  />
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group justify="flex-end">
        <Button onClick={handleMerge} loading={merge.isPending} data-testid="confirm-merge">
          {t('customers.dup.merge')}
        </Button>
      </Group>
    </Stack>
  );
}
