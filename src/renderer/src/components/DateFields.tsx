import { useTranslation } from 'react-i18next';
import { DateInput, DateTimePicker } from '@mantine/dates';
import { dateTimeFormatFor } from '../app/dates-locale';

/**
 * A local date and time picker in the app's language (the DatesProvider in App sets locale and
 * first day of week). Value and onChange use the `YYYY-MM-DDTHH:mm` local form the forms already
 * keep (that of <input type="datetime-local">), so their conversion to an instant stays as it was.
 */
export function DateTimeField({
  label,
  value,
  onChange,
  required,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  required?: boolean;
}): React.JSX.Element {
  const { i18n } = useTranslation();
  return (
    <DateTimePicker
      label={label}
      required={required ?? false}
      value={value ? `${value.replace('T', ' ')}:00` : null}
      onChange={(picked) => onChange(picked ? picked.slice(0, 16).replace(' ', 'T') : '')}
      valueFormat={dateTimeFormatFor(i18n.language)}
      popoverProps={{ withinPortal: true }}
    />
  );
}

/**
 * A birthday: typed as YYYY-MM-DD (fast at the counter) or picked from a calendar that opens
 * on the decade, in the app's language. Empty string means none, as the forms keep it.
 */
export function BirthdayField({
  label,
  value,
  onChange,
  error,
  disabled,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  disabled?: boolean;
}): React.JSX.Element {
  return (
    <DateInput
      label={label}
      value={value || null}
      onChange={(picked) => onChange(picked ?? '')}
      valueFormat="YYYY-MM-DD"
      placeholder="YYYY-MM-DD"
      defaultLevel={value ? 'month' : 'decade'}
      maxDate={new Date()}
      clearable
      error={error}
      disabled={disabled ?? false}
    />
  );
}
