/**
 * One whole shop analysis, as a pure function of the customers' histories. Feed customers one at a
 * time (`createShopAnalyzer(...).add(customer)`, e.g. from a database cursor in a worker thread) or
 * pass any iterable to `analyzeShop`. Customers should arrive in a stable order (say, by id): ties in
 * the F score and at tier boundaries are broken by arrival order, as the pandas recipes do.
 */
import type { LifecycleStage, LoyaltyType, Reason } from '../../shared/analysis/labels';
import { percent, reason } from '../../shared/analysis/reason-keys';
import type { AnalysisSettings, TimeUnit } from '../../shared/analysis/settings';
import type {
  AnalysisResult,
  AnalysisStage,
  AssociationRuleResult,
  CustomerAnalysis,
  CustomerInput,
  DayInput,
  ItemSuggestion,
  RuleLevel,
  ShopAnalysis,
  StageTiming,
} from '../../shared/analysis/types';
import { abcClassify, type AbcResult } from './abc';
import { churnRisk, valueAtStake, winBackOrder, type ChurnAssignment } from './churn';
import { isoDateFromEpochDay, toEpochDay } from './dates';
import { lifecycleStage, type LifecycleAssignment } from './lifecycle';
import { attachmentOf, loyaltyTypeOf, type AttachmentAssignment, type LoyaltyAssignment } from './loyalty';
import {
  creditLoyaltyQuadrant,
  differenceMatrix,
  loyaltyScaleQuadrant,
  type DifferenceAssignment,
} from './matrices';
import { ShopIngest, type IngestedCustomer, type PackedIngest } from './pipeline-ingest';
import {
  buyerSummaries,
  fitModels,
  fitSummary,
  modelInputOf,
  predict,
  type BuyerSummaries,
  type ModelInput,
  type ModelStageResult,
} from './pipeline-models';
import { assignTiers, prospectTier, type TierAssignment } from './pyramid';
import { rfmScores, type RfmScore } from './rfm';
import { countBy, minorUnits, nullIfNaN } from './pipeline-util';
import { clusterBuyers, runSideStages, type SideInput, type SideResult } from './pipeline-side';
import type { RfmClustering } from './kmeans';
import type { AssociationRule } from './rules';

export { mineRules } from './pipeline-side';

export interface AnalyzeOptions {
  /** Called as each stage starts, for progress events. */
  onStage?: (stage: AnalysisStage) => void;
}

export interface ShopAnalyzer {
  add(customer: CustomerInput): void;
  addAll(customers: Iterable<CustomerInput>): void;
  /**
   * What was added so far, as transferable data: a helper thread adds one range of customers and
   * packs it, and the analysing thread `merge`s it after its own range.
   */
  pack(): PackedIngest;
  /** Takes in another analyzer's packed customers as if they had been added here, after the rest. */
  merge(part: PackedIngest): void;
  /**
   * What fitting the models needs of the buyers added so far (see ModelInput). Two threads that
   * read a range each can each take theirs, and one of them fit on both (appendModelInputs), before
   * the other has merged the part: the fit need not wait for the merge.
   */
  modelInput(): ModelInput;
  /** Runs every stage on what was added, in this thread. Call once (this or `finishWithHelper`). */
  finish(): AnalysisResult;
  /**
   * Runs every stage, with the side stages (rules, suggestions) through `helper` — e.g. on another
   * thread — and the model fits given as `models` (fitted elsewhere from `modelInput`, which must
   * then cover every customer), while the rest run here. The result is the one `finish` gives, but
   * each customer's is built when asked for (`customerAt`): a caller that stores them one by one
   * need not hold 100k result objects at once, nor wait for all before the first.
   */
  finishWithHelper(helper: StageHelper, models: Promise<ModelStageResult>): Promise<AssembledAnalysis>;
}

