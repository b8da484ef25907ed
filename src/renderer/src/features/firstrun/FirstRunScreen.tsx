import { useEffect, useState } from 'react';
import {
  Button,
  Card,
  Center,
  Divider,
  Group,
  Progress,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { useCommandMutation } from '../../api/commands';
import { getBridge } from '../../api/bridge';
import { ErrorNotice } from '../../components/ErrorNotice';
import type { UiLanguage } from '../../../../shared/i18n-locales';

const DEMO_CUSTOMERS = 1500;
const CURRENCIES = ['CNY', 'USD', 'EUR', 'GBP', 'HKD', 'TWD', 'SGD', 'JPY'];
const TIMEZONES = [
  'Asia/Shanghai',
  'Asia/Hong_Kong',
  'Asia/Taipei',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Europe/London',
  'Europe/Berlin',
  'America/New_York',
  'America/Los_Angeles',
  'UTC',
];

export function FirstRunScreen(): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const language = (i18n.language === 'zh-CN' ? 'zh-CN' : 'en') satisfies UiLanguage;
  const form = useForm({
    initialValues: {
      name: '',
      currency: language === 'zh-CN' ? 'CNY' : 'USD',
      country: language === 'zh-CN' ? 'CN' : 'US',
      timezone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'Asia/Shanghai',
    },
    validate: { name: (value) => (value.trim() ? null : t('firstrun.nameRequired')) },
  });
  const onDone = () => void queryClient.invalidateQueries();
  const create = useCommandMutation('shop.create', { onSuccess: onDone });
  const demo = useCommandMutation('shop.createDemo', { onSuccess: onDone });
  const [progress, setProgress] = useState(0);
  useEffect(
    () =>
      getBridge()?.on(
        'job.progress',
        (p) => p.kind === 'demo' && setProgress(Math.round((p.done / Math.max(p.total, 1)) * 100)),
      ),
    [],
  );

  return (
    <Center mih="100vh" p="md">
      <Stack w={520} gap="lg">
        <Group justify="space-between" align="flex-start">
          <Stack gap={4}>
            <Title order={1}>{t('firstrun.welcome')}</Title>
            <Text c="dimmed">{t('firstrun.intro')}</Text>
          </Stack>
          <SegmentedControl
            aria-label={t('firstrun.language')}
            value={language}
            onChange={(value) => void i18n.changeLanguage(value)}
            data={[
              { value: 'zh-CN', label: '中文' },
              { value: 'en', label: 'English' },
            ]}
          />
        </Group>
        <Card withBorder padding="lg">
          <form onSubmit={form.onSubmit((values) => create.mutate({ ...values, locale: language }))}>
            <Stack>
              <Title order={2} size="h4">
                {t('firstrun.createTitle')}
              </Title>
              <TextInput
                label={t('firstrun.name')}
                placeholder={t('firstrun.namePlaceholder')}
                data-autofocus
                autoFocus
                {...form.getInputProps('name')}
              />
              <Group grow>
                <Select
                  label={t('firstrun.currency')}
                  data={CURRENCIES}
                  allowDeselect={false}
                  {...form.getInputProps('currency')}
                />
                <TextInput label={t('firstrun.country')} maxLength={2} {...form.getInputProps('country')} />
              </Group>
              <Select
                label={t('firstrun.timezone')}
                data={TIMEZONES}
                searchable
                allowDeselect={false}
                {...form.getInputProps('timezone')}
              />
              {create.isError && <ErrorNotice error={create.error} />}
              <Button type="submit" loading={create.isPending}>
                {t('firstrun.create')}
              </Button>
            </Stack>
          </form>
        </Card>
        <Divider />
        <Card withBorder padding="lg">
          <Stack>
            <Title order={2} size="h4">
              {t('firstrun.demoTitle')}
            </Title>
            <Text size="sm">{t('firstrun.demoText', { count: DEMO_CUSTOMERS })}</Text>
            {demo.isPending && (
              <Stack gap={4}>
                <Text size="sm">{t('firstrun.demoProgress', { percent: progress })}</Text>
                <Progress value={progress} animated />
              </Stack>
            )}
            {demo.isError && <ErrorNotice error={demo.error} />}
            <Button
              variant="light"
              loading={demo.isPending}
              onClick={() => demo.mutate({ locale: language, customers: DEMO_CUSTOMERS, seed: 1 })}
            >
              {t('firstrun.demo')}
            </Button>
          </Stack>
        </Card>
      </Stack>
    </Center>
  );
}
