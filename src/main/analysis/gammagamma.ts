/**
 * Gamma-Gamma model of spend per purchase (Fader & Hardie 2013, "The Gamma-Gamma Model of Monetary
 * Value"). Each purchase z ~ Gamma(p, ν) with a customer-specific ν ~ Gamma(q, γ); fitted on repeat
 * customers only (x ≥ 1 repeat purchases with mean repeat spend z̄ > 0), whose first purchase is left
 * out because it is often atypical.
 */
import { minimizeBfgs, minimizeNelderMead } from './optimize';
import { digamma, logGamma } from './special-functions';

export interface GammaGammaParams {
  p: number;
  q: number;
  gamma: number;
}

export interface GammaGammaFit extends GammaGammaParams {
  logLikelihood: number;
  iterations: number;
  converged: boolean;
  /** Repeat customers the fit used. */
  customers: number;
}

export interface SpendSummary {
  /** Number of repeat purchases. */
  x: number;
  /** Mean spend of those repeat purchases. */
  zbar: number;
}

/** Log-likelihood of one repeat customer's mean spend (the density of z̄ given x). */
export function gammaGammaLogLikelihood(params: GammaGammaParams, x: number, zbar: number): number {
  const { p, q, gamma } = params;
  return (
    logGamma(p * x + q) -
    logGamma(p * x) -
    logGamma(q) +
    q * Math.log(gamma) +
    (p * x - 1) * Math.log(zbar) +
    p * x * Math.log(x) -
    (p * x + q) * Math.log(x * zbar + gamma)
  );
}

export interface SpendData {
  x: Float64Array;
  zbar: Float64Array;
  logZbar: Float64Array;
  logX: Float64Array;
  xIndex: Int32Array;
  distinctX: Float64Array;
  count: number;
}

export function prepareSpendData(rows: Iterable<SpendSummary>): SpendData {
  const xs: number[] = [];
  const zs: number[] = [];
  for (const row of rows) {
    if (row.x >= 1 && row.zbar > 0) {
      xs.push(row.x);
      zs.push(row.zbar);
    }
  }
  const x = Float64Array.from(xs);
  const zbar = Float64Array.from(zs);
  const distinct = new Map<number, number>();
  const xIndex = x.map((value) => {
    let index = distinct.get(value);
    if (index === undefined) {
      index = distinct.size;
      distinct.set(value, index);
    }
    return index;
  });
  return {
    x,
    zbar,
    logZbar: zbar.map(Math.log),
    logX: x.map(Math.log),
    xIndex: Int32Array.from(xIndex),
    distinctX: Float64Array.from(distinct.keys()),
    count: x.length,
  };
}

export function gammaGammaNegativeLogLikelihood(
  data: SpendData,
  logParams: readonly number[],
  gradient: number[] | null,
): number {
  const p = Math.exp(logParams[0] ?? 0);
  const q = Math.exp(logParams[1] ?? 0);
  const gamma = Math.exp(logParams[2] ?? 0);
  const logGammaParam = Math.log(gamma);
  // The gamma-function terms depend on a customer only through x: compute them once per x.
  const m = data.distinctX.length;
  const byX = new Float64Array(m);
  const psiDiffByX = new Float64Array(m);
  const psiSumByX = new Float64Array(m);
  const logGammaQ = logGamma(q);
  const psiQ = gradient ? digamma(q) : 0;
  for (let k = 0; k < m; k++) {
    const px = p * (data.distinctX[k] ?? 1);
    byX[k] = logGamma(px + q) - logGamma(px) - logGammaQ + q * logGammaParam;
    if (gradient) {
      const psiPXQ = digamma(px + q);
      psiDiffByX[k] = psiPXQ - digamma(px);
      psiSumByX[k] = psiPXQ - psiQ;
    }
  }
  let total = 0;
  let gp = 0;
  let gq = 0;
  let gg = 0;
  for (let i = 0; i < data.count; i++) {
    const x = data.x[i] ?? 1;
    const k = data.xIndex[i] ?? 0;
    const zbar = data.zbar[i] ?? 1;
    const logZ = data.logZbar[i] ?? 0;
    const logX = data.logX[i] ?? 0;
    const px = p * x;
    const logTotal = Math.log(x * zbar + gamma);
    total += (byX[k] ?? 0) + (px - 1) * logZ + px * logX - (px + q) * logTotal;
    if (gradient) {
      gp += x * ((psiDiffByX[k] ?? 0) + logZ + logX - logTotal);
      gq += (psiSumByX[k] ?? 0) + logGammaParam - logTotal;
      gg += q / gamma - (px + q) / (x * zbar + gamma);
    }
  }
  if (gradient) {
    gradient[0] = -p * gp;
    gradient[1] = -q * gq;
    gradient[2] = -gamma * gg;
  }
  return -total;
}

