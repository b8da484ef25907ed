/**
 * The predictive stages of the pipeline: decide whether the data supports the models, fit BG/NBD
 * and Gamma-Gamma, and compute each buyer's P(alive), expected purchases and CLV.
 */
import type { Reason } from '../../shared/analysis/labels';
import { reason } from '../../shared/analysis/reason-keys';
import type { AnalysisSettings, TimeUnit } from '../../shared/analysis/settings';
import type { DataSufficiency, ModelFitSummary } from '../../shared/analysis/types';
import {
  compressSummaries,
  expectedPurchasesIfAlive,
  fitBgnbd,
  probabilityAlive,
  type BgnbdFit,
  type RepeatSummary,
} from './bgnbd';
import { discountedPurchasesIfAlive, MONTH_LENGTH, type ClvHorizon } from './clv';
import {
  conditionalExpectedSpend,
  fitGammaGamma,
  populationMeanSpend,
  type GammaGammaFit,
} from './gammagamma';
import type { IngestedCustomer } from './pipeline-ingest';
import { toTimeUnits } from './summary';

export interface BuyerSummaries {
  summaries: RepeatSummary[];
  /** Mean spend of repeat visit days, first day excluded; 0 without repeats. */
  zbar: Float64Array;
  repeatCustomers: number;
}

export function buyerSummaries(
  buyers: readonly IngestedCustomer[],
  referenceDay: number,
  unit: TimeUnit,
): BuyerSummaries {
  const zbar = new Float64Array(buyers.length);
  let repeatCustomers = 0;
  const summaries = buyers.map((customer, i): RepeatSummary => {
    const days = customer.visitDays;
    const first = days[0] ?? referenceDay;
    const last = days[days.length - 1] ?? first;
    const x = days.length - 1;
    if (x > 0) {
      repeatCustomers++;
      zbar[i] = (customer.monetary - customer.firstDaySpend) / x;
    }
    return { x, tx: toTimeUnits(last - first, unit), T: toTimeUnits(referenceDay - first, unit) };
  });
  return { summaries, zbar, repeatCustomers };
}

/**
 * What fitting the models needs, as flat arrays: another thread fits them (`fitModelInput`) while
 * the analysing thread ranks the customers, since nothing before the predictions needs a fit.
 */
export interface ModelInput {
  readonly x: Float64Array;
  readonly tx: Float64Array;
  readonly T: Float64Array;
  readonly zbar: Float64Array;
  readonly repeatCustomers: number;
  readonly settings: Pick<AnalysisSettings, 'model'>;
}

export function modelInputOf(data: BuyerSummaries, settings: AnalysisSettings): ModelInput {
  const { summaries } = data;
  return {
    x: Float64Array.from(summaries, (s) => s.x),
    tx: Float64Array.from(summaries, (s) => s.tx),
    T: Float64Array.from(summaries, (s) => s.T),
    zbar: data.zbar.slice(),
    repeatCustomers: data.repeatCustomers,
    settings: { model: settings.model },
  };
}

/**
 * The model input of two ranges of buyers, `first`'s before `second`'s: what modelInputOf gives for
 * all of them, so each thread can summarise the buyers it read and one of them fit.
 */
export function appendModelInputs(first: ModelInput, second: ModelInput): ModelInput {
  const joined = (a: Float64Array, b: Float64Array): Float64Array => {
    const out = new Float64Array(a.length + b.length);
    out.set(a);
    out.set(b, a.length);
    return out;
  };
  return {
    x: joined(first.x, second.x),
    tx: joined(first.tx, second.tx),
    T: joined(first.T, second.T),
    zbar: joined(first.zbar, second.zbar),
    repeatCustomers: first.repeatCustomers + second.repeatCustomers,
    settings: first.settings,
  };
}

/** The buffers to pass in `postMessage`'s transfer list. */
export function modelInputTransferables(input: ModelInput): ArrayBuffer[] {
  return [input.x, input.tx, input.T, input.zbar].map((array) => array.buffer as ArrayBuffer);
}

