import type { TFunction } from 'i18next';
import type { LoyaltyRunInfo } from '../../../../shared/contract/loyalty';
import { formatMoney } from '../../../../shared/money';

/** Formatting for the shop's locale and currency (not the interface language). */
export interface Formatters {
  money(minor: number): string;
  percent(share: number, digits?: number): string;
  number(value: number, digits?: number): string;
}

export function formatters(locale: string, currency: string): Formatters {
  const integer = new Intl.NumberFormat(locale);
  return {
    money: (minor) => formatMoney(minor, currency, locale),
    percent: (share, digits = 0) =>
      new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: digits }).format(share),
    number: (value, digits = 0) =>
      digits === 0
        ? integer.format(Math.round(value))
        : new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value),
  };
}

/** "all history" or "the last N days": the analysis window a run's figures cover. */
export function analysisWindowText(t: TFunction, run: Pick<LoyaltyRunInfo, 'windowDays'>): string {
  return run.windowDays === null
    ? t('loyalty.analysisWindow.all')
    : t('loyalty.analysisWindow.days', { days: run.windowDays });
}
