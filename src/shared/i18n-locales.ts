/** The interface languages Patron ships. */
export const uiLanguages = ['zh-CN', 'en'] as const;
export type UiLanguage = (typeof uiLanguages)[number];

/** Maps any BCP-47 tag (navigator.language, LANG) onto a shipped language. */
export function pickUiLanguage(tag: string | null | undefined): UiLanguage {
  if (!tag) return 'en';
  return tag.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}
