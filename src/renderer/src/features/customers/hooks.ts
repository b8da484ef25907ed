import { useTranslation } from 'react-i18next';
import { notifications } from '@mantine/notifications';
import { useCommand, CommandError } from '../../api/commands';
import { fieldLabelKeys } from './field-labels';
import { isMaskedPhone, normalizePhone, type CountryCode } from '../../../../shared/phone';

/** The shop's country, for parsing local phone numbers as the core does. */
export function useShopCountry(): CountryCode {
  const info = useCommand('shop.info', {}, { staleTime: 60_000 });
  return (info.data?.profile?.country ?? 'CN') as CountryCode;
}

export interface FieldErrors {
  name?: string;
  phone?: string;
  phone2?: string;
  email?: string;
  birthday?: string;
  memberNo?: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The same rules the core applies, checked while typing so the message appears at the field. */
export function useValidate(): (values: {
  name?: string;
  phone?: string;
  phone2?: string;
  email?: string;
  birthday?: string;
}) => FieldErrors {
  const { t } = useTranslation();
  const country = useShopCountry();
  return (values) => {
    const errors: FieldErrors = {};
    if (values.name !== undefined && values.name.trim() === '')
      errors.name = t('customers.invalid.nameRequired');
    for (const field of ['phone', 'phone2'] as const) {
      const raw = values[field]?.trim();
      // A number the core masked for staff is sent back only if it was edited, and then the core says why not.
      if (raw && !isMaskedPhone(raw) && !normalizePhone(raw, country).ok)
        errors[field] = t('customers.invalid.phone', { country });
    }
    if (values.email?.trim() && !EMAIL.test(values.email.trim())) errors.email = t('customers.invalid.email');
    const birthday = values.birthday?.trim();
    if (birthday) {
      const date = new Date(`${birthday}T00:00:00Z`);
      if (
        !/^\d{4}-\d{2}-\d{2}$/.test(birthday) ||
        Number.isNaN(date.getTime()) ||
        date.toISOString().slice(0, 10) !== birthday
      ) {
        errors.birthday = t('customers.invalid.birthdayInvalid');
      } else if (birthday > new Date().toISOString().slice(0, 10)) {
        errors.birthday = t('customers.invalid.birthdayFuture');
      }
    }
    return errors;
  };
}

/** Maps a refusal from the core onto the field it concerns, or shows it as a notification. */
export function useServerErrors(): (error: unknown) => FieldErrors {
  const { t } = useTranslation();
  const country = useShopCountry();
  return (error) => {
    if (error instanceof CommandError) {
      const field = error.details?.field;
      if (field === 'phone' || field === 'phone2')
        return { [field]: t('customers.invalid.phone', { country }) };
      if (field === 'birthday') {
        return {
          birthday: t(
            error.details?.reason === 'future'
              ? 'customers.invalid.birthdayFuture'
              : 'customers.invalid.birthdayInvalid',
          ),
        };
      }
      if (field === 'memberNo') return { memberNo: t('customers.invalid.memberNoTaken') };
      if (field === 'email') return { email: t('customers.invalid.email') };
    }
    notifications.show({
      color: 'red',
      title: t(`errors.${error instanceof CommandError ? error.code : 'internal'}`),
      message: error instanceof Error ? error.message : String(error),
    });
    return {};
  };
}

export function formatDate(iso: string | null, locale: string): string {
  if (!iso) return '';
  return new Date(iso).toLocaleDateString(locale);
}

export function formatDateTime(iso: string, locale: string): string {
  return new Date(iso).toLocaleString(locale);
}

/**
 * A changed field's name as the customer form labels it, in the user's language — for the
 * edit history and the card's timeline. Unknown keys are shown as recorded rather than hidden.
 */
export function useFieldLabel(): (field: string) => string {
  const { t, i18n } = useTranslation();
  return (field) => {
    const key = fieldLabelKeys(field).find((candidate) => i18n.exists(candidate));
    return key ? t(key) : field;
  };
}
