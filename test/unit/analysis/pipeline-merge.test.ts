import { describe, expect, it } from 'vitest';
import { createShopAnalyzer } from '../../../src/main/analysis/pipeline';
import { packedIngestTransferables } from '../../../src/main/analysis/pipeline-ingest';
import {
  appendModelInputs,
  fitModelInput,
  modelInputTransferables,
} from '../../../src/main/analysis/pipeline-models';
import { runSideStages, sideTransferables } from '../../../src/main/analysis/pipeline-side';
import { defaultSyntheticShop, syntheticShop } from '../../../src/main/analysis/synthetic';
import { isoDateFromEpochDay } from '../../../src/main/analysis/dates';
import { defaultAnalysisSettings } from '../../../src/shared/analysis/settings';
import type { AnalysisResult, CustomerInput } from '../../../src/shared/analysis/types';

/**
 * The analysing worker ingests the first range of customers and merges the second, which a helper
 * thread ingested and packed, and the helper fits the models and runs the side stages: the result
 * must be the one a single analyzer gives for all of them.
 */
const options = { ...defaultSyntheticShop, customers: 1_500, seed: 11 };
const referenceDate = isoDateFromEpochDay(options.referenceDay);

/** The synthetic shop with categories on its tickets (an empty one too) and some costs. */
function shop(): CustomerInput[] {
  return [...syntheticShop(options)].map((customer, c) => ({
    ...customer,
    costsMinor: c % 7 === 0 ? 1_000 : 0,
    purchases: customer.purchases.map((purchase, p) => ({
      ...purchase,
      ...(purchase.items
        ? { categories: purchase.items.map((item) => (p % 9 === 0 ? '' : `C${Number(item.slice(1)) % 4}`)) }
        : {}),
    })),
  }));
}

/** The result without its timings, which differ from run to run. */
function comparable(result: AnalysisResult): unknown {
  return { ...result, shop: { ...result.shop, timings: [], totalMs: 0 } };
}

function analyzeWhole(customers: readonly CustomerInput[]): AnalysisResult {
  const analyzer = createShopAnalyzer(defaultAnalysisSettings, referenceDate, 'day');
  analyzer.addAll(customers);
  return analyzer.finish();
}

function analyzeSplit(customers: readonly CustomerInput[], at: number): AnalysisResult {
  const own = createShopAnalyzer(defaultAnalysisSettings, referenceDate, 'day');
  const helper = createShopAnalyzer(defaultAnalysisSettings, referenceDate, 'day');
  own.addAll(customers.slice(0, at));
  helper.addAll(customers.slice(at));
  const packed = helper.pack();
  // As postMessage does it: a structured clone, with the typed arrays' buffers transferred.
  const delivered = structuredClone(packed, { transfer: packedIngestTransferables(packed) });
  own.merge(delivered);
  return own.finish();
}

describe('merging a helper thread’s ingested customers', () => {
  const customers = shop();
  const whole = comparable(analyzeWhole(customers));

  it('gives the single analyzer’s result, rules, suggestions and clusters included, wherever the split falls', () => {
    const result = analyzeWhole(customers);
    // The shop must exercise what the merge renumbers: items, categories, suggestions.
    expect(result.shop.rules.length).toBeGreaterThan(0);
    expect(result.shop.rules.some((rule) => rule.level === 'category')).toBe(true);
    expect(result.customers.some((c) => c.suggestions.length > 0)).toBe(true);
    for (const at of [1, 700, customers.length - 1]) {
      expect(comparable(analyzeSplit(customers, at)), `split at ${at}`).toEqual(whole);
    }
  });

  it('takes an empty part, and an empty own range', () => {
    expect(comparable(analyzeSplit(customers, customers.length))).toEqual(whole);
    expect(comparable(analyzeSplit(customers, 0))).toEqual(whole);
  });

  it('gives the same result when a helper fits the models and runs the side stages', async () => {
    // As the two threads do it: each reads a range, the helper's part is merged here, and the
    // helper fits on this range's model input followed by its own, before the merge.
    const at = 700;
    const analyzer = createShopAnalyzer(defaultAnalysisSettings, referenceDate, 'day');
    analyzer.addAll(customers.slice(0, at));
    const helperRange = createShopAnalyzer(defaultAnalysisSettings, referenceDate, 'day');
    helperRange.addAll(customers.slice(at));
    const own = analyzer.modelInput();
    // As the helper thread gets and answers them: structured clones, buffers transferred.
    const delivered = structuredClone(own, { transfer: modelInputTransferables(own) });
    // The analysing thread's copy is gone once transferred; the helper's must be enough.
    expect(own.x.length).toBe(0);
    const input = appendModelInputs(delivered, helperRange.modelInput());
    const models = Promise.resolve(structuredClone(fitModelInput(input)));
    const part = helperRange.pack();
    analyzer.merge(structuredClone(part, { transfer: packedIngestTransferables(part) }));
    // The two ranges' input is the input of all the customers.
    expect(input).toEqual(analyzer.modelInput());
    const asks: string[] = [];
    const assembled = await analyzer.finishWithHelper(
      {
        side: (sideInput) => {
          asks.push('side');
          const sent = structuredClone(sideInput, { transfer: sideTransferables(sideInput) });
          const side = runSideStages(sent);
          return Promise.resolve(structuredClone(side, { transfer: sideTransferables(side) }));
        },
      },
      models,
    );
    expect(asks).toEqual(['side']);
    // Built on demand, in any order.
    const results = Array.from({ length: assembled.customerCount }, (_v, i) => i)
      .reverse()
      .map((i) => assembled.customerAt(i))
      .reverse();
    const result = { customers: results, shop: assembled.shop() };
    expect(result.shop.fits.bgnbd).not.toBeNull();
    expect(comparable(result)).toEqual(whole);
  });
});
