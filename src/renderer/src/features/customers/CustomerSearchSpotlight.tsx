import { useState } from 'react';
import { Badge, Button, Group, Kbd, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { Spotlight, spotlight } from '@mantine/spotlight';
import { IconSearch } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useCommand } from '../../api/commands';
import { formatPhoneForDisplay } from '../../../../shared/phone';
import { useShopCountry } from './hooks';

/**
 * The counter's one search box, on Ctrl/Cmd+K from every screen. Results come from the core as
 * the staff types (no client-side filtering); picking one opens the customer card.
 */
export function CustomerSearchSpotlight(): React.JSX.Element {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const country = useShopCountry();
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query.trim(), 60);
  const results = useCommand(
    'customers.search',
    { query: debounced, limit: 20 },
    { enabled: debounced !== '', placeholderData: (previous) => previous },
  );
  const hits = debounced === '' ? [] : (results.data ?? []);
  return (
    <>
      <Button
        variant="default"
        size="xs"
        leftSection={<IconSearch size={14} />}
        rightSection={<Kbd size="xs">Ctrl K</Kbd>}
        onClick={() => spotlight.open()}
        data-testid="open-search"
      >
        {t('customers.search.button')}
      </Button>
      <Spotlight.Root
        query={query}
        onQueryChange={setQuery}
        shortcut={['mod + K']}
        tagsToIgnore={[]}
        scrollable
        maxHeight={480}
      >
        <Spotlight.Search
          placeholder={t('customers.search.placeholder')}
          leftSection={<IconSearch size={18} />}
          aria-label={t('customers.search.button')}
        />
        <Spotlight.ActionsList aria-label={t('customers.search.button')}>
          {hits.map((hit) => (
            <Spotlight.Action
              key={hit.id}
              onClick={() => void navigate(`/customers/${hit.id}`)}
              data-testid="search-result"
            >
              <Group wrap="nowrap" w="100%" justify="space-between">
                <div>
                  <Text fw={600}>{hit.name}</Text>
                  <Text size="xs" c="dimmed">
                    {[
                      hit.phone ? formatPhoneForDisplay(hit.phone, country) : null,
                      hit.email,
                      hit.memberNo,
                      hit.companyName,
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  </Text>
                </div>
                <Badge variant="light" size="sm">
                  {t(`customers.match.${hit.match}`)}
                </Badge>
              </Group>
            </Spotlight.Action>
          ))}
          {debounced === '' && <Spotlight.Empty>{t('customers.search.hint')}</Spotlight.Empty>}
          {debounced !== '' && results.isSuccess && hits.length === 0 && (
            <Spotlight.Empty>{t('customers.search.empty')}</Spotlight.Empty>
          )}
        </Spotlight.ActionsList>
      </Spotlight.Root>
    </>
  );
}
