import { describe, expect, it, vi } from 'vitest';
import i18next from 'i18next';
import { analyzeShop } from '../../../src/main/analysis/pipeline';
import { syntheticShop, defaultSyntheticShop } from '../../../src/main/analysis/synthetic';
import { labelKey, labelNames, labelResources } from '../../../src/shared/analysis/label-names';
import type { Reason } from '../../../src/shared/analysis/labels';
import { isReasonKey, reasonKeys } from '../../../src/shared/analysis/reason-keys';
import { analysisLanguages, reasonMessages } from '../../../src/shared/analysis/reason-messages';
import { defaultAnalysisSettings } from '../../../src/shared/analysis/settings';

// Fits and reference data sets take a few seconds on a busy shared machine; the default 5 s is tight.
vi.setConfig({ testTimeout: 60_000 });

function placeholders(template: string): string[] {
  return [...template.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1] ?? '').sort();
}

describe('reason messages', () => {
  it('every key has an en and a zh-CN template using the same parameters', () => {
    for (const key of reasonKeys) {
      const en = reasonMessages.en[key];
      const zh = reasonMessages['zh-CN'][key];
      expect(en.length, key).toBeGreaterThan(0);
      expect(zh.length, key).toBeGreaterThan(0);
      expect([...new Set(placeholders(zh))], key).toEqual([...new Set(placeholders(en))]);
    }
  });

  it('renders through i18next with flat dotted keys, as the brief’s example', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({
      lng: 'zh-CN',
      resources: {
        en: { analysis: { ...reasonMessages.en, ...labelResources('en') } },
        'zh-CN': { analysis: { ...reasonMessages['zh-CN'], ...labelResources('zh-CN') } },
      },
      ns: ['analysis'],
      defaultNS: 'analysis',
      interpolation: { escapeValue: false },
    });
    const params = { n1: 2, n0: 7, windowDays: 180 };
    expect(i18n.t('lifecycle.decline.fewerVisits', params)).toBe('退化期：近180天消费2次，之前180天7次');
    expect(i18n.t('lifecycle.decline.fewerVisits', { ...params, lng: 'en' })).toBe(
      'Declining: 2 visits in the last 180 days vs 7 in the 180 before',
    );
    expect(i18n.t(labelKey('rfmSegment', 'cantLoseThem'))).toBe('不能失去');
    expect(i18n.t(labelKey('loyaltyScale', 'cashCow'), { lng: 'en' })).toBe('Cash cow');
  });

  it('every reason a whole analysis emits has a template whose parameters it supplies', () => {
    const result = analyzeShop(
      syntheticShop({ ...defaultSyntheticShop, customers: 3000, seed: 11 }),
      defaultAnalysisSettings,
      defaultSyntheticShop.referenceDay,
      'day',
    );
    const emitted: Reason[] = [
      ...result.customers.flatMap((c) => Object.values(c.reasons).filter((r): r is Reason => r !== null)),
      ...result.shop.verdict.reasons,
      result.shop.pareto.headline.reason,
      ...result.shop.clusters.flatMap((c) => c.description),
    ];
    const seen = new Set<string>();
    const problems = new Set<string>();
    for (const reason of emitted) {
      seen.add(reason.key);
      if (!isReasonKey(reason.key)) {
        problems.add(`unknown key ${reason.key}`);
        continue;
      }
      for (const language of analysisLanguages) {
        for (const name of placeholders(reasonMessages[language][reason.key])) {
          if (!(name in reason.params)) problems.add(`${reason.key} lacks ${name}`);
        }
      }
    }
    expect([...problems]).toEqual([]);
    // The synthetic shop exercises most of the vocabulary, not just a corner of it.
    expect(seen.size).toBeGreaterThan(30);
  });

  it('names every label code in both languages', () => {
    for (const language of analysisLanguages) {
      const names = labelNames[language];
      for (const family of Object.values(names)) {
        for (const name of Object.values(family as Record<string, string>))
          expect(name.length).toBeGreaterThan(0);
      }
    }
    expect(labelNames['zh-CN'].lifecycleStage.decline).toBe('退化期');
    expect(labelNames['zh-CN'].loyaltyType.premium).toBe('超值忠诚');
  });
});
