import { useEffect, useRef, useState } from 'react';
import { Badge, Box, Group, SegmentedControl, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconAlertTriangle, IconBell, IconMessage, IconPencil, IconShoppingBag } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import { commandKey, invoke, type CommandError } from '../../api/commands';
import {
  timelineKinds,
  type TimelineCursor,
  type TimelineEvent,
  type TimelineKind,
  type TimelinePage,
} from '../../../../shared/contract/card';
import { useShopFormat } from './format';
import { useFieldLabel } from '../customers/hooks';

const ROW_HEIGHT = 52;
const PAGE = 100;

const ICONS: Record<TimelineKind, { icon: typeof IconShoppingBag; color: string }> = {
  purchase: { icon: IconShoppingBag, color: 'teal' },
  interaction: { icon: IconMessage, color: 'blue' },
  complaint: { icon: IconAlertTriangle, color: 'red' },
  reminder: { icon: IconBell, color: 'yellow' },
  change: { icon: IconPencil, color: 'gray' },
};

/**
 * The customer's timeline, newest first: pages of 100 fetched as the list scrolls, and only the
 * visible rows rendered, so a customer with thousands of events stays smooth.
 */
export function Timeline({
  customerId,
  counts,
  firstPage,
  onOpenPurchase,
}: {
  customerId: string;
  counts: Readonly<Record<TimelineKind, number>>;
  firstPage: TimelinePage;
  onOpenPurchase: (purchaseId: string) => void;
}): React.JSX.Element {
  const { t } = useTranslation();
  const [kind, setKind] = useState<'all' | TimelineKind>('all');
  const input = { id: customerId, limit: PAGE, ...(kind === 'all' ? {} : { kinds: [kind] }) };
  const query = useInfiniteQuery<
    TimelinePage,
    CommandError,
    { pages: TimelinePage[] },
    readonly unknown[],
    TimelineCursor | null
  >({
    queryKey: commandKey('card.timeline', input),
    queryFn: ({ pageParam }) =>
      invoke('card.timeline', { ...input, ...(pageParam ? { before: pageParam } : {}) }),
    initialPageParam: null,
    getNextPageParam: (last) => last.next,
    ...(kind === 'all' ? { initialData: { pages: [firstPage], pageParams: [null] } } : {}),
  });
  const events: TimelineEvent[] = (query.data?.pages ?? []).flatMap((p) => p.events);
  const scrollRef = useRef<HTMLDivElement>(null);
  // The virtualizer's functions are read during render only, never memoized by this component.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: events.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? -1;
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  useEffect(() => {
    if (lastIndex >= events.length - 10 && hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [lastIndex, events.length, hasNextPage, isFetchingNextPage, fetchNextPage]);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);

  return (
    <Stack gap="xs">
      <SegmentedControl
        size="xs"
        fullWidth
        value={kind}
        onChange={(value) => setKind(value as 'all' | TimelineKind)}
        data={[
          { value: 'all', label: `${t('card.timeline.all')} ${total}` },
          ...timelineKinds.map((k) => ({ value: k, label: `${t(`card.timeline.kinds.${k}`)} ${counts[k]}` })),
        ]}
        className="no-print"
      />
      {events.length === 0 && !query.isFetching && (
        <Text c="dimmed" size="sm">
          {t('card.timeline.empty')}
        </Text>
      )}
      <Box
        ref={scrollRef}
        h={Math.min(520, Math.max(ROW_HEIGHT, events.length * ROW_HEIGHT))}
        style={{ overflowY: 'auto' }}
        data-testid="timeline"
        className="timeline-scroll"
      >
        <Box style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const event = events[item.index];
            if (!event) return null;
            return (
              <Box
                key={`${event.kind}-${event.id}`}
                style={{
                  position: 'absolute',
                  top: 0,
                  left: 0,
                  right: 0,
                  height: ROW_HEIGHT,
                  transform: `translateY(${item.start}px)`,
                }}
              >
                <TimelineRow event={event} onOpenPurchase={onOpenPurchase} />
              </Box>
            );
          })}
        </Box>
      </Box>
      {isFetchingNextPage && (
        <Text size="xs" c="dimmed">
          {t('card.timeline.loadingMore')}
        </Text>
      )}
    </Stack>
  );
}

