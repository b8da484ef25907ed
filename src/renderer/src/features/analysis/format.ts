export { formatReason } from '../../../../shared/analysis/reason-messages';

export function formatNumber(value: number, language: string, digits = 4): string {
  return value.toLocaleString(language, { maximumFractionDigits: digits });
}
