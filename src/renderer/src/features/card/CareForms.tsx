import { useState } from 'react';
import {
  Button,
  Group,
  Modal,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  TextInput,
  Textarea,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { useCommandMutation } from '../../api/commands';
import { ErrorNotice } from '../../components/ErrorNotice';
import { interactionChannels, type InteractionChannel } from '../../../../shared/care/settings';
import { inputToIso, nowForInput } from './format';
import { DateTimeField } from '../../components/DateFields';

interface FormProps {
  readonly customerId: string;
  readonly opened: boolean;
  readonly onClose: () => void;
}

export function InteractionForm({ customerId, opened, onClose }: FormProps): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('card.interaction.title')} size="md">
      {opened && <InteractionBody customerId={customerId} onDone={onClose} />}
    </Modal>
  );
}

function InteractionBody({
  customerId,
  onDone,
}: {
  customerId: string;
  onDone: () => void;
}): React.JSX.Element {
  const { t } = useTranslation();
  const [channel, setChannel] = useState<string | null>('face_to_face');
  const [direction, setDirection] = useState<'inbound' | 'outbound'>('inbound');
  const [summary, setSummary] = useState('');
  const [when, setWhen] = useState(nowForInput);
  const [satisfaction, setSatisfaction] = useState<number | string>('');
  const [recommend, setRecommend] = useState<number | string>('');
  const [staff, setStaff] = useState('');
  const log = useCommandMutation('interactions.log', {
    onSuccess: () => {
      notifications.show({ color: 'teal', message: t('card.interaction.saved') });
      onDone();
    },
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        const occurredAt = inputToIso(when);
        log.mutate({
          customerId,
          channel: (channel ?? 'face_to_face') as InteractionChannel,
          direction,
          summary,
          ...(occurredAt ? { occurredAt } : {}),
          ...(typeof satisfaction === 'number' ? { satisfaction } : {}),
          ...(typeof recommend === 'number' ? { recommend } : {}),
          ...(staff.trim() ? { staff: staff.trim() } : {}),
        });
      }}
    >
      <Stack gap="sm">
        <Group grow align="flex-end">
          <Select
            label={t('card.interaction.channel')}
            value={channel}
            onChange={setChannel}
            data={interactionChannels.map((c) => ({ value: c, label: t(`card.channels.${c}`) }))}
          />
          <SegmentedControl
            aria-label={t('card.interaction.direction')}
            value={direction}
            onChange={(v) => setDirection(v as 'inbound' | 'outbound')}
            data={[
              { value: 'inbound', label: t('card.interaction.inbound') },
              { value: 'outbound', label: t('card.interaction.outbound') },
            ]}
          />
        </Group>
        <Textarea
          label={t('card.interaction.summary')}
          data-autofocus
          autosize
          minRows={2}
          value={summary}
          onChange={(e) => setSummary(e.currentTarget.value)}
          onKeyDown={(e) => {
            // Enter saves as everywhere else; Shift+Enter still makes a new line.
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault();
              e.currentTarget.form?.requestSubmit();
            }
          }}
        />
        <Group grow>
          <NumberInput
            label={t('card.interaction.satisfaction')}
            min={1}
            max={5}
            value={satisfaction}
            onChange={setSatisfaction}
          />
          <NumberInput
            label={t('card.interaction.recommend')}
            min={0}
            max={10}
            value={recommend}
            onChange={setRecommend}
          />
        </Group>
        <Group grow>
          <DateTimeField label={t('card.interaction.when')} value={when} onChange={setWhen} />
          <TextInput
            label={t('card.interaction.staff')}
            value={staff}
            onChange={(e) => setStaff(e.currentTarget.value)}
          />
        </Group>
        {log.isError && <ErrorNotice error={log.error} />}
        <Group justify="flex-end">
          <Button type="submit" loading={log.isPending}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function ReminderForm({ customerId, opened, onClose }: FormProps): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('card.reminder.title')} size="md">
      {opened && <ReminderBody customerId={customerId} onDone={onClose} />}
    </Modal>
  );
}

function tomorrowForInput(): string {
  const value = nowForInput();
  const date = new Date(`${value.slice(0, 10)}T10:00`);
  date.setDate(date.getDate() + 1);
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

function ReminderBody({ customerId, onDone }: { customerId: string; onDone: () => void }): React.JSX.Element {
  const { t } = useTranslation();
  const [title, setTitle] = useState('');
  const [due, setDue] = useState(tomorrowForInput);
  const [note, setNote] = useState('');
  const add = useCommandMutation('reminders.add', {
    onSuccess: () => {
      notifications.show({ color: 'teal', message: t('card.reminder.saved') });
      onDone();
    },
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        const dueAt = inputToIso(due);
        if (!dueAt || !title.trim()) return;
        add.mutate({
          customerId,
          title: title.trim(),
          dueAt,
          kind: 'follow_up',
          ...(note.trim() ? { note: note.trim() } : {}),
        });
      }}
    >
      <Stack gap="sm">
        <TextInput
          label={t('card.reminder.what')}
          data-autofocus
          required
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
        />
        <DateTimeField label={t('card.reminder.due')} required value={due} onChange={setDue} />
        <TextInput
          label={t('card.reminder.note')}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
        />
        {add.isError && <ErrorNotice error={add.error} />}
        <Group justify="flex-end">
          <Button type="submit" loading={add.isPending} disabled={!title.trim()}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
