/**
 * Display names of every label code, en and zh-CN (the Chinese terms of DOMAIN.md). The owner may
 * rename segments; such overrides live in settings and take precedence over these defaults.
 */
import type {
  AbcClass,
  AttachmentLevel,
  ClvBasis,
  CreditLoyaltyQuadrant,
  DifferenceBlock,
  LifecycleStage,
  LoyaltyScaleQuadrant,
  LoyaltyType,
  RfmSegment,
  ValueTier,
} from './labels';
import type { AnalysisLanguage } from './reason-messages';

export interface LabelNames {
  rfmSegment: Record<RfmSegment, string>;
  abcClass: Record<AbcClass, string>;
  valueTier: Record<ValueTier, string>;
  lifecycleStage: Record<LifecycleStage, string>;
  loyaltyType: Record<LoyaltyType, string>;
  attachmentLevel: Record<AttachmentLevel, string>;
  differenceBlock: Record<DifferenceBlock, string>;
  loyaltyScale: Record<LoyaltyScaleQuadrant, string>;
  creditLoyalty: Record<CreditLoyaltyQuadrant, string>;
  clvBasis: Record<ClvBasis, string>;
}

export type LabelFamily = keyof LabelNames;

const en: LabelNames = {
  rfmSegment: {
    champions: 'Champions',
    loyalCustomers: 'Loyal customers',
    potentialLoyalists: 'Potential loyalists',
    newCustomers: 'New customers',
    promising: 'Promising',
    needAttention: 'Need attention',
    aboutToSleep: 'About to sleep',
    atRisk: 'At risk',
    cantLoseThem: "Can't lose them",
    hibernating: 'Hibernating',
  },
  abcClass: { A: 'Class A', B: 'Class B', C: 'Class C' },
  valueTier: { vip: 'VIP', major: 'Major', ordinary: 'Ordinary', small: 'Small', prospect: 'Prospect' },
  lifecycleStage: {
    prospect: 'Prospect',
    lost: 'Lost',
    exploration: 'Exploration',
    formation: 'Formation',
    decline: 'Decline',
    stability: 'Stability',
  },
  loyaltyType: {
    premium: 'Premium loyalty',
    incentive: 'Incentive loyalty',
    inertia: 'Inertia loyalty',
    latent: 'Latent loyalty',
    price: 'Price loyalty',
    none: 'No loyalty',
  },
  attachmentLevel: { high: 'High attachment', low: 'Low attachment', unknown: 'Attachment unknown' },
  differenceBlock: {
    highValueHighFreq: 'High contribution, high frequency',
    highValueMediumFreq: 'High contribution, medium frequency (B: develop)',
    highValueLowFreq: 'High contribution, low frequency',
    lowValueHighFreq: 'Low contribution, high frequency',
    lowValueMediumFreq: 'Low contribution, medium frequency',
    lowValueLowFreq: 'Low contribution, low frequency',
  },
  loyaltyScale: { cashCow: 'Cash cow', tomorrow: 'Tomorrow', chickenRib: 'Chicken rib', warmUp: 'Warm-up' },
  creditLoyalty: { gold: 'Gold', star: 'Star', risk: 'Risk', poor: 'Poor' },
  clvBasis: { model: 'Predicted', historical: 'Historical' },
};

const zhCN: LabelNames = {
  rfmSegment: {
    champions: '冠军客户',
    loyalCustomers: '忠实客户',
    potentialLoyalists: '潜力客户',
    newCustomers: '新客户',
    promising: '有希望',
    needAttention: '需要关注',
    aboutToSleep: '即将沉睡',
    atRisk: '有流失风险',
    cantLoseThem: '不能失去',
    hibernating: '沉睡',
  },
  abcClass: { A: 'A类客户', B: 'B类客户', C: 'C类客户' },
  valueTier: {
    vip: 'VIP客户',
    major: '主要客户',
    ordinary: '普通客户',
    small: '小客户',
    prospect: '潜在客户',
  },
  lifecycleStage: {
    prospect: '潜在客户',
    lost: '流失',
    exploration: '考察期',
    formation: '形成期',
    decline: '退化期',
    stability: '稳定期',
  },
  loyaltyType: {
    premium: '超值忠诚',
    incentive: '激励忠诚',
    inertia: '惰性忠诚',
    latent: '潜在忠诚',
    price: '价格忠诚',
    none: '无忠诚',
  },
  attachmentLevel: { high: '依恋度高', low: '依恋度低', unknown: '依恋度未知' },
  differenceBlock: {
    highValueHighFreq: '高贡献·高频率',
    highValueMediumFreq: '高贡献·中频率（B区：重点开发）',
    highValueLowFreq: '高贡献·低频率',
    lowValueHighFreq: '低贡献·高频率',
    lowValueMediumFreq: '低贡献·中频率',
    lowValueLowFreq: '低贡献·低频率',
  },
  loyaltyScale: { cashCow: '金牛客户', tomorrow: '明日客户', chickenRib: '鸡肋客户', warmUp: '加温客户' },
  creditLoyalty: { gold: '黄金客户', star: '明星客户', risk: '风险客户', poor: '劣质客户' },
  clvBasis: { model: '预测值', historical: '历史值' },
};

export const labelNames: Readonly<Record<AnalysisLanguage, LabelNames>> = { en, 'zh-CN': zhCN };

/** i18n key of a label's display name, e.g. `label.rfmSegment.champions`. */
export function labelKey<F extends LabelFamily>(family: F, code: keyof LabelNames[F] & string): string {
  return `label.${family}.${code}`;
}

/** Flat i18next resources (reason templates plus `label.*` names) for one language. */
export function labelResources(language: AnalysisLanguage): Record<string, string> {
  const resources: Record<string, string> = {};
  const names = labelNames[language];
  for (const family of Object.keys(names) as LabelFamily[]) {
    for (const [code, name] of Object.entries(names[family])) resources[`label.${family}.${code}`] = name;
  }
  return resources;
}
