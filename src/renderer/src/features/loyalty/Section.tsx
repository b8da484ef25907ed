import { Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** A titled card; shows the insufficient-data note instead of empty axes. */
export function Section({
  title,
  testId,
  empty,
  emptyText,
  children,
}: {
  title: string;
  testId: string;
  empty?: boolean;
  emptyText?: string;
  children: ReactNode;
}): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="md" radius="md" data-testid={testId} data-empty={empty ? 'true' : 'false'}>
      <Stack gap="sm">
        <Title order={3} size="h5">
          {title}
        </Title>
        {empty ? (
          <Text c="dimmed" size="sm" py="lg" ta="center" data-testid="chart-empty">
            {emptyText ?? t('loyalty.insufficient')}
          </Text>
        ) : (
          children
        )}
      </Stack>
    </Paper>
  );
}

/** Background for a heat cell: the theme colour mixed by intensity, so it works in light and dark. */
export function heat(color: string, intensity: number): string {
  const pct = Math.round(8 + Math.max(0, Math.min(1, intensity)) * 82);
  return `color-mix(in srgb, var(--mantine-color-${color}-6) ${pct}%, transparent)`;
}
