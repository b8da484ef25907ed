/**
 * Special functions for the probability models. Written here rather than pulled from a package
 * because the models need only a handful of them, all on positive real arguments, and their
 * accuracy is checked against the published BG/NBD and Gamma-Gamma numbers in the unit tests.
 */

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** Below this the asymptotic series loses accuracy, so small arguments are shifted up first. */
const ASYMPTOTIC_THRESHOLD = 10;

/** Natural logarithm of the gamma function for x > 0 (relative error about 1e-15). */
export function logGamma(x: number): number {
  if (!(x > 0)) {
    if (x === 0) return Infinity;
    return NaN;
  }
  if (x === Infinity) return Infinity;
  // Shift with Γ(x) = Γ(x + k) / (x (x+1) … (x+k-1)) into the range where Stirling's series is exact
  // to double precision; a product keeps the shift to a single logarithm.
  let shift = 0;
  let product = 1;
  let y = x;
  while (y < ASYMPTOTIC_THRESHOLD) {
    product *= y;
    y += 1;
    shift += 1;
  }
  const inv = 1 / y;
  const inv2 = inv * inv;
  const series =
    inv *
    (1 / 12 +
      inv2 *
        (-1 / 360 + inv2 * (1 / 1260 + inv2 * (-1 / 1680 + inv2 * (1 / 1188 + inv2 * (-691 / 360360))))));
  const stirling = (y - 0.5) * Math.log(y) - y + HALF_LOG_TWO_PI + series;
  return shift === 0 ? stirling : stirling - Math.log(product);
}

/** Digamma ψ(x) = d/dx log Γ(x) for x > 0, used by the analytic likelihood gradients. */
export function digamma(x: number): number {
  if (!(x > 0)) return NaN;
  let result = 0;
  let y = x;
  while (y < ASYMPTOTIC_THRESHOLD) {
    result -= 1 / y;
    y += 1;
  }
  const inv = 1 / y;
  const inv2 = inv * inv;
  const series =
    inv2 *
    (1 / 12 -
      inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 * (1 / 132 - inv2 * (691 / 32760))))));
  return result + Math.log(y) - 0.5 * inv - series;
}

/** log(B(a, b)) = log Γ(a) + log Γ(b) − log Γ(a + b). */
export function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/** log(e^u + e^v) without overflow; either side may be −Infinity. */
export function logAddExp(u: number, v: number): number {
  if (u === -Infinity) return v;
  if (v === -Infinity) return u;
  return u > v ? u + Math.log1p(Math.exp(v - u)) : v + Math.log1p(Math.exp(u - v));
}

/** 1 / (1 + e^z) computed so that large |z| gives exactly 0 or 1 instead of NaN. */
export function logisticOfNegative(z: number): number {
  if (z > 0) {
    const e = Math.exp(-z);
    return e / (1 + e);
  }
  return 1 / (1 + Math.exp(z));
}

const MAX_SERIES_TERMS = 200_000;

/**
 * Gauss hypergeometric 2F1(a, b; c; z) for real parameters and 0 ≤ z < 1.
 *
 * The plain series converges for |z| < 1 but, when c − a − b < 0, the function grows like
 * (1 − z)^(c−a−b) and its terms decay only like n^(a+b−c−1) zⁿ — slow and huge near z = 1. Euler's
 * transformation 2F1(a,b;c;z) = (1−z)^(c−a−b) 2F1(c−a, c−b; c; z) turns that into a series that stays
 * bounded up to z = 1, with terms decaying like n^(−|c−a−b|−1) zⁿ, so it is applied whenever
 * c − a − b < 0. That is the case for the BG/NBD unconditional mean, where z = t / (α + t) gets close
 * to 1 for long horizons.
 */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  if (!(z >= 0 && z < 1)) throw new RangeError(`hyp2f1 needs 0 <= z < 1, got ${z}`);
  if (z === 0) return 1;
  const excess = c - a - b;
  if (excess < 0) {
    return Math.pow(1 - z, excess) * hyp2f1Series(c - a, c - b, c, z);
  }
  return hyp2f1Series(a, b, c, z);
}

/**
 * (1 − z)^(c−a−b) · 2F1(c − a, c − b; c; z) is the same value as 2F1(a, b; c; z); callers that need
 * the product (1 − z)^k · 2F1(…) can ask for the series part directly to avoid overflow for large
 * parameters.
 */
export function hyp2f1Series(a: number, b: number, c: number, z: number): number {
  let term = 1;
  let sum = 1;
  for (let n = 0; n < MAX_SERIES_TERMS; n++) {
    const ratio = ((a + n) * (b + n) * z) / ((c + n) * (n + 1));
    term *= ratio;
    sum += term;
    if (term === 0) return sum;
    if (!Number.isFinite(sum)) break;
    // Stop once the terms are negligible and shrinking (they may grow first when a·b·z/c is large).
    if (Math.abs(term) <= 1e-17 * Math.abs(sum) && Math.abs(ratio) < 1) return sum;
  }
  throw new RangeError(`hyp2f1 series did not converge for a=${a}, b=${b}, c=${c}, z=${z}`);
}