function TimelineRow({
  event,
  onOpenPurchase,
}: {
  event: TimelineEvent;
  onOpenPurchase: (purchaseId: string) => void;
}): React.JSX.Element {
  const { t } = useTranslation();
  const fmt = useShopFormat();
  const fieldLabel = useFieldLabel();
  const { icon: Icon, color } = ICONS[event.kind];
  let text = event.text;
  let tag: string | null = null;
  if (event.kind === 'purchase') {
    text = event.text || t('card.timeline.noLines');
    tag = event.tag ? t(`sales.payments.${event.tag}`, { defaultValue: event.tag }) : null;
  } else if (event.kind === 'interaction' && event.tag) {
    const [channel, direction] = event.tag.split(':');
    tag = `${t(`card.channels.${channel ?? ''}`, { defaultValue: channel ?? '' })} · ${t(`card.interaction.${direction ?? ''}`, { defaultValue: direction ?? '' })}`;
  } else if (event.kind === 'complaint' && event.tag) {
    tag = t(`complaints.statuses.${event.tag}`);
  } else if (event.kind === 'reminder' && event.tag) {
    tag = t(`card.reminderKinds.${event.tag}`, { defaultValue: event.tag });
    // Reminders Patron schedules itself carry a stored English title; their kind says it in the UI language.
    if (event.tag !== 'follow_up' && event.tag !== 'other') {
      text = tag;
      tag = null;
    }
  } else if (event.kind === 'change') {
    text =
      event.tag === 'purchase'
        ? t('card.timeline.purchaseChanged')
        : t('card.timeline.changedField', { field: fieldLabel(event.tag ?? '') });
  }
  return (
    <Group
      gap="sm"
      wrap="nowrap"
      h="100%"
      px={4}
      style={{
        borderBottom: '1px solid var(--mantine-color-gray-2)',
        cursor: event.kind === 'purchase' ? 'pointer' : undefined,
      }}
      data-testid="timeline-row"
      {...(event.kind === 'purchase'
        ? {
            role: 'button',
            tabIndex: 0,
            title: t('card.timeline.editPurchase'),
            onClick: () => onOpenPurchase(event.id),
            onKeyDown: (e: React.KeyboardEvent) => {
              if (e.key === 'Enter') onOpenPurchase(event.id);
            },
          }
        : {})}
    >
      <ThemeIcon variant="light" color={color} size="md" radius="xl">
        <Icon size={16} />
      </ThemeIcon>
      <Text size="xs" c="dimmed" w={175} style={{ flexShrink: 0 }}>
        {fmt.dateTime(event.at)}
      </Text>
      <Text size="sm" truncate="end" style={{ flex: 1, minWidth: 0 }}>
        {text}
      </Text>
      {tag && (
        <Badge variant="light" color={color} style={{ flexShrink: 0 }} maw={180}>
          {tag}
        </Badge>
      )}
      {event.kind === 'purchase' && event.flag && (
        <Badge color="orange" style={{ flexShrink: 0 }}>
          {t('card.timeline.return')}
        </Badge>
      )}
      {event.kind === 'reminder' && event.flag && (
        <Badge color="gray" variant="outline" style={{ flexShrink: 0 }}>
          {t('card.timeline.done')}
        </Badge>
      )}
      {event.amountMinor !== null && (
        <Text
          size="sm"
          fw={600}
          w={100}
          ta="right"
          style={{ flexShrink: 0 }}
          c={event.amountMinor < 0 ? 'orange' : undefined}
        >
          {fmt.money(event.amountMinor)}
        </Text>
      )}
    </Group>
  );
}