/** Fits the models from a ModelInput: what `fitModels` does, wherever the input was made. */
export function fitModelInput(input: ModelInput, onGammaGamma?: () => void): ModelStageResult {
  const summaries: RepeatSummary[] = new Array<RepeatSummary>(input.x.length);
  for (let i = 0; i < summaries.length; i++) {
    summaries[i] = { x: input.x[i]!, tx: input.tx[i]!, T: input.T[i]! };
  }
  return fitModels(
    { summaries, zbar: input.zbar, repeatCustomers: input.repeatCustomers },
    summaries.length,
    input.settings,
    onGammaGamma,
  );
}

export interface ModelStageResult {
  bgnbd: BgnbdFit | null;
  gammaGamma: GammaGammaFit | null;
  verdict: DataSufficiency;
  bgnbdMs: number;
  gammaGammaMs: number;
}

/**
 * When customers buy too uniformly (everyone twice, a month apart) the likelihood has no interior
 * maximum and the estimates run off towards infinity; such a "fit" predicts nothing meaningful and
 * its hypergeometric terms overflow, so it is treated like a missing model. A dropout parameter
 * a → 0 (nobody leaves) stays usable.
 */
const MAX_PARAMETER = 1e6;

function isDegenerate(fit: BgnbdFit): boolean {
  return [fit.r, fit.alpha, fit.a, fit.b].some((value) => !(value > 0) || value > MAX_PARAMETER);
}

export function fitModels(
  data: BuyerSummaries,
  buyers: number,
  settings: Pick<AnalysisSettings, 'model'>,
  onGammaGamma?: () => void,
): ModelStageResult {
  const required = settings.model.minRepeatCustomers;
  const { repeatCustomers } = data;
  const reasons: Reason[] = [];
  let bgnbdMs = 0;
  let gammaGammaMs = 0;
  if (buyers === 0) {
    return {
      bgnbd: null,
      gammaGamma: null,
      verdict: { predictive: false, spendModel: false, reasons: [reason('verdict.noCustomers')] },
      bgnbdMs,
      gammaGammaMs,
    };
  }
  if (repeatCustomers < required) {
    reasons.push(reason('verdict.tooFewRepeatCustomers', { repeatCustomers, required }));
    return {
      bgnbd: null,
      gammaGamma: null,
      verdict: { predictive: false, spendModel: false, reasons },
      bgnbdMs,
      gammaGammaMs,
    };
  }
  let started = performance.now();
  const fitted = fitBgnbd(compressSummaries(data.summaries));
  bgnbdMs = performance.now() - started;
  const usable = fitted.converged && Number.isFinite(fitted.logLikelihood) && !isDegenerate(fitted);
  const bgnbd = usable ? fitted : null;
  if (!fitted.converged) reasons.push(reason('verdict.bgnbdNotConverged', { repeatCustomers }));
  else if (!usable) reasons.push(reason('verdict.bgnbdDegenerate', { repeatCustomers }));

  onGammaGamma?.();
  started = performance.now();
  const spendRows = data.summaries.map((s, i) => ({ x: s.x, zbar: data.zbar[i] ?? 0 }));
  const ggFit = fitGammaGamma(spendRows);
  gammaGammaMs = performance.now() - started;
  // q ≤ 1 means an infinite population mean: the spend model cannot be used for prediction.
  const gammaGamma =
    ggFit.converged && ggFit.q > 1 && Number.isFinite(populationMeanSpend(ggFit)) ? ggFit : null;
  if (!gammaGamma) reasons.push(reason('verdict.gammaGammaUnusable', { repeatCustomers }));
  if (bgnbd && gammaGamma) reasons.push(reason('verdict.ok', { repeatCustomers, customers: buyers }));
  return {
    bgnbd,
    gammaGamma,
    verdict: { predictive: bgnbd !== null, spendModel: gammaGamma !== null, reasons },
    bgnbdMs,
    gammaGammaMs,
  };
}

