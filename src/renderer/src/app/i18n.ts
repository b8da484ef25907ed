import type { FeatureMessages } from '../i18n/types';

export const shellMessages: FeatureMessages = {
  en: {
    nav: {
      today: 'Today',
      customers: 'Customers',
      card: 'Customer card',
      complaints: 'Complaints',
      audit: 'Audit log',
      loyalty: 'Loyalty',
      transfer: 'Import / Export',
      settings: 'Settings',
    },
    previewNotice: 'Browser preview — the desktop app is not installed on this machine',
    toggleTheme: 'Switch light / dark theme',
    connectionLost: 'Patron is not connected to its core.',
    failedToLoad: 'The shop could not be opened.',
  },
  'zh-CN': {
    nav: {
      today: '今日',
      customers: '客户',
      card: '客户资料卡',
      complaints: '客户投诉',
      audit: '审计日志',
      loyalty: '忠诚度',
      transfer: '导入 / 导出',
      settings: '设置',
    },
    previewNotice: '浏览器预览 — 本机未安装桌面应用',
    toggleTheme: '切换浅色 / 深色主题',
    connectionLost: '知客未连接到核心服务。',
    failedToLoad: '无法打开店铺。',
  },
};