/** A finished analysis whose per-customer results are built on demand. */
export interface AssembledAnalysis {
  readonly customerCount: number;
  /** Customer i's result (in the order they were added), built anew on each call. */
  customerAt(i: number): CustomerAnalysis;
  /** The shop result, with the stage timings as they stand when called. */
  shop(): ShopAnalysis;
}

/** Stages another thread can run: they take flat data and give plain data back. */
export interface StageHelper {
  side(input: SideInput): Promise<SideResult>;
}

export function createShopAnalyzer(
  settings: AnalysisSettings,
  referenceDate: DayInput,
  timeUnit: TimeUnit,
  options: AnalyzeOptions = {},
): ShopAnalyzer {
  const referenceDay = toEpochDay(referenceDate);
  const windowStart = settings.window.kind === 'days' ? referenceDay - settings.window.days : null;
  const ingest = new ShopIngest(referenceDay, windowStart);
  let finished = false;
  return {
    add: (customer) => ingest.add(customer),
    addAll: (customers) => {
      for (const customer of customers) ingest.add(customer);
    },
    pack: () => ingest.pack(),
    merge: (part) => ingest.merge(part),
    modelInput: () =>
      modelInputOf(
        buyerSummaries(
          ingest.customers.filter((c) => c.visitDays.length > 0),
          referenceDay,
          timeUnit,
        ),
        settings,
      ),
    finish: () => {
      if (finished) throw new Error('finish() was already called on this analyzer');
      finished = true;
      const stages = beginStages(ingest, settings, referenceDay, timeUnit, options);
      const ranked = stages.rank();
      options.onStage?.('bgnbd');
      const models = fitModels(stages.summaries, stages.summaries.summaries.length, settings, () =>
        options.onStage?.('gammaGamma'),
      );
      const complete = stages.predictAndLabel(ranked, models);
      const side = runSideStages(stages.sideInput, options.onStage);
      stages.record(side.timings);
      const assembled = complete(side, stages.cluster());
      const customers = stages.time('assemble', () =>
        Array.from({ length: assembled.customerCount }, (_v, i) => assembled.customerAt(i)),
      );
      return { customers, shop: assembled.shop() };
    },
    finishWithHelper: async (helper, models) => {
      if (finished) throw new Error('finish() was already called on this analyzer');
      finished = true;
      // Neither may count as unhandled while this thread ranks; both are awaited below.
      models.catch(() => undefined);
      const stages = beginStages(ingest, settings, referenceDay, timeUnit, options);
      const side = helper.side(stages.sideInput);
      side.catch(() => undefined);
      const ranked = stages.rank();
      // Clustered here, while the helper fits the models: traced on the 100k seed, the helper's
      // share (fit, rules, suggestions, then clusters) ran 0.4 s past this thread's, which waited
      // for the models, the rules and the clusters in turn (0.16 s for the clusters alone). With
      // the clusters here it waited for none of them in three runs.
      const clustering = stages.cluster();
      options.onStage?.('bgnbd');
      const complete = stages.predictAndLabel(ranked, await models);
      const sideResult = await side;
      stages.record(sideResult.timings);
      return complete(sideResult, clustering);
    },
  };
}

export function analyzeShop(
  customers: Iterable<CustomerInput>,
  settings: AnalysisSettings,
  referenceDate: DayInput,
  timeUnit: TimeUnit,
  options: AnalyzeOptions = {},
): AnalysisResult {
  const analyzer = createShopAnalyzer(settings, referenceDate, timeUnit, options);
  analyzer.addAll(customers);
  return analyzer.finish();
}

/**
 * The stages in parts, so that another thread can take some: `sideInput` is what the side stages
 * (rules, suggestions, clusters; see pipeline-side.ts) need and `summaries` what the model fits
 * need, both there before anything else runs; `rank` runs the stages that need no model (RFM, ABC,
 * the pyramid, the difference matrix); `predictAndLabel` the rest once the models are fitted, and
 * gives the function that assembles the result once the side result is there.
 */
