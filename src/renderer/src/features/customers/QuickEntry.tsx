import { useState } from 'react';
import {
  Alert,
  Button,
  Group,
  Kbd,
  Modal,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { useDebouncedValue, useHotkeys } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconUserPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useCommand, useCommandMutation } from '../../api/commands';
import type { CustomerKind } from '../../../../shared/contract/customers';
import { formatPhoneForDisplay } from '../../../../shared/phone';
import { useServerErrors, useShopCountry, useValidate, type FieldErrors } from './hooks';
import { BirthdayField } from '../../components/DateFields';

const empty = {
  phone: '',
  name: '',
  email: '',
  birthday: '',
  industry: '',
  companySize: '',
  contactPerson: '',
  contactTitle: '',
};

/**
 * "New customer" in one keystroke (F2, or the header button) from anywhere. Phone first; while
 * the phone or name is typed, existing records that match are offered so staff open them
 * instead of creating a duplicate. Enter saves, Esc cancels.
 */
export function QuickEntry(): React.JSX.Element {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  useHotkeys([['F2', () => setOpened(true)]], []);
  return (
    <>
      <Button
        size="xs"
        leftSection={<IconUserPlus size={14} />}
        rightSection={<Kbd size="xs">F2</Kbd>}
        onClick={() => setOpened(true)}
        data-testid="quick-entry-button"
      >
        {t('customers.quick.button')}
      </Button>
      <Modal
        opened={opened}
        onClose={() => setOpened(false)}
        title={t('customers.quick.title')}
        size="lg"
        trapFocus
      >
        {opened && <QuickEntryForm onDone={() => setOpened(false)} />}
      </Modal>
    </>
  );
}

function QuickEntryForm({ onDone }: { onDone: () => void }): React.JSX.Element {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const country = useShopCountry();
  const validate = useValidate();
  const serverErrors = useServerErrors();
  const [kind, setKind] = useState<CustomerKind>('person');
  const [values, setValues] = useState(empty);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [debounced] = useDebouncedValue(values, 150);
  const matches = useCommand(
    'customers.matches',
    { phone: debounced.phone, name: debounced.name },
    { enabled: debounced.phone.replace(/\D/g, '').length >= 4 || debounced.name.trim().length >= 2 },
  );
  const create = useCommandMutation('customers.create');
  const set = (field: keyof typeof empty) => (event: React.ChangeEvent<HTMLInputElement>) => {
    const value = event.currentTarget.value;
    setValues((v) => ({ ...v, [field]: value }));
    if (field in errors) setErrors((e) => ({ ...e, [field]: undefined }));
  };

  const handleSubmit = (event: React.FormEvent): void => {
    event.preventDefault();
    const found = validate({
      name: values.name,
      phone: values.phone,
      email: values.email,
      birthday: values.birthday,
    });
    setErrors(found);
    if (Object.values(found).some(Boolean)) return;
    const organization =
      kind === 'organization'
        ? {
            industry: values.industry,
            companySize: values.companySize,
            contactPerson: values.contactPerson,
            contactTitle: values.contactTitle,
            companyName: values.name,
          }
        : {};
    create.mutate(
      {
        kind,
        name: values.name,
        phone: values.phone,
        email: values.email,
        birthday: values.birthday.trim() === '' ? null : values.birthday.trim(),
        ...organization,
      },
      {
        onSuccess: (customer) => {
          notifications.show({ color: 'teal', message: t('customers.quick.saved', { name: customer.name }) });
          onDone();
        },
        onError: (error) => setErrors(serverErrors(error)),
      },
    );
  };

  const found = matches.data ?? [];
  return (
    <form onSubmit={handleSubmit} noValidate>
      <Stack gap="sm">
        <SegmentedControl
          value={kind}
          onChange={(value) => setKind(value as CustomerKind)}
          data={[
            { value: 'person', label: t('customers.kind.person') },
            { value: 'organization', label: t('customers.kind.organization') },
          ]}
        />
        <SimpleGrid cols={2}>
          <TextInput
            label={t('customers.field.phone')}
            value={values.phone}
            onChange={set('phone')}
            error={errors.phone}
            // Focused as it mounts: the modal's focus trap moves focus only after a timer, and a
            // cashier typing right after F2 lost the first digits to the page meanwhile.
            autoFocus
            data-autofocus
            inputMode="tel"
          />
          <TextInput
            label={kind === 'organization' ? t('customers.field.orgName') : t('customers.field.name')}
            value={values.name}
            onChange={set('name')}
            error={errors.name}
            required
          />
          <TextInput
            label={t('customers.field.email')}
            value={values.email}
            onChange={set('email')}
            error={errors.email}
          />
          {kind === 'person' ? (
            <BirthdayField
              label={t('customers.field.birthday')}
              value={values.birthday}
              onChange={(birthday) => setValues((v) => ({ ...v, birthday }))}
              error={errors.birthday}
            />
          ) : (
            <TextInput
              label={t('customers.field.industry')}
              value={values.industry}
              onChange={set('industry')}
            />
          )}
          {kind === 'organization' && (
            <>
              <TextInput
                label={t('customers.field.companySize')}
                value={values.companySize}
                onChange={set('companySize')}
              />
              <TextInput
                label={t('customers.field.contactPerson')}
                value={values.contactPerson}
                onChange={set('contactPerson')}
              />
              <TextInput
                label={t('customers.field.contactTitle')}
                value={values.contactTitle}
                onChange={set('contactTitle')}
              />
            </>
          )}
        </SimpleGrid>
        {found.length > 0 && (
          <Alert color="yellow" title={t('customers.quick.already')} data-testid="existing-matches">
            <Text size="sm" mb={6}>
              {t('customers.quick.alreadyHint')}
            </Text>
            <Stack gap={4}>
              {found.map((hit) => (
                <UnstyledButton
                  key={hit.id}
                  type="button"
                  onClick={() => {
                    onDone();
                    void navigate(`/customers/${hit.id}`);
                  }}
                  data-testid="existing-match"
                >
                  <Group gap="xs">
                    <Text fw={600} size="sm">
                      {hit.name}
                    </Text>
                    <Text size="sm" c="dimmed">
                      {hit.phone ? formatPhoneForDisplay(hit.phone, country) : hit.email}
                    </Text>
                    <Text size="sm" c="blue">
                      {t('customers.quick.open')} →
                    </Text>
                  </Group>
                </UnstyledButton>
              ))}
            </Stack>
          </Alert>
        )}
        <Group justify="space-between">
          <Text size="xs" c="dimmed">
            {t('customers.quick.hint')}
          </Text>
          <Group gap="xs">
            <Button variant="default" type="button" onClick={onDone}>
              {t('customers.quick.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {t('customers.quick.save')}
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}
