import { formatMoney } from '../../../../shared/money';
import type { LoyaltyFilter } from '../../../../shared/contract/loyalty';

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

/** The customer list's (issue 3) query string for a filter, as agreed in the brief. */
export function customerListQuery(filter: LoyaltyFilter): string {
  const params = new URLSearchParams();
  if (filter.segment) params.set('segment', filter.segment);
  if (filter.rfm) params.set('rfm', `${filter.rfm.r}-${filter.rfm.f}`);
  if (filter.abc) params.set('abc', filter.abc);
  if (filter.tier) params.set('tier', filter.tier);
  if (filter.stage) params.set('stage', filter.stage);
  if (filter.loyalty) params.set('loyalty', filter.loyalty.join(','));
  if (filter.atRisk) params.set('atRisk', '1');
  if (filter.cohort) params.set('cohort', filter.cohort);
  // Filters the list has no parameter for travel as an explicit id list.
  return params.toString();
}
