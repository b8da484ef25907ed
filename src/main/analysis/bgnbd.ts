/**
 * BG/NBD model of repeat buying (Fader, Hardie & Lee 2005, "Counting Your Customers the Easy Way").
 * While active a customer buys at rate λ ~ Gamma(r, α); after each purchase they drop out with
 * probability p ~ Beta(a, b). Time is in whatever unit the summary uses (days or weeks).
 */
import { minimizeBfgs, minimizeNelderMead } from './optimize';
import { digamma, hyp2f1Series, logAddExp, logBeta, logGamma, logisticOfNegative } from './special-functions';

export interface BgnbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

export interface BgnbdFit extends BgnbdParams {
  /** Summed over customers, in the time unit of the data it was fitted on. */
  logLikelihood: number;
  iterations: number;
  converged: boolean;
}

/** One customer's calibration summary: x repeat purchase days, last at t_x, observed for T. */
export interface RepeatSummary {
  x: number;
  tx: number;
  T: number;
}

/**
 * Customers with the same (x, t_x, T) contribute identical likelihood terms, so the fit runs over
 * unique tuples with weights. With day or 2-decimal week data this cuts the work several-fold.
 */
export interface CompressedSummaries {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  weight: Float64Array;
  /** Index of each tuple's x in `distinctX`, so per-x log-gamma terms are computed once. */
  xIndex: Int32Array;
  distinctX: Float64Array;
  /** Indices of each tuple's T and t_x in `distinctTimes`, so log(α + t) is computed once per value. */
  tIndex: Int32Array;
  txIndex: Int32Array;
  distinctTimes: Float64Array;
  customers: number;
}

function indexer(): { indexOf: (value: number) => number; values: () => Float64Array } {
  const seen = new Map<number, number>();
  return {
    indexOf: (value) => {
      let index = seen.get(value);
      if (index === undefined) {
        index = seen.size;
        seen.set(value, index);
      }
      return index;
    },
    values: () => Float64Array.from(seen.keys()),
  };
}

/**
 * Exact numeric key for a tuple whose t_x and T are whole hundredths (days, or weeks rounded to 2
 * decimals as summaries are): numbers hash much faster than strings. Null when a value does not
 * fit, in which case the string key is used.
 */
function numericKey(row: RepeatSummary): number | null {
  const tx = Math.round(row.tx * 100);
  const T = Math.round(row.T * 100);
  const fits = tx >= 0 && T >= 0 && tx < 1e6 && T < 1e6 && row.x < 1e3 && Number.isInteger(row.x);
  // k / 100 === value means value is exactly the double for k hundredths, so keys stay one-to-one.
  if (!fits || tx / 100 !== row.tx || T / 100 !== row.T) return null;
  // At most 1e3 · 1e12 < 2^53, so distinct tuples get distinct keys.
  return (row.x * 1e6 + tx) * 1e6 + T;
}

export function compressSummaries(rows: Iterable<RepeatSummary>): CompressedSummaries {
  const weights = new Map<number | string, { row: RepeatSummary; weight: number }>();
  let customers = 0;
  for (const row of rows) {
    customers++;
    const key = numericKey(row) ?? `${row.x}|${row.tx}|${row.T}`;
    const entry = weights.get(key);
    if (entry) entry.weight++;
    else weights.set(key, { row, weight: 1 });
  }
  const n = weights.size;
  const x = new Float64Array(n);
  const tx = new Float64Array(n);
  const T = new Float64Array(n);
  const weight = new Float64Array(n);
  const xIndex = new Int32Array(n);
  const tIndex = new Int32Array(n);
  const txIndex = new Int32Array(n);
  const xs = indexer();
  const times = indexer();
  let i = 0;
  for (const { row, weight: w } of weights.values()) {
    x[i] = row.x;
    tx[i] = row.tx;
    T[i] = row.T;
    weight[i] = w;
    xIndex[i] = xs.indexOf(row.x);
    tIndex[i] = times.indexOf(row.T);
    txIndex[i] = times.indexOf(row.tx);
    i++;
  }
  return {
    x,
    tx,
    T,
    weight,
    xIndex,
    distinctX: xs.values(),
    tIndex,
    txIndex,
    distinctTimes: times.values(),
    customers,
  };
}

/** One customer's log-likelihood, written so that large x or long T cannot overflow. */
export function bgnbdLogLikelihood(params: BgnbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = params;
  const common =
    logGamma(r + x) -
    logGamma(r) +
    r * Math.log(alpha) +
    logGamma(a + b) +
    logGamma(b + x) -
    logGamma(b) -
    logGamma(a + b + x);
  const stillActive = -(r + x) * Math.log(alpha + T);
  if (x === 0) return common + stillActive;
  const droppedAfterLast = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx);
  return common + logAddExp(stillActive, droppedAfterLast);
}

