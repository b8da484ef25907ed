/**
 * Templates for every reason key, in English and Simplified Chinese, with i18next `{{param}}`
 * interpolation. Register them under the flat keys (i18next finds keys that contain dots), e.g.
 * `i18next.addResources('zh-CN', 'analysis', reasonMessages['zh-CN'])`, then
 * `t(reason.key, { ns: 'analysis', ...reason.params })`.
 */
import { isReasonKey, type ReasonKey } from './reason-keys';

export const analysisLanguages = ['en', 'zh-CN'] as const;
export type AnalysisLanguage = (typeof analysisLanguages)[number];

const en: Record<ReasonKey, string> = {
  'rfm.scores':
    'R {{r}} · F {{f}} · M {{m}}: last purchase {{recencyDays}} days ago, {{frequency}} purchases',
  'abc.a':
    'Among the customers who bring the first {{aPct}} % of revenue (cumulative share up to here: {{cumulativePct}} %)',
  'abc.b':
    'Cumulative revenue share up to this customer is {{cumulativePct}} %, between the {{aPct}} % and {{bPct}} % cut-offs',
  'abc.c':
    'Outside the customers who bring the first {{bPct}} % of revenue (cumulative share: {{cumulativePct}} %)',
  'tier.ranked': 'Ranked {{rank}} of {{customers}} buying customers by spend (top {{topPct}} %)',
  'tier.prospect': 'No purchase yet',
  'lifecycle.prospect.noPurchase': 'Prospect: no purchase yet',
  'lifecycle.lost.pAlive':
    'Lost: only {{pAlivePct}} % chance of still being active (below {{thresholdPct}} %)',
  'lifecycle.lost.recency': 'Lost: no visit for {{daysSince}} days (limit {{limitDays}} days)',
  'lifecycle.exploration.newCustomer':
    'Exploration: first visit {{tenureDays}} days ago (under {{thresholdDays}} days)',
  'lifecycle.exploration.singleVisit': 'Exploration: only one visit so far, {{tenureDays}} days ago',
  'lifecycle.formation.rising':
    'Formation: {{n1}} visits in the last {{windowDays}} days vs {{n0}} in the {{windowDays}} before',
  'lifecycle.decline.fewerVisits':
    'Declining: {{n1}} visits in the last {{windowDays}} days vs {{n0}} in the {{windowDays}} before',
  'lifecycle.decline.overdue': 'Declining: no visit for {{daysSince}} days, usually every {{gapDays}} days',
  'lifecycle.stability.steady':
    'Stable: {{n1}} visits in the last {{windowDays}} days vs {{n0}} in the {{windowDays}} before',
  'attachment.unknown': 'No satisfaction, recommendation, referral or complaint recorded',
  'attachment.openComplaint': '{{openComplaints}} unresolved complaint(s)',
  'attachment.satisfied': 'Average satisfaction {{satisfaction}} of 5 (at least {{threshold}})',
  'attachment.recommends': 'Average recommend score {{recommend}} of 10 (at least {{threshold}})',
  'attachment.referred': 'Referred {{referrals}} customer(s)',
  'attachment.low':
    'Satisfaction {{satisfaction}}, recommend score {{recommend}}, {{referrals}} referral(s): below the thresholds',
  'loyalty.premium': 'Premium loyalty: strong attachment and frequent buying (F score {{fScore}})',
  'loyalty.incentive':
    'Incentive loyalty: buys often (F score {{fScore}}), but {{discountedPct}} % of purchases were discounted',
  'loyalty.inertia': 'Inertia loyalty: buys often (F score {{fScore}}) without strong attachment',
  'loyalty.latent':
    'Latent loyalty: strong attachment but buys rarely (F score {{fScore}}, below {{threshold}})',
  'loyalty.price':
    'Price loyalty: buys rarely (F score {{fScore}}) and {{discountedPct}} % of purchases were discounted',
  'loyalty.none':
    'No loyalty: buys rarely (F score {{fScore}}, below {{threshold}}) without strong attachment',
  'churn.lowPAlive': 'At risk: {{pAlivePct}} % chance of still being active (below {{thresholdPct}} %)',
  'churn.declining': 'At risk: the customer is in the declining stage',
  'churn.safe': 'Not at risk: {{pAlivePct}} % chance of still being active',
  'churn.safeNoModel': 'Not at risk by the lifecycle rules (no prediction model for this shop yet)',
  'clv.model':
    'Predicted for the next {{months}} months: {{purchases}} purchases × expected spend × {{marginPct}} % margin, discounted {{discountPct}} % a month',
  'clv.historical':
    'Historical value: spend to date × {{marginPct}} % margin − recorded costs (no prediction)',
  'matrix.difference.above':
    'Purchase frequency in tercile {{tercile}} of 3 ({{frequency}} purchases); spend above the median',
  'matrix.difference.below':
    'Purchase frequency in tercile {{tercile}} of 3 ({{frequency}} purchases); spend at or below the median',
  'matrix.loyaltyScale.cashCow': 'Large (ABC class {{abcClass}}) and loyal (F score {{fScore}})',
  'matrix.loyaltyScale.tomorrow': 'Large (ABC class {{abcClass}}) but not yet loyal (F score {{fScore}})',
  'matrix.loyaltyScale.chickenRib': 'Small (ABC class {{abcClass}}) but loyal (F score {{fScore}})',
  'matrix.loyaltyScale.warmUp': 'Small (ABC class {{abcClass}}) and not loyal (F score {{fScore}})',
  'matrix.creditLoyalty.gold': 'Good credit (rating {{rating}}) and loyal (F score {{fScore}})',
  'matrix.creditLoyalty.star': 'Good credit (rating {{rating}}) but not loyal (F score {{fScore}})',
  'matrix.creditLoyalty.risk': 'Poor credit (rating {{rating}}) but loyal (F score {{fScore}})',
  'matrix.creditLoyalty.poor': 'Poor credit (rating {{rating}}) and not loyal (F score {{fScore}})',
  'cluster.assigned': 'Group {{cluster}} of {{k}} (k-means on recency, frequency and spend)',
  'cluster.recency.recent': 'bought recently (typically {{days}} days ago)',
  'cluster.recency.middling': 'last bought a while ago (typically {{days}} days)',
  'cluster.recency.lapsed': 'has not bought for a long time (typically {{days}} days)',
  'cluster.frequency.frequent': 'buys often (typically {{purchases}} purchases)',
  'cluster.frequency.occasional': 'buys now and then (typically {{purchases}} purchases)',
  'cluster.frequency.rare': 'rarely buys (typically {{purchases}} purchases)',
  'cluster.monetary.high': 'high spend',
  'cluster.monetary.medium': 'medium spend',
  'cluster.monetary.low': 'low spend',
  'verdict.ok':
    'Prediction models fitted on {{customers}} buying customers, {{repeatCustomers}} of whom bought more than once',
  'verdict.noCustomers': 'No purchases in the analysis window yet',
  'verdict.tooFewRepeatCustomers':
    'Only {{repeatCustomers}} customers bought more than once (at least {{required}} are needed for a stable prediction): P(alive) and predicted CLV are not shown, and CLV uses historical value',
  'verdict.bgnbdNotConverged':
    "The purchase model did not converge on this shop's data ({{repeatCustomers}} repeat customers): CLV uses historical value",
  'verdict.bgnbdDegenerate':
    "The purchase model has no stable estimate on this shop's data ({{repeatCustomers}} repeat customers buy too uniformly): CLV uses historical value",
  'verdict.gammaGammaUnusable':
    "The spend model does not fit this shop's data ({{repeatCustomers}} repeat customers): predicted CLV uses each customer's own average spend",
  'pareto.headline': 'The top {{topPct}} % of customers ({{topCustomers}}) bring {{revenuePct}} % of revenue',
};

