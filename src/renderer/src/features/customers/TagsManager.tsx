import { useState } from 'react';
import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Modal,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconTags, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { invoke, useCommand } from '../../api/commands';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useOwnerAction } from '../auth';
import { tagColors, type TagRef } from '../../../../shared/contract/customers';

/**
 * The shop's tags: rename, recolour, delete. Owner actions (the core refuses staff); staff are
 * asked for the owner PIN when they try. A delete takes the tag off every customer, so it asks first.
 */
export function TagsManagerButton(): React.JSX.Element {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  return (
    <>
      <Button
        variant="default"
        size="xs"
        leftSection={<IconTags size={14} />}
        onClick={() => setOpened(true)}
      >
        {t('customers.tags.manage')}
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title={t('customers.tags.title')} size="lg">
        {opened && <TagsTable />}
      </Modal>
    </>
  );
}

function TagsTable(): React.JSX.Element {
  const { t } = useTranslation();
  const tags = useCommand('tags.list', {});
  const owner = useOwnerAction();
  const [error, setError] = useState<unknown>(null);
  const [confirming, setConfirming] = useState<TagRef | null>(null);

  const save = async (tag: TagRef, name: string, color: string): Promise<void> => {
    setError(null);
    try {
      const patch = {
        id: tag.id,
        ...(name.trim() !== tag.name ? { name: name.trim() } : {}),
        ...(color !== tag.color ? { color: tagColors.find((c) => c === color) ?? 'gray' } : {}),
      };
      const saved = await owner.run(() => invoke('tags.update', patch));
      if (saved)
        notifications.show({ color: 'teal', message: t('customers.tags.saved', { name: saved.name }) });
    } catch (caught) {
      setError(caught);
    }
  };

  const remove = (tag: TagRef): void => {
    setConfirming(null);
    setError(null);
    owner
      .run(() => invoke('tags.delete', { id: tag.id }))
      .then((result) => {
        if (result)
          notifications.show({
            message: t('customers.tags.deleted', { name: tag.name, count: result.untagged }),
          });
      })
      .catch(setError);
  };

  if (tags.isError) return <ErrorNotice error={tags.error} />;
  return (
    <Stack gap="sm">
      {owner.dialog}
      <Text size="sm" c="dimmed">
        {t('customers.tags.hint')}
      </Text>
      {error !== null && <ErrorNotice error={error} />}
      {tags.data?.length === 0 && <Text c="dimmed">{t('customers.tags.empty')}</Text>}
      <Table data-testid="tags-manager">
        <Table.Tbody>
          {(tags.data ?? []).map((tag) => (
            <TagRow
              key={`${tag.id}:${tag.name}:${tag.color}`}
              tag={tag}
              onSave={save}
              onDelete={setConfirming}
            />
          ))}
        </Table.Tbody>
      </Table>
      <Modal
        opened={confirming !== null}
        onClose={() => setConfirming(null)}
        title={t('customers.tags.deleteTitle', { name: confirming?.name ?? '' })}
        size="sm"
      >
        <Stack gap="sm">
          <Text size="sm">{t('customers.tags.deleteHint')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(null)}>
              {t('customers.tags.cancel')}
            </Button>
            <Button color="red" data-autofocus onClick={() => confirming && remove(confirming)}>
              {t('customers.tags.delete')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

function TagRow({
  tag,
  onSave,
  onDelete,
}: {
  tag: TagRef;
  onSave: (tag: TagRef, name: string, color: string) => Promise<void>;
  onDelete: (tag: TagRef) => void;
}): React.JSX.Element {
  const { t } = useTranslation();
  const [name, setName] = useState(tag.name);
  const [color, setColor] = useState(tag.color);
  const changed = name.trim() !== '' && (name.trim() !== tag.name || color !== tag.color);
  return (
    <Table.Tr>
      <Table.Td>
        <Badge color={color} variant="light">
          {name || tag.name}
        </Badge>
      </Table.Td>
      <Table.Td>
        <TextInput
          size="xs"
          aria-label={t('customers.tags.name')}
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && changed) void onSave(tag, name, color);
            if (event.key === 'Escape') {
              event.stopPropagation();
              setName(tag.name);
              setColor(tag.color);
            }
          }}
        />
      </Table.Td>
      <Table.Td w={130}>
        <Select
          size="xs"
          aria-label={t('customers.list.color')}
          value={color}
          allowDeselect={false}
          onChange={(value) => setColor(value ?? tag.color)}
          data={tagColors.map((c) => ({ value: c, label: c }))}
          renderOption={({ option }) => (
            <Badge color={option.value} variant="filled" size="sm">
              {option.label}
            </Badge>
          )}
        />
      </Table.Td>
      <Table.Td w={80}>
        <Group gap={4} wrap="nowrap">
          <ActionIcon
            variant="light"
            disabled={!changed}
            aria-label={t('customers.tags.save')}
            onClick={() => void onSave(tag, name, color)}
          >
            <IconCheck size={16} />
          </ActionIcon>
          <ActionIcon
            variant="light"
            color="red"
            aria-label={t('customers.tags.delete')}
            onClick={() => onDelete(tag)}
          >
            <IconTrash size={16} />
          </ActionIcon>
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}
