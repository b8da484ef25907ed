import { Anchor, Card, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCommand } from '../../api/commands';
import { CustomerCardScreen } from './CardScreen';
import { LAST_CARD_KEY, useShopFormat } from './format';

/** Route `/card`: the card opened most recently on this PC, or a prompt to find one. */
export function LastCardScreen(): React.JSX.Element {
  const last = localStorage.getItem(LAST_CARD_KEY);
  return last ? <CustomerCardScreen id={last} /> : <CardPrompt />;
}

function CardPrompt(): React.JSX.Element {
  const { t } = useTranslation();
  const fmt = useShopFormat();
  const recent = useCommand('card.recent', { limit: 10 });
  return (
    <Card withBorder maw={640}>
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('card.promptTitle')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('card.promptHint')}
        </Text>
        {recent.data?.length === 0 && <Text size="sm">{t('card.noRecent')}</Text>}
        {recent.data?.map((c) => (
          <Anchor key={c.id} component={Link} to={`/customers/${c.id}`}>
            {c.name} · {fmt.date(c.lastAt)}
          </Anchor>
        ))}
      </Stack>
    </Card>
  );
}