/**
 * Negative total log-likelihood over compressed data as a function of log-parameters
 * (log r, log α, log a, log b), with its analytic gradient.
 */
export function bgnbdNegativeLogLikelihood(
  data: CompressedSummaries,
  logParams: readonly number[],
  gradient: number[] | null,
): number {
  const r = Math.exp(logParams[0] ?? 0);
  const alpha = Math.exp(logParams[1] ?? 0);
  const a = Math.exp(logParams[2] ?? 0);
  const b = Math.exp(logParams[3] ?? 0);
  const m = data.distinctX.length;
  const commonByX = new Float64Array(m);
  const drByX = new Float64Array(m);
  const daByX = new Float64Array(m);
  const dbByX = new Float64Array(m);
  const logBxByX = new Float64Array(m);
  const invBxByX = new Float64Array(m);
  const lgR = logGamma(r);
  const lgB = logGamma(b);
  const lgAB = logGamma(a + b);
  const psiR = digamma(r);
  const psiB = digamma(b);
  const psiAB = digamma(a + b);
  for (let k = 0; k < m; k++) {
    const x = data.distinctX[k] ?? 0;
    commonByX[k] = logGamma(r + x) - lgR + lgAB + logGamma(b + x) - lgB - logGamma(a + b + x);
    logBxByX[k] = x > 0 ? Math.log(b + x - 1) : 0;
    invBxByX[k] = x > 0 ? 1 / (b + x - 1) : 0;
    if (gradient) {
      const psiABX = digamma(a + b + x);
      drByX[k] = digamma(r + x) - psiR;
      daByX[k] = psiAB - psiABX;
      dbByX[k] = psiAB + digamma(b + x) - psiB - psiABX;
    }
  }
  const logA = Math.log(a);
  const logAlpha = Math.log(alpha);
  const logAlphaPlus = data.distinctTimes.map((t) => Math.log(alpha + t));
  const invAlphaPlus = data.distinctTimes.map((t) => 1 / (alpha + t));
  let total = 0;
  let gr = 0;
  let galpha = 0;
  let ga = 0;
  let gb = 0;
  const n = data.x.length;
  for (let i = 0; i < n; i++) {
    const x = data.x[i] ?? 0;
    const k = data.xIndex[i] ?? 0;
    const w = data.weight[i] ?? 0;
    const tK = data.tIndex[i] ?? 0;
    const logAT = logAlphaPlus[tK] ?? 0;
    const stillActive = -(r + x) * logAT;
    let ll = stillActive;
    let wDropped = 0;
    let logATx = 0;
    const txK = data.txIndex[i] ?? 0;
    if (x > 0) {
      logATx = logAlphaPlus[txK] ?? 0;
      const dropped = logA - (logBxByX[k] ?? 0) - (r + x) * logATx;
      // log(e^active + e^dropped) and the dropped share from one exponential.
      const diff = dropped - stillActive;
      const e = Math.exp(-Math.abs(diff));
      ll = Math.max(stillActive, dropped) + Math.log1p(e);
      wDropped = diff > 0 ? 1 / (1 + e) : e / (1 + e);
    }
    total += w * ((commonByX[k] ?? 0) + ll);
    if (gradient) {
      const wActive = 1 - wDropped;
      gr += w * ((drByX[k] ?? 0) - wActive * logAT - wDropped * logATx);
      galpha -= w * (r + x) * (wActive * (invAlphaPlus[tK] ?? 0) + wDropped * (invAlphaPlus[txK] ?? 0));
      ga += w * ((daByX[k] ?? 0) + wDropped / a);
      gb += w * ((dbByX[k] ?? 0) - wDropped * (invBxByX[k] ?? 0));
    }
  }
  let totalWeight = 0;
  for (let i = 0; i < n; i++) totalWeight += data.weight[i] ?? 0;
  total += totalWeight * r * logAlpha;
  if (gradient) {
    gr += totalWeight * logAlpha;
    galpha += (totalWeight * r) / alpha;
    // Chain rule to log-parameters, and a sign flip because we minimise.
    gradient[0] = -r * gr;
    gradient[1] = -alpha * galpha;
    gradient[2] = -a * ga;
    gradient[3] = -b * gb;
  }
  return -total;
}

export interface FitOptions {
  maxIterations?: number;
}

