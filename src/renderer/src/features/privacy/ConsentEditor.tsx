import { useState } from 'react';
import { Group, SegmentedControl, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCommand, useCommandMutation } from '../../api/commands';
import { ErrorNotice } from '../../components/ErrorNotice';
import { consentChannels, type ConsentChannel } from '../../../../shared/contract/privacy';

/** Marketing consent per channel for one customer (staff may record it). For the customer card. */
export function ConsentEditor({ customerId }: { readonly customerId: string }): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const consents = useCommand('privacy.consents', { customerId });
  const setConsent = useCommandMutation('privacy.setConsent');
  const [source, setSource] = useState('');
  const current = new Map((consents.data?.current ?? []).map((record) => [record.channel, record]));

  const choose = (channel: ConsentChannel, value: string): void => {
    if (value === 'unknown') return;
    setConsent.mutate({
      customerId,
      channel,
      granted: value === 'yes',
      ...(source.trim() ? { source: source.trim() } : {}),
    });
  };

  return (
    <Stack gap="xs">
      <Title order={4}>{t('privacy.consent.title')}</Title>
      <TextInput
        size="xs"
        label={t('privacy.consent.source')}
        value={source}
        onChange={(e) => setSource(e.currentTarget.value)}
        maw={320}
      />
      <Table>
        <Table.Tbody>
          {consentChannels.map((channel) => {
            const record = current.get(channel);
            const value = record ? (record.granted ? 'yes' : 'no') : 'unknown';
            return (
              <Table.Tr key={channel}>
                <Table.Th w={100}>{t(`privacy.consent.channels.${channel}`)}</Table.Th>
                <Table.Td>
                  <Group gap="xs">
                    <SegmentedControl
                      size="xs"
                      value={value}
                      onChange={(next) => choose(channel, next)}
                      data={[
                        { value: 'yes', label: t('privacy.consent.granted') },
                        { value: 'no', label: t('privacy.consent.refused') },
                        { value: 'unknown', label: t('privacy.consent.unknown'), disabled: true },
                      ]}
                    />
                    {record && (
                      <Text size="xs" c="dimmed">
                        {t('privacy.consent.since', {
                          date: new Date(record.recordedAt).toLocaleDateString(i18n.language),
                        })}
                        {record.source ? ` · ${record.source}` : ''}
                      </Text>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      {setConsent.isError && <ErrorNotice error={setConsent.error} />}
    </Stack>
  );
}
