import { useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useCommand, useCommandMutation } from '../../api/commands';
import { ErrorNotice } from '../../components/ErrorNotice';
import {
  customerSources,
  genders,
  type Customer,
  type CustomerFieldsInput,
} from '../../../../shared/contract/customers';
import { formatPhoneForDisplay } from '../../../../shared/phone';
import {
  formatDateTime,
  useFieldLabel,
  useServerErrors,
  useShopCountry,
  useValidate,
  type FieldErrors,
} from './hooks';
import { BirthdayField } from '../../components/DateFields';

type TextField =
  | 'name'
  | 'phone'
  | 'phone2'
  | 'email'
  | 'memberNo'
  | 'wechat'
  | 'birthday'
  | 'address'
  | 'notes'
  | 'position'
  | 'companyName'
  | 'industry'
  | 'companySize'
  | 'contactPerson'
  | 'contactTitle';

/** The edit form of one record, with every change ever made to it and its merges (undoable). */
export function CustomerEditScreen(): React.JSX.Element {
  const { id = '' } = useParams();
  const customer = useCommand('customers.get', { id });
  if (customer.isPending) return <Text c="dimmed">…</Text>;
  if (customer.isError) return <ErrorNotice error={customer.error} />;
  return <EditForm key={customer.data.updatedAt} customer={customer.data} />;
}

function initialValues(
  customer: Customer,
  country: Parameters<typeof formatPhoneForDisplay>[1],
): Record<TextField, string> {
  return {
    name: customer.name,
    phone: customer.phone ? formatPhoneForDisplay(customer.phone, country) : '',
    phone2: customer.phone2 ? formatPhoneForDisplay(customer.phone2, country) : '',
    email: customer.email ?? '',
    memberNo: customer.memberNo ?? '',
    wechat: customer.wechat ?? '',
    birthday: customer.birthday ?? '',
    address: customer.address ?? '',
    notes: customer.notes ?? '',
    position: customer.position ?? '',
    companyName: customer.companyName ?? '',
    industry: customer.industry ?? '',
    companySize: customer.companySize ?? '',
    contactPerson: customer.contactPerson ?? '',
    contactTitle: customer.contactTitle ?? '',
  };
}

