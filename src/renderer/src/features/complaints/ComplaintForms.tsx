import { useState } from 'react';
import { Button, Group, Modal, Radio, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { useCommandMutation } from '../../api/commands';
import { ErrorNotice } from '../../components/ErrorNotice';
import type { Complaint } from '../../../../shared/contract/care';
import {
  complaintCauses,
  interactionChannels,
  nextComplaintStatus,
  type ComplaintCause,
  type InteractionChannel,
} from '../../../../shared/care/settings';

export function OpenComplaintForm({
  customerId,
  opened,
  onClose,
}: {
  customerId: string;
  opened: boolean;
  onClose: () => void;
}): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('complaints.open')} size="md">
      {opened && <OpenComplaintBody customerId={customerId} onDone={onClose} />}
    </Modal>
  );
}

function OpenComplaintBody({
  customerId,
  onDone,
}: {
  customerId: string;
  onDone: () => void;
}): React.JSX.Element {
  const { t } = useTranslation();
  const [description, setDescription] = useState('');
  const [channel, setChannel] = useState<string | null>('face_to_face');
  const [cause, setCause] = useState<string | null>(null);
  const [staff, setStaff] = useState('');
  const open = useCommandMutation('complaints.open', {
    onSuccess: () => {
      notifications.show({ color: 'teal', message: t('complaints.saved') });
      onDone();
    },
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        open.mutate({
          customerId,
          description,
          ...(channel ? { channel: channel as InteractionChannel } : {}),
          ...(cause ? { cause: cause as ComplaintCause } : {}),
          ...(staff.trim() ? { staff: staff.trim() } : {}),
        });
      }}
    >
      <Stack gap="sm">
        <TextInput
          label={t('complaints.description')}
          data-autofocus
          required
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
        />
        <Group grow>
          <Select
            label={t('complaints.channel')}
            value={channel}
            onChange={setChannel}
            data={interactionChannels.map((c) => ({ value: c, label: t(`card.channels.${c}`) }))}
          />
          <Select
            label={t('complaints.cause')}
            value={cause}
            onChange={setCause}
            clearable
            data={complaintCauses.map((c) => ({ value: c, label: t(`complaints.causes.${c}`) }))}
          />
        </Group>
        <TextInput
          label={t('complaints.staff')}
          value={staff}
          onChange={(e) => setStaff(e.currentTarget.value)}
        />
        {open.isError && <ErrorNotice error={open.error} />}
        <Group justify="flex-end">
          <Button type="submit" loading={open.isPending} disabled={!description.trim()}>
            {t('complaints.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Asks for exactly what the next workflow step records, then moves the complaint one step. */
export function AdvanceComplaintForm({
  complaint,
  onClose,
}: {
  complaint: Complaint | null;
  onClose: () => void;
}): React.JSX.Element {
  const { t } = useTranslation();
  const next = complaint ? nextComplaintStatus[complaint.status] : null;
  return (
    <Modal
      opened={complaint !== null && next !== null}
      onClose={onClose}
      title={next ? t('complaints.nextTo', { status: t(`complaints.statuses.${next}`) }) : ''}
      size="md"
    >
      {complaint && next && <AdvanceBody complaint={complaint} onDone={onClose} />}
    </Modal>
  );
}

function AdvanceBody({ complaint, onDone }: { complaint: Complaint; onDone: () => void }): React.JSX.Element {
  const { t } = useTranslation();
  const next = nextComplaintStatus[complaint.status];
  const [cause, setCause] = useState<string | null>(complaint.cause);
  const [resolution, setResolution] = useState('');
  const [satisfaction, setSatisfaction] = useState(0);
  const [note, setNote] = useState('');
  const advance = useCommandMutation('complaints.advance', {
    onSuccess: (c) => {
      notifications.show({
        color: 'teal',
        message: t('complaints.moved', { status: t(`complaints.statuses.${c.status}`) }),
      });
      onDone();
    },
  });
  if (!next) return <Text>{t('complaints.closed')}</Text>;
  const ready =
    (next !== 'cause_analysed' || cause !== null) &&
    (next !== 'resolved' || resolution.trim() !== '') &&
    (next !== 'followed_up' || satisfaction > 0);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (!ready) return;
        advance.mutate({
          id: complaint.id,
          to: next,
          ...(next === 'cause_analysed' && cause ? { cause: cause as ComplaintCause } : {}),
          ...(next === 'resolved' ? { resolution: resolution.trim() } : {}),
          ...(next === 'followed_up' ? { satisfaction } : {}),
          ...(note.trim() ? { note: note.trim() } : {}),
        });
      }}
    >
      <Stack gap="sm">
        <Text size="sm" c="dimmed" lineClamp={3}>
          {complaint.customerName}: {complaint.description}
        </Text>
        {next === 'cause_analysed' && (
          <Select
            label={t('complaints.cause')}
            data-autofocus
            value={cause}
            onChange={setCause}
            data={complaintCauses.map((c) => ({ value: c, label: t(`complaints.causes.${c}`) }))}
          />
        )}
        {next === 'resolved' && (
          <Textarea
            label={t('complaints.resolution')}
            data-autofocus
            autosize
            minRows={2}
            value={resolution}
            onChange={(e) => setResolution(e.currentTarget.value)}
          />
        )}
        {next === 'followed_up' && (
          <Radio.Group
            label={t('complaints.satisfaction')}
            value={satisfaction > 0 ? String(satisfaction) : null}
            onChange={(value) => setSatisfaction(Number(value))}
          >
            <Group gap="md" mt={4}>
              {[1, 2, 3, 4, 5].map((score) => (
                <Radio key={score} value={String(score)} label={String(score)} />
              ))}
            </Group>
          </Radio.Group>
        )}
        <TextInput
          label={t('complaints.note')}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
        />
        {advance.isError && <ErrorNotice error={advance.error} />}
        <Group justify="flex-end">
          <Button type="submit" loading={advance.isPending} disabled={!ready}>
            {t('complaints.confirm')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