export function fitSummary(models: ModelStageResult): ModelFitSummary {
  const { bgnbd, gammaGamma } = models;
  return {
    bgnbd: bgnbd
      ? {
          r: bgnbd.r,
          alpha: bgnbd.alpha,
          a: bgnbd.a,
          b: bgnbd.b,
          logLikelihood: bgnbd.logLikelihood,
          iterations: bgnbd.iterations,
          converged: bgnbd.converged,
        }
      : null,
    gammaGamma: gammaGamma
      ? {
          p: gammaGamma.p,
          q: gammaGamma.q,
          gamma: gammaGamma.gamma,
          logLikelihood: gammaGamma.logLikelihood,
          iterations: gammaGamma.iterations,
          converged: gammaGamma.converged,
          customers: gammaGamma.customers,
        }
      : null,
  };
}

/** Per-buyer predictions, in buyer order; all-null arrays stay NaN when there is no model. */
export interface Predictions {
  pAlive: Float64Array;
  expectedPurchases: Float64Array;
  expectedSpend: Float64Array;
  /** Discounted margin the customer would bring over the horizon if still active. */
  valueIfActive: Float64Array;
  predictedClv: Float64Array;
  horizon: ClvHorizon;
}

export function predict(
  buyers: readonly IngestedCustomer[],
  data: BuyerSummaries,
  models: ModelStageResult,
  settings: AnalysisSettings,
  unit: TimeUnit,
): Predictions {
  const n = buyers.length;
  const horizon: ClvHorizon = {
    periods: settings.value.horizonMonths,
    periodLength: MONTH_LENGTH[unit],
    discountRate: settings.value.monthlyDiscountRate,
  };
  const result: Predictions = {
    pAlive: new Float64Array(n).fill(NaN),
    expectedPurchases: new Float64Array(n).fill(NaN),
    expectedSpend: new Float64Array(n).fill(NaN),
    valueIfActive: new Float64Array(n).fill(NaN),
    predictedClv: new Float64Array(n).fill(NaN),
    horizon,
  };
  const { bgnbd, gammaGamma } = models;
  if (!bgnbd) return result;
  const margin = settings.value.grossMarginPct / 100;
  const horizonLength = horizon.periods * horizon.periodLength;
  // Both horizon sums depend on the history only through (x, T): share them between customers.
  const cache = new Map<number | string, { discounted: number; total: number }>();
  for (let i = 0; i < n; i++) {
    const summary = data.summaries[i];
    const customer = buyers[i];
    if (!summary || !customer) continue;
    // T is whole days or hundredths of weeks, so a numeric key is exact (and faster than a string).
    const hundredths = Math.round(summary.T * 100);
    const key =
      hundredths / 100 === summary.T && hundredths < 1e8 && summary.x < 1e6
        ? summary.x * 1e8 + hundredths
        : `${summary.x}|${summary.T}`;
    let sums = cache.get(key);
    if (!sums) {
      sums = horizonSums(bgnbd, summary, horizon, horizonLength);
      cache.set(key, sums);
    }
    // A history the series cannot evaluate gets no prediction (null), not a crash or a NaN CLV.
    if (!Number.isFinite(sums.discounted) || !Number.isFinite(sums.total)) continue;
    const pAlive = probabilityAlive(bgnbd, summary.x, summary.tx, summary.T);
    const spend = gammaGamma
      ? conditionalExpectedSpend(gammaGamma, summary.x, data.zbar[i] ?? 0)
      : customer.monetary / Math.max(1, customer.visitDays.length);
    result.pAlive[i] = pAlive;
    result.expectedPurchases[i] = pAlive * sums.total;
    result.expectedSpend[i] = spend;
    result.valueIfActive[i] = margin * spend * sums.discounted;
    result.predictedClv[i] = pAlive * margin * spend * sums.discounted;
  }
  return result;
}

function horizonSums(
  params: BgnbdFit,
  summary: RepeatSummary,
  horizon: ClvHorizon,
  horizonLength: number,
): { discounted: number; total: number } {
  try {
    return {
      discounted: discountedPurchasesIfAlive(params, summary.x, summary.T, horizon),
      total: expectedPurchasesIfAlive(params, horizonLength, summary.x, summary.T),
    };
  } catch (error) {
    if (error instanceof RangeError) return { discounted: NaN, total: NaN };
    throw error;
  }
}