function EditForm({ customer }: { customer: Customer }): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const country = useShopCountry();
  const validate = useValidate();
  const serverErrors = useServerErrors();
  const [values, setValues] = useState(() => initialValues(customer, country));
  const [gender, setGender] = useState<string | null>(customer.gender);
  const [source, setSource] = useState<string | null>(customer.source);
  const [organizationId, setOrganizationId] = useState<string | null>(customer.organizationId);
  const [orgQuery, setOrgQuery] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const organizations = useCommand('customers.organizations', { query: orgQuery });
  const history = useCommand('customers.history', { id: customer.id });
  const merges = useCommand('customers.merges', { id: customer.id });
  const update = useCommandMutation('customers.update');
  const undo = useCommandMutation('customers.undoMerge');
  const active = customer.deletedAt === null && customer.mergedInto === null;

  const orgOptions = [
    ...(customer.organizationId && customer.organizationName
      ? [{ value: customer.organizationId, label: customer.organizationName }]
      : []),
    ...(organizations.data ?? [])
      .filter((o) => o.id !== customer.organizationId && o.id !== customer.id)
      .map((o) => ({ value: o.id, label: o.name })),
  ];
  const text = (field: TextField, props: { label?: string } = {}) => (
    <TextInput
      label={props.label ?? t(`customers.field.${field}`)}
      value={values[field]}
      onChange={(event) => {
        const value = event.currentTarget.value;
        setValues((v) => ({ ...v, [field]: value }));
      }}
      error={errors[field as keyof FieldErrors]}
      disabled={!active}
    />
  );

  const handleSubmit = (event: React.FormEvent): void => {
    event.preventDefault();
    const found = validate(values);
    setErrors(found);
    if (Object.values(found).some(Boolean)) return;
    const original = initialValues(customer, country);
    const patch: Record<string, string | null> = {};
    for (const key of Object.keys(values) as TextField[]) {
      if (values[key] !== original[key]) patch[key] = values[key].trim() === '' ? null : values[key];
    }
    if (gender !== customer.gender) patch.gender = gender;
    if (source !== customer.source) patch.source = source;
    if (organizationId !== customer.organizationId) patch.organizationId = organizationId;
    update.mutate(
      { id: customer.id, patch: patch as CustomerFieldsInput },
      {
        onSuccess: () => notifications.show({ color: 'teal', message: t('customers.edit.saved') }),
        onError: (error) => setErrors(serverErrors(error)),
      },
    );
  };

  const fieldLabel = useFieldLabel();
  return (
    <Stack gap="md" maw={1100}>
      <Group justify="space-between">
        <Title order={2}>{t('customers.edit.title', { name: customer.name })}</Title>
        <Group gap="xs">
          <Button component={Link} to={`/customers/${customer.id}`} variant="default" size="xs">
            {t('customers.edit.back')}
          </Button>
          <Button
            component={Link}
            to={`/customers/duplicates?with=${customer.id}`}
            variant="default"
            size="xs"
          >
            {t('customers.edit.duplicates')}
          </Button>
        </Group>
      </Group>
      {customer.mergedInto !== null && <Alert color="gray">{t('customers.edit.mergedInto')}</Alert>}
      {customer.deletedAt !== null && <Alert color="gray">{t('customers.edit.inBin')}</Alert>}
      <Paper withBorder p="md">
        <form onSubmit={handleSubmit} noValidate>
          <Stack gap="sm">
            <Badge variant="light">{t(`customers.kind.${customer.kind}`)}</Badge>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              {text('name', {
                label:
                  customer.kind === 'organization' ? t('customers.field.orgName') : t('customers.field.name'),
              })}
              {text('phone')}
              {text('phone2')}
              {text('email')}
              {text('memberNo')}
              {text('wechat')}
              {customer.kind === 'person' && (
                <BirthdayField
                  label={t('customers.field.birthday')}
                  value={values.birthday}
                  onChange={(birthday) => setValues((v) => ({ ...v, birthday }))}
                  error={errors.birthday}
                  disabled={!active}
                />
              )}
              {customer.kind === 'person' && (
                <Select
                  label={t('customers.field.gender')}
                  clearable
                  value={gender}
                  onChange={setGender}
                  disabled={!active}
                  data={genders.map((g) => ({ value: g, label: t(`customers.gender.${g}`) }))}
                />
              )}
              <Select
                label={t('customers.field.source')}
                clearable
                value={source}
                onChange={setSource}
                disabled={!active}
                data={customerSources.map((s) => ({ value: s, label: t(`customers.source.${s}`) }))}
              />
              {customer.kind === 'person' && (
                <Select
                  label={t('customers.field.organizationId')}
                  clearable
                  searchable
                  placeholder={t('customers.edit.noOrganization')}
                  searchValue={orgQuery}
                  onSearchChange={setOrgQuery}
                  value={organizationId}
                  onChange={setOrganizationId}
                  disabled={!active}
                  data={orgOptions}
                />
              )}
              {customer.kind === 'person' && text('position')}
              {customer.kind === 'organization' && text('companyName')}
              {customer.kind === 'organization' && text('industry')}
              {customer.kind === 'organization' && text('companySize')}
              {customer.kind === 'organization' && text('contactPerson')}
              {customer.kind === 'organization' && text('contactTitle')}
            </SimpleGrid>
            {text('address')}
            <Textarea
              label={t('customers.field.notes')}
              value={values.notes}
              onChange={(event) => {
                const value = event.currentTarget.value;
                setValues((v) => ({ ...v, notes: value }));
              }}
              disabled={!active}
              autosize
              minRows={2}
            />
            <Group justify="flex-end">
              <Button type="submit" loading={update.isPending} disabled={!active}>
                {t('customers.edit.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
      {(merges.data ?? []).length > 0 && (
        <Paper withBorder p="md">
          <Title order={4} mb="xs">
            {t('customers.edit.merges')}
          </Title>
          <Stack gap={4}>
            {(merges.data ?? []).map((m) => (
              <Group key={m.id} gap="sm">
                <Text size="sm">{formatDateTime(m.mergedAt, i18n.language)}</Text>
                <Text size="sm" c="dimmed">
                  {Object.entries(m.movedCounts)
                    .filter(([, n]) => n > 0)
                    .map(([table, n]) => `${table} ${n}`)
                    .join(' · ')}
                </Text>
                {m.undoneAt ? (
                  <Badge color="gray">{t('customers.edit.undone')}</Badge>
                ) : (
                  m.survivorId === customer.id && (
                    <Button
                      size="compact-xs"
                      variant="light"
                      loading={undo.isPending}
                      onClick={() => undo.mutate({ mergeId: m.id }, { onError: (e) => serverErrors(e) })}
                    >
                      {t('customers.edit.undo')}
                    </Button>
                  )
                )}
              </Group>
            ))}
          </Stack>
        </Paper>
      )}
      <Paper withBorder p="md">
        <Title order={4} mb="xs">
          {t('customers.edit.history')}
        </Title>
        {history.isError && <ErrorNotice error={history.error} />}
        {history.data && history.data.length === 0 && <Text c="dimmed">{t('customers.edit.noHistory')}</Text>}
        {history.data && history.data.length > 0 && (
          <Table striped data-testid="history">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('customers.edit.when')}</Table.Th>
                <Table.Th>{t('customers.edit.who')}</Table.Th>
                <Table.Th>{t('customers.edit.what')}</Table.Th>
                <Table.Th>{t('customers.edit.oldValue')}</Table.Th>
                <Table.Th>{t('customers.edit.newValue')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {history.data.map((entry, index) => (
                <Table.Tr key={`${entry.changeSet}-${entry.field}-${index}`}>
                  <Table.Td>{formatDateTime(entry.changedAt, i18n.language)}</Table.Td>
                  <Table.Td>
                    {i18n.exists(`customers.edit.role.${entry.actorRole}`)
                      ? t(`customers.edit.role.${entry.actorRole}`)
                      : entry.actorRole}
                  </Table.Td>
                  <Table.Td>{fieldLabel(entry.field)}</Table.Td>
                  <Table.Td>
                    {entry.field === 'merged' || entry.field === 'merge_undone'
                      ? ''
                      : (entry.oldValue ?? '—')}
                  </Table.Td>
                  <Table.Td>
                    {entry.field === 'merged' || entry.field === 'merge_undone'
                      ? ''
                      : (entry.newValue ?? '—')}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
    </Stack>
  );
}