interface Stages {
  readonly sideInput: SideInput;
  readonly summaries: BuyerSummaries;
  rank(): Ranked;
  /** The k-means clusters of the buyers (see pipeline-side.ts). */
  cluster(): RfmClustering | null;
  predictAndLabel(
    ranked: Ranked,
    models: ModelStageResult,
  ): (side: SideResult, clustering: RfmClustering | null) => AssembledAnalysis;
  /** Runs `run` as `stage`: reported to onStage, its time kept with the others. */
  time<T>(stage: AnalysisStage, run: () => T): T;
  /** Keeps the times of stages that ran elsewhere (the side stages) with the others. */
  record(timings: readonly StageTiming[]): void;
}

interface Behaviour {
  readonly lifecycle: LifecycleAssignment;
  readonly attachment: AttachmentAssignment;
  readonly loyalty: LoyaltyAssignment | null;
  readonly churn: ChurnAssignment | null;
  readonly stake: number;
}

interface Ranked {
  readonly rfm: RfmScore[];
  readonly abc: AbcResult;
  readonly tiers: TierAssignment[];
  readonly difference: DifferenceAssignment[];
}

function beginStages(
  ingest: ShopIngest,
  settings: AnalysisSettings,
  referenceDay: number,
  timeUnit: TimeUnit,
  options: AnalyzeOptions,
): Stages {
  const timings: StageTiming[] = [{ stage: 'ingest', ms: ingest.ingestMs }];
  const time = <T>(stage: AnalysisStage, run: () => T): T => {
    options.onStage?.(stage);
    const started = performance.now();
    const value = run();
    timings.push({ stage, ms: performance.now() - started });
    return value;
  };
  const all = ingest.customers;
  const buyers: IngestedCustomer[] = all.filter((c) => c.visitDays.length > 0);
  const buyerIndex = new Int32Array(all.length).fill(-1);
  {
    let b = 0;
    all.forEach((c, i) => {
      if (c.visitDays.length > 0) buyerIndex[i] = b++;
    });
  }
  const lastDay = (c: IngestedCustomer): number => c.visitDays[c.visitDays.length - 1] ?? referenceDay;
  const monetary = buyers.map((c) => c.monetary);
  const frequency = buyers.map((c) => c.frequency);
  const sideInput = sideInputOf(ingest, settings);
  const summaries = buyerSummaries(buyers, referenceDay, timeUnit);

  const rank = (): Ranked => {
    const rfm = time('rfm', () =>
      rfmScores(
        buyers.map((c) => ({
          recencyDays: referenceDay - lastDay(c),
          frequency: c.frequency,
          monetary: c.monetary,
        })),
      ),
    );
    const { abc, tiers, difference } = time('abcPyramid', () => ({
      abc: abcClassify(monetary, settings.abc),
      tiers: assignTiers(monetary, settings.pyramid),
      difference: differenceMatrix(frequency, monetary),
    }));
    return { rfm, abc, tiers, difference };
  };

  const predictAndLabel = (
    { rfm, abc, tiers, difference }: Ranked,
    models: ModelStageResult,
  ): ((side: SideResult, clustering: RfmClustering | null) => AssembledAnalysis) => {
    // Measured where the fits ran (here or on the helper).
    timings.push({ stage: 'bgnbd', ms: models.bgnbdMs }, { stage: 'gammaGamma', ms: models.gammaGammaMs });
    const predictions = time('clv', () => predict(buyers, summaries, models, settings, timeUnit));

    const margin = settings.value.grossMarginPct / 100;
    const historicalValue = (c: IngestedCustomer): number => c.monetary * margin - c.costs;
    const shopMedianGapDays = ingest.gaps.median();
    // Each customer's lifecycle, attachment, loyalty and churn, with their reasons. Called once in
    // the stage, which keeps only the labels the shop needs (counts, the win-back order), and again
    // when the customer is assembled: kept for 100k customers, these ~13 small objects each were
    // over a million long-lived objects for the garbage collector to copy and mark.
    const behaviourOf = (i: number): Behaviour => {
      const customer = all[i]!;
      const b = buyerIndex[i] ?? -1;
      const pAlive = b >= 0 ? nullIfNaN(predictions.pAlive[b]) : null;
      const lifecycle: LifecycleAssignment = lifecycleStage(
        { visitDays: customer.visitDays, pAlive },
        { referenceDay, shopMedianGapDays, settings: settings.lifecycle },
      );
      const attachment = attachmentOf(customer.attitude, settings.loyalty);
      const fScore = b >= 0 ? (rfm[b]?.f ?? 1) : 0;
      const loyalty: LoyaltyAssignment | null =
        b >= 0
          ? loyaltyTypeOf(
              attachment.level,
              fScore,
              customer.discountedPurchases / customer.frequency,
              settings.loyalty,
            )
          : null;
      const churn = b >= 0 ? churnRisk(pAlive, lifecycle.stage, settings.churn.atRiskPAlive) : null;
      const stake =
        churn?.atRisk && b >= 0
          ? valueAtStake(pAlive, nullIfNaN(predictions.valueIfActive[b]), historicalValue(customer))
          : 0;
      return { lifecycle, attachment, loyalty, churn, stake };
    };
    const stageOf: LifecycleStage[] = new Array<LifecycleStage>(all.length);
    const loyaltyOf: (LoyaltyType | null)[] = new Array<LoyaltyType | null>(all.length);
    const atRiskOf = new Uint8Array(all.length);
    const stakeOf = new Float64Array(all.length);
    time('lifecycleLoyaltyChurn', () => {
      for (let i = 0; i < all.length; i++) {
        const { lifecycle, loyalty, churn, stake } = behaviourOf(i);
        stageOf[i] = lifecycle.stage;
        loyaltyOf[i] = loyalty?.type ?? null;
        atRiskOf[i] = churn?.atRisk ? 1 : 0;
        stakeOf[i] = stake;
      }
    });
    const winBack = winBackOrder(
      Array.from(atRiskOf, (atRisk, i) => ({ atRisk: atRisk === 1, valueAtStake: stakeOf[i] ?? 0 })),
    );
    const winBackRank = new Int32Array(all.length);
    winBack.forEach((i, rank) => (winBackRank[i] = rank + 1));

    return (side: SideResult, clustering: RfmClustering | null): AssembledAnalysis => {
      const mined = { rules: side.rules, categoryRules: side.categoryRules };
      // Each customer's suggestions, from the side result's rule numbers (customer i's start at
      // suggestionStart[i]). A rule suggests the same thing to everyone it fits, so its suggestion
      // is one shared object.
      const suggestionStart = new Int32Array(all.length + 1);
      for (let i = 0; i < all.length; i++) {
        suggestionStart[i + 1] = suggestionStart[i]! + (side.suggestionCounts[i] ?? 0);
      }
      const byRule = new Map<number, ItemSuggestion>();
      const suggestionsOf = (i: number): ItemSuggestion[] => {
        const count = side.suggestionCounts[i] ?? 0;
        const list: ItemSuggestion[] = new Array<ItemSuggestion>(count);
        for (let k = 0, suggestionAt = suggestionStart[i]!; k < count; k++, suggestionAt++) {
          const ruleNumber = side.suggestionRules[suggestionAt] ?? -1;
          let suggestion = byRule.get(ruleNumber);
          if (!suggestion) {
            const rule = side.rules[ruleNumber];
            if (!rule) throw new Error(`a suggestion names rule ${ruleNumber}, which was not mined`);
            suggestion = Object.freeze({
              item: ingest.items.names[rule.consequent] ?? '',
              confidence: rule.confidence,
              lift: rule.lift,
            });
            byRule.set(ruleNumber, suggestion);
          }
          list[k] = suggestion;
        }
        return list;
      };

      const isoDates = new Map<number, string>();
      const isoDate = (day: number): string => {
        let text = isoDates.get(day);
        if (text === undefined) {
          text = isoDateFromEpochDay(day);
          isoDates.set(day, text);
        }
        return text;
      };
      const customerAt = (i: number): CustomerAnalysis => {
        const customer = all[i];
        if (!customer) throw new RangeError(`there is no customer ${i}`);
        const b = buyerIndex[i] ?? -1;
        const { lifecycle, attachment, loyalty, churn, stake } = behaviourOf(i);
        const score = b >= 0 ? rfm[b] : undefined;
        const tier = b >= 0 ? (tiers[b] ?? prospectTier) : prospectTier;
        const abcClass = b >= 0 ? (abc.classes[b] ?? null) : null;
        const scale =
          score && abcClass
            ? loyaltyScaleQuadrant(abcClass, score.f, settings.loyalty.repeatFScoreHigh)
            : null;
        const credit = score
          ? creditLoyaltyQuadrant(customer.creditRating, score.f, settings.loyalty.repeatFScoreHigh)
          : null;
        const predicted = b >= 0 ? nullIfNaN(predictions.predictedClv[b]) : null;
        const historical = minorUnits(historicalValue(customer));
        const expected = b >= 0 ? nullIfNaN(predictions.expectedPurchases[b]) : null;
        const clvReason: Reason =
          predicted !== null
            ? reason('clv.model', {
                months: settings.value.horizonMonths,
                purchases: Math.round((expected ?? 0) * 100) / 100,
                marginPct: settings.value.grossMarginPct,
                discountPct: percent(settings.value.monthlyDiscountRate),
              })
            : reason('clv.historical', { marginPct: settings.value.grossMarginPct });
        const cluster = b >= 0 && clustering ? (clustering.clusterOf[b] ?? null) : null;
        const last = customer.visitDays[customer.visitDays.length - 1];
        const first = customer.visitDays[0];
        return {
          id: customer.id,
          frequency: customer.frequency,
          visits: customer.visitDays.length,
          monetaryMinor: customer.monetary,
          recencyDays: last === undefined ? null : referenceDay - last,
          firstPurchase: first === undefined ? null : isoDate(first),
          lastPurchase: last === undefined ? null : isoDate(last),
          rScore: score?.r ?? null,
          fScore: score?.f ?? null,
          mScore: score?.m ?? null,
          segment: score?.segment ?? null,
          abcClass,
          tier: tier.tier,
          tierRank: b >= 0 ? tier.rank : null,
          stage: lifecycle.stage,
          attachment: attachment.level,
          loyalty: loyalty?.type ?? null,
          differenceBlock: b >= 0 ? (difference[b]?.block ?? null) : null,
          loyaltyScale: scale?.quadrant ?? null,
          creditLoyalty: credit?.quadrant ?? null,
          pAlive: b >= 0 ? nullIfNaN(predictions.pAlive[b]) : null,
          expectedPurchases: expected,
          expectedSpendMinor: b >= 0 ? minorUnitsOrNull(predictions.expectedSpend[b]) : null,
          predictedClvMinor: predicted === null ? null : minorUnits(predicted),
          historicalValueMinor: historical,
          clvMinor: predicted === null ? historical : minorUnits(predicted),
          clvBasis: predicted === null ? 'historical' : 'model',
          atRisk: churn?.atRisk ?? false,
          valueAtStakeMinor: minorUnits(stake),
          winBackRank: (winBackRank[i] ?? 0) > 0 ? (winBackRank[i] ?? null) : null,
          cluster,
          suggestions: suggestionsOf(i),
          reasons: {
            segment: score?.reason ?? null,
            abc: b >= 0 ? abc.reasonOf(b) : null,
            tier: tier.reason,
            stage: lifecycle.reason,
            attachment: attachment.reason,
            loyalty: loyalty?.reason ?? null,
            churn: churn?.reason ?? null,
            clv: clvReason,
            cluster:
              cluster === null
                ? null
                : reason('cluster.assigned', { cluster, k: clustering?.clusters.length ?? 0 }),
            difference: b >= 0 ? (difference[b]?.reason ?? null) : null,
            loyaltyScale: scale?.reason ?? null,
            creditLoyalty: credit?.reason ?? null,
          },
        };
      };

      // The counts take each customer's labels as customerAt sets them, without building the results.
      const countLabels = <K extends string>(labelOf: (i: number, b: number) => K | null) =>
        countBy(all.length, (i) => labelOf(i, buyerIndex[i] ?? -1));
      const counts = {
        segment: countLabels((_i, b) => (b >= 0 ? (rfm[b]?.segment ?? null) : null)),
        abc: countLabels((_i, b) => (b >= 0 ? (abc.classes[b] ?? null) : null)),
        tier: countLabels((_i, b) => (b >= 0 ? (tiers[b] ?? prospectTier) : prospectTier).tier),
        stage: countLabels((i) => stageOf[i] ?? null),
        loyalty: countLabels((i) => loyaltyOf[i] ?? null),
        atRisk: winBack.length,
      };

      const shop = (): ShopAnalysis => ({
        referenceDate: isoDateFromEpochDay(referenceDay),
        timeUnit,
        settings,
        customers: all.length,
        buyers: buyers.length,
        repeatCustomers: summaries.repeatCustomers,
        verdict: models.verdict,
        fits: fitSummary(models),
        clvPeriodLength: predictions.horizon.periodLength,
        pareto: { headline: abc.headline, curve: abc.curve },
        shopMedianGapDays,
        rules: [
          ...reportedRules('product', mined.rules, ingest.items.names, settings.rules.maxRulesReported),
          ...reportedRules(
            'category',
            mined.categoryRules,
            ingest.categories.names,
            settings.rules.maxRulesReported,
          ),
        ],
        ruleBaskets: ingest.baskets.length,
        categoryRuleBaskets: ingest.categoryBaskets.length,
        clusters: (clustering?.clusters ?? []).map((c) => ({
          cluster: c.cluster,
          size: c.size,
          typicalRecencyDays: c.typicalRecencyDays,
          typicalFrequency: c.typicalFrequency,
          typicalMonetaryMinor: c.typicalMonetary,
          description: c.description,
        })),
        winBack: winBack.map((i) => all[i]?.id ?? ''),
        counts,
        timings,
        totalMs: timings.reduce((sum, t) => sum + t.ms, 0),
      });
      return { customerCount: all.length, customerAt, shop };
    };
  };
  const cluster = (): RfmClustering | null =>
    time('clusters', () =>
      clusterBuyers(
        {
          recencyDays: buyers.map((c) => referenceDay - lastDay(c)),
          frequency,
          monetary,
        },
        settings.clustering,
      ),
    );
  const record = (stageTimings: readonly StageTiming[]): void => {
    timings.push(...stageTimings);
  };
  return { sideInput, summaries, rank, cluster, predictAndLabel, time, record };
}

/** The side stages' input: copies and flat arrays, so it can be transferred to another thread. */
function sideInputOf(ingest: ShopIngest, settings: AnalysisSettings): SideInput {
  const customerItems = ingest.customerItems();
  return {
    baskets: ingest.baskets.pack(),
    itemCount: ingest.items.size,
    categoryBaskets: ingest.categoryBaskets.pack(),
    categoryCount: ingest.categories.size,
    customerItemCounts: customerItems.counts,
    customerItems: customerItems.items,
    settings: { rules: settings.rules },
  };
}

function reportedRules(
  level: RuleLevel,
  rules: readonly AssociationRule[],
  names: readonly string[],
  limit: number,
): AssociationRuleResult[] {
  return rules.slice(0, limit).map((rule) => ({
    level,
    antecedent: rule.antecedent.map((item) => names[item] ?? ''),
    consequent: names[rule.consequent] ?? '',
    count: rule.count,
    support: rule.support,
    confidence: rule.confidence,
    lift: rule.lift,
  }));
}

function minorUnitsOrNull(value: number | undefined): number | null {
  const v = nullIfNaN(value);
  return v === null ? null : minorUnits(v);
}
