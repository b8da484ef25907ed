import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { CommandError } from '../api/commands';

export interface ErrorNoticeProps {
  readonly error: unknown;
  readonly title?: string;
}

/** Shows a command error in the user's language, with the core's message as detail. */
export function ErrorNotice({ error, title }: ErrorNoticeProps): React.JSX.Element {
  const { t } = useTranslation();
  const code = error instanceof CommandError ? error.code : 'internal';
  const detail = error instanceof Error ? error.message : String(error);
  return (
    <Alert color="red" title={title ?? t(`errors.${code}`)} role="alert">
      {detail}
    </Alert>
  );
}
