import type { FeatureMessages } from '../i18n/types';

export const placeholderMessages: FeatureMessages = {
  en: { notYet: 'This screen is not built yet.' },
  'zh-CN': { notYet: '此页面尚未完成。' },
};