/** Maximum-likelihood fit in log-parameter space; rows with x = 0 or z̄ ≤ 0 are ignored. */
export function fitGammaGamma(rows: Iterable<SpendSummary>): GammaGammaFit {
  const data = prepareSpendData(rows);
  let meanSpend = 0;
  for (let i = 0; i < data.count; i++) meanSpend += (data.zbar[i] ?? 0) / data.count;
  // Start with p = 1, q = 2 and γ set so the population mean pγ/(q−1) equals the observed mean:
  // γ carries the currency's scale, so this keeps the start sensible whether spend is in yuan or fen.
  const start = [0, Math.log(2), Math.log(meanSpend > 0 ? meanSpend : 1)];
  const objective = (params: readonly number[], g: number[]): number =>
    gammaGammaNegativeLogLikelihood(data, params, g);
  let result = minimizeBfgs(objective, start);
  let iterations = result.iterations;
  if (!result.converged) {
    const polished = minimizeNelderMead(
      (params) => gammaGammaNegativeLogLikelihood(data, params, null),
      result.x,
    );
    result = minimizeBfgs(objective, polished.x);
    iterations += polished.iterations + result.iterations;
  }
  const [logP = 0, logQ = 0, logGammaParam = 0] = result.x;
  return {
    p: Math.exp(logP),
    q: Math.exp(logQ),
    gamma: Math.exp(logGammaParam),
    logLikelihood: -result.value,
    iterations,
    converged: result.converged,
    customers: data.count,
  };
}

/**
 * Population mean spend per purchase, pγ/(q − 1); infinite when q ≤ 1, which is why the pipeline
 * treats such a fit as unusable.
 */
export function populationMeanSpend(params: GammaGammaParams): number {
  return params.q > 1 ? (params.p * params.gamma) / (params.q - 1) : Infinity;
}

/**
 * E[Z | x, z̄]: a weighted average of the population mean and the customer's own mean, the weight
 * on the customer's own mean growing with their number of repeat purchases. With x = 0 it is the
 * population mean.
 */
export function conditionalExpectedSpend(params: GammaGammaParams, x: number, zbar: number): number {
  const { p, q, gamma } = params;
  return (p * (gamma + x * zbar)) / (p * x + q - 1);
}

/** Pearson correlation between frequency and mean spend among repeaters (the model assumes ≈ 0). */
export function frequencySpendCorrelation(rows: Iterable<SpendSummary>): number {
  const data = prepareSpendData(rows);
  const n = data.count;
  if (n < 2) return NaN;
  let mx = 0;
  let mz = 0;
  for (let i = 0; i < n; i++) {
    mx += (data.x[i] ?? 0) / n;
    mz += (data.zbar[i] ?? 0) / n;
  }
  let sxz = 0;
  let sxx = 0;
  let szz = 0;
  for (let i = 0; i < n; i++) {
    const dx = (data.x[i] ?? 0) - mx;
    const dz = (data.zbar[i] ?? 0) - mz;
    sxz += dx * dz;
    sxx += dx * dx;
    szz += dz * dz;
  }
  return sxz / Math.sqrt(sxx * szz);
}
