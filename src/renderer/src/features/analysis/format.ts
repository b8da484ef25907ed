import { reasonMessages, type AnalysisLanguage } from '../../../../shared/analysis/reason-messages';
import type { Reason } from '../../../../shared/analysis/labels';

/** A reason in the user's language, from the shared templates ({{param}} placeholders). */
export function formatReason(reason: Reason, language: string): string {
  const lang: AnalysisLanguage = language.startsWith('zh') ? 'zh-CN' : 'en';
  const template = (reasonMessages[lang] as Record<string, string>)[reason.key] ?? reason.key;
  return template.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => {
    const value = reason.params[name];
    return value === undefined ? '' : String(value);
  });
}

export function formatNumber(value: number, language: string, digits = 4): string {
  return value.toLocaleString(language, { maximumFractionDigits: digits });
}
