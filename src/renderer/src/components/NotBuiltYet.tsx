import { Center, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Marks a screen whose feature has not landed yet — honest, not fake data. */
export function NotBuiltYet({ title }: { readonly title: string }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <Center h={240}>
      <Text c="dimmed">
        {title}: {t('placeholder.notYet')}
      </Text>
    </Center>
  );
}
