import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useCommand } from '../../api/commands';
import { formatMoney, toMinor } from '../../../../shared/money';
import type { Reminder } from '../../../../shared/contract/care';
import { formatPhoneForDisplay, type CountryCode } from '../../../../shared/phone';

/** Money, dates and phone numbers in the UI language, in the shop's currency, time zone and country. */
export function useShopFormat() {
  const { i18n } = useTranslation();
  const info = useCommand('shop.info', {});
  const currency = info.data?.profile?.currency ?? 'CNY';
  const timeZone = info.data?.profile?.timezone ?? 'Asia/Shanghai';
  const country = (info.data?.profile?.country ?? 'CN') as CountryCode;
  const locale = i18n.language;
  const dateFormat = useMemo(
    () => new Intl.DateTimeFormat(locale, { timeZone, year: 'numeric', month: 'short', day: 'numeric' }),
    [locale, timeZone],
  );
  const dateTimeFormat = useMemo(
    () =>
      new Intl.DateTimeFormat(locale, {
        timeZone,
        year: 'numeric',
        month: 'short',
        day: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
      }),
    [locale, timeZone],
  );
  return {
    currency,
    timeZone,
    money: useCallback((minor: number) => formatMoney(minor, currency, locale), [currency, locale]),
    toMinor: useCallback((major: number) => toMinor(major, currency), [currency]),
    date: useCallback((iso: string) => dateFormat.format(new Date(iso)), [dateFormat]),
    dateTime: useCallback((iso: string) => dateTimeFormat.format(new Date(iso)), [dateTimeFormat]),
    /** `173 5124 1476` at home, `+44 20 7946 0958` abroad; a masked number as the core sent it. */
    phone: useCallback((value: string) => formatPhoneForDisplay(value, country), [country]),
  };
}

/**
 * A reminder's title in the UI language: what someone typed, or the sentence for a reminder
 * Patron scheduled (from its stored type and parameters). Older scheduled reminders carry only
 * an English title; their kind says it instead.
 */
export function useReminderTitle(): (reminder: Pick<Reminder, 'kind' | 'title' | 'template'>) => string {
  const { t } = useTranslation();
  const fmt = useShopFormat();
  return (reminder) => {
    const template = reminder.template;
    if (template?.type === 'large_purchase') {
      return t('card.reminderTitles.large_purchase', { amount: fmt.money(template.params.amountMinor) });
    }
    if (template) return t(`card.reminderTitles.${template.type}`);
    if (reminder.kind === 'follow_up' || reminder.kind === 'other') return reminder.title;
    return t(`card.reminderKinds.${reminder.kind}`);
  };
}

/** Value for an <input type="datetime-local"> of the current moment, in this PC's clock. */
export function nowForInput(): string {
  const now = new Date();
  const local = new Date(now.getTime() - now.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

/** An <input type="datetime-local"> value to an ISO instant, or undefined when empty. */
export function inputToIso(value: string): string | undefined {
  if (!value) return undefined;
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? undefined : parsed.toISOString();
}

export const LAST_CARD_KEY = 'patron.lastCard';