const zhCN: Record<ReasonKey, string> = {
  'rfm.scores': 'R{{r}}·F{{f}}·M{{m}}：最近一次消费在{{recencyDays}}天前，共消费{{frequency}}次',
  'abc.a': '属于贡献前{{aPct}}%收入的客户（累计到该客户：{{cumulativePct}}%）',
  'abc.b': '累计收入占比{{cumulativePct}}%，介于{{aPct}}%与{{bPct}}%之间',
  'abc.c': '不在贡献前{{bPct}}%收入的客户之列（累计占比：{{cumulativePct}}%）',
  'tier.ranked': '按消费额在{{customers}}位消费客户中排第{{rank}}名（前{{topPct}}%）',
  'tier.prospect': '尚未消费',
  'lifecycle.prospect.noPurchase': '潜在客户：尚未消费',
  'lifecycle.lost.pAlive': '流失：仍活跃的概率仅{{pAlivePct}}%（低于{{thresholdPct}}%）',
  'lifecycle.lost.recency': '流失：已{{daysSince}}天未消费（上限{{limitDays}}天）',
  'lifecycle.exploration.newCustomer': '考察期：首次消费在{{tenureDays}}天前（不足{{thresholdDays}}天）',
  'lifecycle.exploration.singleVisit': '考察期：仅消费过1次（{{tenureDays}}天前）',
  'lifecycle.formation.rising': '形成期：近{{windowDays}}天消费{{n1}}次，之前{{windowDays}}天{{n0}}次',
  'lifecycle.decline.fewerVisits': '退化期：近{{windowDays}}天消费{{n1}}次，之前{{windowDays}}天{{n0}}次',
  'lifecycle.decline.overdue': '退化期：已{{daysSince}}天未消费，平时约每{{gapDays}}天消费一次',
  'lifecycle.stability.steady': '稳定期：近{{windowDays}}天消费{{n1}}次，之前{{windowDays}}天{{n0}}次',
  'attachment.unknown': '暂无满意度、推荐意愿、转介绍或投诉记录',
  'attachment.openComplaint': '有{{openComplaints}}件投诉尚未解决',
  'attachment.satisfied': '平均满意度{{satisfaction}}分（满分5分，标准{{threshold}}分）',
  'attachment.recommends': '平均推荐意愿{{recommend}}分（满分10分，标准{{threshold}}分）',
  'attachment.referred': '已转介绍{{referrals}}位客户',
  'attachment.low': '满意度{{satisfaction}}、推荐意愿{{recommend}}、转介绍{{referrals}}位：未达到标准',
  'loyalty.premium': '超值忠诚：依恋度高且经常购买（F分{{fScore}}）',
  'loyalty.incentive': '激励忠诚：经常购买（F分{{fScore}}），但{{discountedPct}}%的消费享受了折扣',
  'loyalty.inertia': '惰性忠诚：经常购买（F分{{fScore}}），但依恋度不高',
  'loyalty.latent': '潜在忠诚：依恋度高但购买较少（F分{{fScore}}，低于{{threshold}}）',
  'loyalty.price': '价格忠诚：购买较少（F分{{fScore}}），{{discountedPct}}%的消费享受了折扣',
  'loyalty.none': '无忠诚：购买较少（F分{{fScore}}，低于{{threshold}}），依恋度也不高',
  'churn.lowPAlive': '有流失风险：仍活跃的概率为{{pAlivePct}}%（低于{{thresholdPct}}%）',
  'churn.declining': '有流失风险：处于退化期',
  'churn.safe': '暂无流失风险：仍活跃的概率为{{pAlivePct}}%',
  'churn.safeNoModel': '按生命周期规则暂无流失风险（本店数据尚不足以建立预测模型）',
  'clv.model':
    '预测未来{{months}}个月：预计消费{{purchases}}次 × 预期客单价 × 毛利率{{marginPct}}%，按每月{{discountPct}}%折现',
  'clv.historical': '历史价值：累计消费 × 毛利率{{marginPct}}% − 已记录成本（暂无预测）',
  'matrix.difference.above': '购买频率位于第{{tercile}}个三分位（共{{frequency}}次）；消费额高于中位数',
  'matrix.difference.below': '购买频率位于第{{tercile}}个三分位（共{{frequency}}次）；消费额不高于中位数',
  'matrix.loyaltyScale.cashCow': '规模大（ABC {{abcClass}}类）且忠诚（F分{{fScore}}）',
  'matrix.loyaltyScale.tomorrow': '规模大（ABC {{abcClass}}类）但尚不忠诚（F分{{fScore}}）',
  'matrix.loyaltyScale.chickenRib': '规模小（ABC {{abcClass}}类）但忠诚（F分{{fScore}}）',
  'matrix.loyaltyScale.warmUp': '规模小（ABC {{abcClass}}类）且不忠诚（F分{{fScore}}）',
  'matrix.creditLoyalty.gold': '信用好（{{rating}}级）且忠诚（F分{{fScore}}）',
  'matrix.creditLoyalty.star': '信用好（{{rating}}级）但不忠诚（F分{{fScore}}）',
  'matrix.creditLoyalty.risk': '信用差（{{rating}}级）但忠诚（F分{{fScore}}）',
  'matrix.creditLoyalty.poor': '信用差（{{rating}}级）且不忠诚（F分{{fScore}}）',
  'cluster.assigned': '第{{cluster}}组（共{{k}}组，按最近消费、频率和金额聚类）',
  'cluster.recency.recent': '近期有消费（通常{{days}}天前）',
  'cluster.recency.middling': '有一段时间没来（通常{{days}}天）',
  'cluster.recency.lapsed': '很久没有消费（通常{{days}}天）',
  'cluster.frequency.frequent': '经常购买（通常{{purchases}}次）',
  'cluster.frequency.occasional': '偶尔购买（通常{{purchases}}次）',
  'cluster.frequency.rare': '很少购买（通常{{purchases}}次）',
  'cluster.monetary.high': '消费额高',
  'cluster.monetary.medium': '消费额中等',
  'cluster.monetary.low': '消费额低',
  'verdict.ok': '预测模型基于{{customers}}位消费客户拟合，其中{{repeatCustomers}}位有重复购买',
  'verdict.noCustomers': '分析期内尚无消费记录',
  'verdict.tooFewRepeatCustomers':
    '仅有{{repeatCustomers}}位客户重复购买（稳定预测至少需要{{required}}位）：不显示活跃概率和预测终生价值，终生价值改用历史价值',
  'verdict.bgnbdNotConverged':
    '购买预测模型未能在本店数据上收敛（{{repeatCustomers}}位重复购买客户）：终生价值改用历史价值',
  'verdict.bgnbdDegenerate':
    '购买预测模型在本店数据上没有稳定的估计（{{repeatCustomers}}位重复购买客户的购买节奏过于一致）：终生价值改用历史价值',
  'verdict.gammaGammaUnusable':
    '消费金额模型不适用于本店数据（{{repeatCustomers}}位重复购买客户）：预测终生价值改用每位客户自己的平均客单价',
  'pareto.headline': '前{{topPct}}%的客户（{{topCustomers}}位）贡献了{{revenuePct}}%的收入',
};

export const reasonMessages: Readonly<Record<AnalysisLanguage, Record<ReasonKey, string>>> = {
  en,
  'zh-CN': zhCN,
};

/**
 * A reason in `language` ("zh…" for Chinese, else English) from these templates; a missing
 * parameter shows as "–", and a key from a newer Patron as the key with its parameters.
 */
export function formatReason(
  reason: { readonly key: string; readonly params: Readonly<Record<string, unknown>> },
  language: string,
): string {
  const lang: AnalysisLanguage = language.startsWith('zh') ? 'zh-CN' : 'en';
  if (isReasonKey(reason.key)) {
    return reasonMessages[lang][reason.key].replace(/\{\{(\w+)\}\}/g, (_m, name: string) => {
      const value = reason.params[name];
      return value === undefined || value === null ? '–' : String(value);
    });
  }
  const params = Object.entries(reason.params)
    .map(([k, v]) => `${k} ${String(v)}`)
    .join(', ');
  return params ? `${reason.key} (${params})` : reason.key;
}
