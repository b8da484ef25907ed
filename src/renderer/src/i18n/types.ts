import type { UiLanguage } from '../../../shared/i18n-locales';

/** A nested message tree; leaves are i18next strings with {{param}} interpolation. */
export interface MessageTree {
  readonly [key: string]: string | MessageTree;
}

/** Each feature ships its messages in both languages, side by side. */
export type FeatureMessages = Readonly<Record<UiLanguage, MessageTree>>;
