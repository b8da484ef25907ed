import type { FeatureMessages } from '../../i18n/types';

export const settingsMessages: FeatureMessages = {
  en: {
    title: 'Settings',
    language: 'Language',
    languageHint: 'The language of Patron on this computer.',
    followSystem: 'Follow the system',
    shop: 'Shop',
    shopName: 'Shop name',
    currency: 'Currency',
    country: 'Country (for phone numbers)',
    timezone: 'Time zone',
    saved: 'Saved',
    ownerOnly: 'Only the owner can change the shop profile.',
  },
  'zh-CN': {
    title: '设置',
    language: '语言',
    languageHint: '本电脑上知客使用的语言。',
    followSystem: '跟随系统',
    shop: '店铺',
    shopName: '店铺名称',
    currency: '币种',
    country: '国家/地区（用于识别手机号）',
    timezone: '时区',
    saved: '已保存',
    ownerOnly: '只有店主可以修改店铺信息。',
  },
};
