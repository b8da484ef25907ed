import { useMemo, useRef, useState } from 'react';
import {
  ActionIcon,
  Anchor,
  Badge,
  Box,
  Button,
  Checkbox,
  Group,
  Popover,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCopy, IconTag, IconTagOff, IconTrash, IconPlus } from '@tabler/icons-react';
import { useQueries } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { commandKey, invoke, useCommand, useCommandMutation } from '../../api/commands';
import { ErrorNotice } from '../../components/ErrorNotice';
import {
  tagColors,
  type CustomerRow,
  type ListFilters,
  type ListSort,
} from '../../../../shared/contract/customers';
import { formatPhoneForDisplay } from '../../../../shared/phone';
import { formatDate, useShopCountry } from './hooks';
import { TagsManagerButton } from './TagsManager';

const PAGE = 100;
const ROW_HEIGHT = 40;
const columns = '36px minmax(140px, 2fr) minmax(130px, 1.3fr) 110px 110px 70px minmax(120px, 2fr)';

/**
 * The whole archive in one virtualized table: only the rows on screen exist in the DOM, and
 * rows are fetched from the core a page of 100 at a time as they scroll into view.
 */
export function CustomerListScreen(): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const country = useShopCountry();
  const [sort, setSort] = useState<ListSort>('name');
  const [direction, setDirection] = useState<'asc' | 'desc'>('asc');
  const [filters, setFilters] = useState<ListFilters>({});
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [bulkTag, setBulkTag] = useState<string | null>(null);
  const options = useCommand('customers.listOptions', {});
  const info = useCommand('shop.info', {});
  const currency = info.data?.profile?.currency ?? 'CNY';
  const money = useMemo(
    () => new Intl.NumberFormat(i18n.language, { style: 'currency', currency }),
    [i18n.language, currency],
  );

  const base = { sort, direction, filters, limit: PAGE };
  const first = useCommand(
    'customers.list',
    { ...base, offset: 0 },
    { placeholderData: (previous) => previous },
  );
  const total = first.data?.total ?? 0;
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual's documented hook
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const pageIndices = [...new Set(items.map((item) => Math.floor(item.index / PAGE)))].filter((p) => p > 0);
  const pages = useQueries({
    queries: pageIndices.map((page) => {
      const input = { ...base, offset: page * PAGE, withTotal: false };
      return {
        queryKey: commandKey('customers.list', input),
        queryFn: () => invoke('customers.list', input),
        staleTime: 10_000,
      };
    }),
  });
  const rowAt = (index: number): CustomerRow | undefined => {
    const page = Math.floor(index / PAGE);
    const data = page === 0 ? first.data : pages[pageIndices.indexOf(page)]?.data;
    return data?.rows[index - page * PAGE];
  };

  const tagMutation = useCommandMutation('customers.tag');
  const untagMutation = useCommandMutation('customers.untag');
  const deleteMutation = useCommandMutation('customers.delete');
  const ids = [...selected];
  const loadedIds = (): string[] => [
    ...(first.data?.rows ?? []).map((r) => r.id),
    ...pages.flatMap((p) => p.data?.rows.map((r) => r.id) ?? []),
  ];
  const tagOptions = (options.data?.tags ?? []).map((tag) => ({ value: tag.id, label: tag.name }));
  const segments = options.data?.segments ?? [];
  const setFilter = <K extends keyof ListFilters>(key: K, value: ListFilters[K] | undefined): void => {
    setSelected(new Set());
    setFilters((f) => {
      const next = { ...f };
      if (value === undefined) delete next[key];
      else next[key] = value;
      return next;
    });
  };
  const triState = (value: boolean | undefined): string => (value === undefined ? '' : value ? 'yes' : 'no');

  return (
    <Stack gap="sm" h="calc(100vh - 90px)">
      <Group justify="space-between">
        <Group gap="sm">
          <Title order={2}>{t('customers.list.title')}</Title>
          <Text c="dimmed" data-testid="customer-count">
            {t('customers.list.count', { count: total })}
          </Text>
        </Group>
        <Group gap="xs">
          <TagsManagerButton />
          <Button
            component={Link}
            to="/customers/duplicates"
            variant="default"
            size="xs"
            leftSection={<IconCopy size={14} />}
          >
            {t('customers.list.duplicates')}
          </Button>
          <Button
            component={Link}
            to="/customers/bin"
            variant="default"
            size="xs"
            leftSection={<IconTrash size={14} />}
          >
            {t('customers.list.bin')}
          </Button>
        </Group>
      </Group>
      <Group gap="xs" align="end" wrap="wrap">
        <Select
          label={t('customers.list.sort')}
          w={150}
          size="xs"
          value={sort}
          allowDeselect={false}
          onChange={(value) => {
            const next = (value ?? 'name') as ListSort;
            setSort(next);
            setDirection(next === 'name' ? 'asc' : 'desc');
          }}
          data={[
            { value: 'name', label: t('customers.list.sortName') },
            { value: 'last_visit', label: t('customers.list.sortLastVisit') },
            { value: 'total_spend', label: t('customers.list.sortSpend') },
            { value: 'created', label: t('customers.list.sortCreated') },
          ]}
        />
        <Select
          aria-label={t('customers.list.sort')}
          w={100}
          size="xs"
          value={direction}
          allowDeselect={false}
          onChange={(value) => setDirection(value === 'desc' ? 'desc' : 'asc')}
          data={[
            { value: 'asc', label: t('customers.list.asc') },
            { value: 'desc', label: t('customers.list.desc') },
          ]}
        />
        <Select
          label={t('customers.list.tag')}
          w={130}
          size="xs"
          clearable
          placeholder={t('customers.list.any')}
          value={filters.tagId ?? null}
          onChange={(v) => setFilter('tagId', v ?? undefined)}
          data={tagOptions}
        />
        <Select
          label={t('customers.list.kind')}
          w={120}
          size="xs"
          clearable
          placeholder={t('customers.list.any')}
          value={filters.kind ?? null}
          onChange={(v) => setFilter('kind', v === 'person' || v === 'organization' ? v : undefined)}
          data={[
            { value: 'person', label: t('customers.kind.person') },
            { value: 'organization', label: t('customers.kind.organization') },
          ]}
        />
        <Select
          label={t('customers.list.segment')}
          w={130}
          size="xs"
          clearable
          disabled={segments.length === 0}
          placeholder={segments.length === 0 ? t('customers.list.noSegments') : t('customers.list.any')}
          value={filters.segment ?? null}
          onChange={(v) => setFilter('segment', v ?? undefined)}
          data={segments}
        />
        <Select
          label={t('customers.list.consent')}
          w={120}
          size="xs"
          clearable
          placeholder={t('customers.list.any')}
          value={filters.consent ?? null}
          onChange={(v) => setFilter('consent', v === 'granted' || v === 'not_granted' ? v : undefined)}
          data={[
            { value: 'granted', label: t('customers.list.consentGranted') },
            { value: 'not_granted', label: t('customers.list.consentNot') },
          ]}
        />
        <Select
          label={t('customers.list.birthdayMonth')}
          w={110}
          size="xs"
          clearable
          placeholder={t('customers.list.any')}
          value={filters.birthdayMonth ? String(filters.birthdayMonth) : null}
          onChange={(v) => setFilter('birthdayMonth', v ? Number(v) : undefined)}
          data={Array.from({ length: 12 }, (_v, i) => ({
            value: String(i + 1),
            label: new Date(2000, i, 1).toLocaleString(i18n.language, { month: 'long' }),
          }))}
        />
        <Select
          label={t('customers.list.openComplaint')}
          w={110}
          size="xs"
          clearable
          placeholder={t('customers.list.any')}
          value={triState(filters.openComplaint) || null}
          onChange={(v) => setFilter('openComplaint', v === 'yes' ? true : v === 'no' ? false : undefined)}
          data={[
            { value: 'yes', label: t('customers.list.yes') },
            { value: 'no', label: t('customers.list.no') },
          ]}
        />
      </Group>
      {selected.size > 0 && (
        <Group gap="xs" data-testid="bulk-bar">
          <Text size="sm" fw={600}>
            {t('customers.list.selected', { count: selected.size })}
          </Text>
          <Select
            size="xs"
            w={150}
            placeholder={t('customers.list.chooseTag')}
            value={bulkTag}
            onChange={setBulkTag}
            data={tagOptions}
          />
          <NewTagButton onCreated={setBulkTag} />
          <Button
            size="xs"
            variant="light"
            leftSection={<IconTag size={14} />}
            disabled={!bulkTag}
            onClick={() =>
              bulkTag &&
              tagMutation.mutate(
                { ids, tagId: bulkTag },
                {
                  onSuccess: (r) =>
                    notifications.show({ message: t('customers.list.tagged', { count: r.changed }) }),
                },
              )
            }
          >
            {t('customers.list.bulkTag')}
          </Button>
          <Button
            size="xs"
            variant="light"
            leftSection={<IconTagOff size={14} />}
            disabled={!bulkTag}
            onClick={() =>
              bulkTag &&
              untagMutation.mutate(
                { ids, tagId: bulkTag },
                {
                  onSuccess: (r) =>
                    notifications.show({ message: t('customers.list.untagged', { count: r.changed }) }),
                },
              )
            }
          >
            {t('customers.list.bulkUntag')}
          </Button>
          <Button
            size="xs"
            color="red"
            variant="light"
            leftSection={<IconTrash size={14} />}
            onClick={() =>
              deleteMutation.mutate(
                { ids },
                {
                  onSuccess: (r) => {
                    setSelected(new Set());
                    notifications.show({ message: t('customers.list.deleted', { count: r.deleted }) });
                  },
                },
              )
            }
          >
            {t('customers.list.bulkDelete')}
          </Button>
        </Group>
      )}
      {first.isError && <ErrorNotice error={first.error} />}
      <Box
        style={{
          border: '1px solid var(--mantine-color-default-border)',
          borderRadius: 6,
          flex: 1,
          minHeight: 200,
          display: 'flex',
          flexDirection: 'column',
        }}
      >
        <Box
          role="row"
          style={{
            display: 'grid',
            gridTemplateColumns: columns,
            alignItems: 'center',
            padding: '6px 8px',
            borderBottom: '1px solid var(--mantine-color-default-border)',
            fontWeight: 600,
            fontSize: 13,
          }}
        >
          <Checkbox
            size="xs"
            aria-label={t('customers.list.selectAll')}
            checked={selected.size > 0 && loadedIds().every((id) => selected.has(id))}
            onChange={(event) => setSelected(event.currentTarget.checked ? new Set(loadedIds()) : new Set())}
          />
          <span>{t('customers.list.colName')}</span>
          <span>{t('customers.list.colPhone')}</span>
          <span>{t('customers.list.colLastVisit')}</span>
          <span style={{ textAlign: 'right' }}>{t('customers.list.colSpend')}</span>
          <span style={{ textAlign: 'right' }}>{t('customers.list.colVisits')}</span>
          <span style={{ paddingLeft: 12 }}>{t('customers.list.colTags')}</span>
        </Box>
        <div ref={scrollRef} style={{ flex: 1, overflow: 'auto' }} data-testid="customer-list">
          {first.isSuccess && total === 0 && (
            <Text c="dimmed" p="md">
              {t('customers.list.empty')}
            </Text>
          )}
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const row = rowAt(item.index);
              return (
                <div
                  key={item.key}
                  role="row"
                  data-testid="customer-row"
                  // A click anywhere on the row opens the card, as the name does; the checkbox and
                  // other controls in it keep their own clicks.
                  onClick={(event) => {
                    if (!row) return;
                    const target = event.target as HTMLElement;
                    if (target.closest('input, button, a, label')) return;
                    void navigate(`/customers/${row.id}`);
                  }}
                  style={{
                    cursor: row ? 'pointer' : undefined,
                    position: 'absolute',
                    top: 0,
                    left: 0,
                    right: 0,
                    height: ROW_HEIGHT,
                    transform: `translateY(${item.start}px)`,
                    display: 'grid',
                    gridTemplateColumns: columns,
                    alignItems: 'center',
                    padding: '0 8px',
                    borderBottom: '1px solid var(--mantine-color-default-border)',
                    fontSize: 14,
                  }}
                >
                  {row ? (
                    <>
                      <Checkbox
                        size="xs"
                        aria-label={t('customers.list.selectRow', { name: row.name })}
                        checked={selected.has(row.id)}
                        onChange={(event) => {
                          const checked = event.currentTarget.checked;
                          setSelected((s) => {
                            const next = new Set(s);
                            if (checked) next.add(row.id);
                            else next.delete(row.id);
                            return next;
                          });
                        }}
                      />
                      <Anchor
                        component="button"
                        type="button"
                        ta="left"
                        truncate
                        onClick={() => void navigate(`/customers/${row.id}`)}
                      >
                        {row.name}
                        {row.kind === 'organization' && (
                          <Badge size="xs" variant="outline" ml={6}>
                            {t('customers.kind.organization')}
                          </Badge>
                        )}
                      </Anchor>
                      <Text size="sm" truncate>
                        {row.phone ? formatPhoneForDisplay(row.phone, country) : ''}
                      </Text>
                      <Text size="sm" c={row.lastVisitAt ? undefined : 'dimmed'}>
                        {row.lastVisitAt
                          ? formatDate(row.lastVisitAt, i18n.language)
                          : t('customers.list.never')}
                      </Text>
                      <Text size="sm" ta="right">
                        {money.format(row.totalSpendMinor / 100)}
                      </Text>
                      <Text size="sm" ta="right">
                        {row.visits}
                      </Text>
                      <Group gap={4} pl={12} wrap="nowrap" style={{ overflow: 'hidden' }}>
                        {row.tags.map((tag) => (
                          <Badge key={tag.id} size="xs" color={tag.color} variant="light">
                            {tag.name}
                          </Badge>
                        ))}
                      </Group>
                    </>
                  ) : (
                    <Text size="xs" c="dimmed" style={{ gridColumn: '2 / -1' }}>
                      …
                    </Text>
                  )}
                </div>
              );
            })}
          </div>
        </div>
      </Box>
    </Stack>
  );
}