/** Maximum-likelihood fit in log-parameter space (keeps every parameter positive). */
export function fitBgnbd(data: CompressedSummaries, options: FitOptions = {}): BgnbdFit {
  let totalT = 0;
  let totalX = 0;
  for (let i = 0; i < data.x.length; i++) {
    totalT += (data.weight[i] ?? 0) * (data.T[i] ?? 0);
    totalX += (data.weight[i] ?? 0) * (data.x[i] ?? 0);
  }
  // Start at r = 1 with α matching the observed purchase rate, and a neutral Beta(1, 1) dropout.
  const start = [0, Math.log(totalT > 0 && totalX > 0 ? totalT / totalX : 1), 0, 0];
  const objective = (p: readonly number[], g: number[]): number => bgnbdNegativeLogLikelihood(data, p, g);
  let result = minimizeBfgs(objective, start, { maxIterations: options.maxIterations ?? 500 });
  let iterations = result.iterations;
  if (!result.converged) {
    const polished = minimizeNelderMead((p) => bgnbdNegativeLogLikelihood(data, p, null), result.x);
    iterations += polished.iterations;
    result = minimizeBfgs(objective, polished.x, { maxIterations: options.maxIterations ?? 500 });
    iterations += result.iterations;
  }
  const [logR = 0, logAlpha = 0, logA = 0, logB = 0] = result.x;
  return {
    r: Math.exp(logR),
    alpha: Math.exp(logAlpha),
    a: Math.exp(logA),
    b: Math.exp(logB),
    logLikelihood: -result.value,
    iterations,
    converged: result.converged,
  };
}

/** P(alive | x, t_x, T): exactly 1 for x = 0, and 0 (never NaN) when the odds overflow. */
export function probabilityAlive(params: BgnbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  const { r, alpha, a, b } = params;
  const logOddsDropped =
    Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
  return logisticOfNegative(logOddsDropped);
}

/**
 * Expected purchases in (T, T + t] for a customer known to be still active. Multiplying by
 * P(alive) gives the conditional expectation of FHL eq. (10). The hypergeometric factor is written
 * after Euler's transformation, (1−z)^(r+x)·2F1(r+x, b+x; a+b+x−1; z) =
 * (1−z)^(a−1)·2F1(a+b−1−r, a−1; a+b+x−1; z), which neither overflows for large x nor converges
 * slowly when t is long.
 */
export function expectedPurchasesIfAlive(params: BgnbdParams, t: number, x: number, T: number): number {
  if (t <= 0) return 0;
  const { r, alpha, a, b } = params;
  const z = t / (alpha + T + t);
  const c = a + b + x - 1;
  const hyper = Math.pow(1 - z, a - 1) * hyp2f1Series(a + b - 1 - r, a - 1, c, z);
  return (c / (a - 1)) * (1 - hyper);
}

/** E[Y(t) | x, t_x, T]: expected purchases in the next t time units. */
export function conditionalExpectedPurchases(
  params: BgnbdParams,
  t: number,
  x: number,
  tx: number,
  T: number,
): number {
  return expectedPurchasesIfAlive(params, t, x, T) * probabilityAlive(params, x, tx, T);
}

/** E[X(t)] for a customer picked at random at the start of their relationship (FHL eq. 9). */
export function expectedPurchases(params: BgnbdParams, t: number): number {
  return expectedPurchasesIfAlive(params, t, 0, 0);
}

/** P(X(t) = n) for a new customer (FHL eq. 8). */
export function probabilityOfPurchases(params: BgnbdParams, t: number, n: number): number {
  const { r, alpha, a, b } = params;
  const logNoLoss = Math.log(alpha / (alpha + t));
  const logBuyShare = Math.log(t / (alpha + t));
  const logBetaAB = logBeta(a, b);
  const logNbdTerm = (j: number): number =>
    logGamma(r + j) - logGamma(r) - logGamma(j + 1) + r * logNoLoss + (j === 0 ? 0 : j * logBuyShare);
  const stillActive = Math.exp(logBeta(a, b + n) - logBetaAB + logNbdTerm(n));
  if (n === 0) return stillActive;
  return (
    stillActive +
    Math.exp(logBeta(a + 1, b + n - 1) - logBetaAB) * negativeBinomialTail(n, logNbdTerm, r, t / (alpha + t))
  );
}

/** P(N ≥ n) for the NBD, summed from whichever side avoids cancellation. */
function negativeBinomialTail(
  n: number,
  logTerm: (j: number) => number,
  r: number,
  buyShare: number,
): number {
  let below = 0;
  for (let j = 0; j < n; j++) below += Math.exp(logTerm(j));
  if (below < 0.5) return 1 - below;
  let term = Math.exp(logTerm(n));
  let tail = 0;
  for (let j = n; j < n + 100_000 && term > 1e-18 * tail; j++) {
    tail += term;
    term *= ((r + j) / (j + 1)) * buyShare;
  }
  return tail;
}