function NewTagButton({ onCreated }: { onCreated: (tagId: string) => void }): React.JSX.Element {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const [name, setName] = useState('');
  const [color, setColor] = useState<string>('teal');
  const create = useCommandMutation('tags.create');
  return (
    <Popover opened={opened} onChange={setOpened} withinPortal trapFocus>
      <Popover.Target>
        <ActionIcon
          variant="default"
          size="md"
          aria-label={t('customers.list.newTag')}
          onClick={() => setOpened((o) => !o)}
        >
          <IconPlus size={14} />
        </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (name.trim() === '') return;
            create.mutate(
              { name, color: tagColors.find((c) => c === color) ?? 'gray' },
              {
                onSuccess: (tag) => {
                  onCreated(tag.id);
                  setName('');
                  setOpened(false);
                },
              },
            );
          }}
        >
          <Stack gap="xs">
            <TextInput
              size="xs"
              label={t('customers.list.newTagName')}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              data-autofocus
              error={create.error?.message}
            />
            <Select
              size="xs"
              label={t('customers.list.color')}
              value={color}
              allowDeselect={false}
              onChange={(v) => setColor(v ?? 'gray')}
              data={tagColors.map((c) => ({ value: c, label: c }))}
              renderOption={({ option }) => (
                <Badge color={option.value} variant="filled" size="sm">
                  {option.label}
                </Badge>
              )}
            />
            <Button size="xs" type="submit" loading={create.isPending}>
              {t('customers.list.create')}
            </Button>
          </Stack>
        </form>
      </Popover.Dropdown>
    </Popover>
  );
}
