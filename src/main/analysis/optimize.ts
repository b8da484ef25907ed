/**
 * Small unconstrained minimisers for the model fits. The likelihoods are smooth with cheap analytic
 * gradients, so BFGS converges in a few dozen evaluations where Nelder–Mead needs hundreds; Nelder–Mead
 * stays as a derivative-free fallback for the rare start where BFGS stalls.
 */

export interface MinimizeResult {
  x: number[];
  value: number;
  iterations: number;
  converged: boolean;
}

/** Returns the objective value and writes the gradient into `gradient`. */
export type ObjectiveWithGradient = (x: readonly number[], gradient: number[]) => number;

export interface BfgsOptions {
  maxIterations?: number;
  /** Converged when every |∂f/∂xᵢ| ≤ gradientTolerance · max(1, |f|). */
  gradientTolerance?: number;
  /**
   * Also converged when the predicted decrease ½ gᵀH⁻¹g of a full quasi-Newton step is at most
   * decrementTolerance · max(1, |f|). Unlike the gradient test this does not depend on how the
   * parameters are scaled, and it stops cleanly at the floating-point noise floor of f.
   */
  decrementTolerance?: number;
}

function dot(u: readonly number[], v: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < u.length; i++) s += (u[i] ?? 0) * (v[i] ?? 0);
  return s;
}

function maxAbs(v: readonly number[]): number {
  let m = 0;
  for (const value of v) m = Math.max(m, Math.abs(value));
  return m;
}

function identity(n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
}

/** BFGS on the inverse Hessian with a backtracking (Armijo) line search. */
export function minimizeBfgs(
  objective: ObjectiveWithGradient,
  start: readonly number[],
  options: BfgsOptions = {},
): MinimizeResult {
  const maxIterations = options.maxIterations ?? 500;
  const tolerance = options.gradientTolerance ?? 1e-9;
  const decrementTolerance = options.decrementTolerance ?? 1e-14;
  const n = start.length;
  let x = [...start];
  let gradient = new Array<number>(n).fill(0);
  let value = objective(x, gradient);
  if (!Number.isFinite(value)) return { x, value, iterations: 0, converged: false };
  let inverseHessian = identity(n);
  // Only a curvature-informed H⁻¹ gives a meaningful Newton decrement.
  let hessianLearned = false;
  const trialGradient = new Array<number>(n).fill(0);

  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    if (maxAbs(gradient) <= tolerance * Math.max(1, Math.abs(value))) {
      return { x, value, iterations: iteration - 1, converged: true };
    }
    const direction = inverseHessian.map((row) => -dot(row, gradient));
    let slope = dot(direction, gradient);
    if (!(slope < 0)) {
      // The curvature estimate went bad; restart from steepest descent.
      inverseHessian = identity(n);
      hessianLearned = false;
      for (let i = 0; i < n; i++) direction[i] = -(gradient[i] ?? 0);
      slope = dot(direction, gradient);
    }
    const decrement = -slope / 2;
    if (hessianLearned && decrement <= decrementTolerance * Math.max(1, Math.abs(value))) {
      return { x, value, iterations: iteration - 1, converged: true };
    }
    // Cap the first step so a poor start cannot jump log-parameters to absurd values.
    const longest = maxAbs(direction);
    let step = longest > 5 ? 5 / longest : 1;
    let trialX: number[] = x;
    let trialValue = Infinity;
    let accepted = false;
    for (let halvings = 0; halvings < 60; halvings++) {
      trialX = x.map((xi, i) => xi + step * (direction[i] ?? 0));
      trialValue = objective(trialX, trialGradient);
      // Strictly lower as well: at the noise floor the Armijo bound rounds to `value` itself.
      if (Number.isFinite(trialValue) && trialValue < value && trialValue <= value + 1e-4 * step * slope) {
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    if (!accepted) {
      // No decrease is possible along the search direction: we are at the optimum to machine
      // precision, or the problem is degenerate. The gradient test tells which.
      const scale = Math.max(1, Math.abs(value));
      const converged = maxAbs(gradient) <= 1e-5 * scale || (hessianLearned && decrement <= 1e-8 * scale);
      return { x, value, iterations: iteration, converged };
    }
    const s = trialX.map((xi, i) => xi - (x[i] ?? 0));
    const y = trialGradient.map((gi, i) => gi - (gradient[i] ?? 0));
    const sy = dot(s, y);
    x = trialX;
    value = trialValue;
    gradient = [...trialGradient];
    if (sy > 1e-12) {
      if (!hessianLearned) {
        // Scale the initial identity to the observed curvature (Nocedal & Wright 6.20).
        const scale = sy / dot(y, y);
        inverseHessian = inverseHessian.map((row) => row.map((v) => v * scale));
      }
      const rho = 1 / sy;
      const hy = inverseHessian.map((row) => dot(row, y));
      const yhy = dot(y, hy);
      inverseHessian = inverseHessian.map((row, i) =>
        row.map(
          (v, j) =>
            v -
            rho * ((hy[i] ?? 0) * (s[j] ?? 0) + (s[i] ?? 0) * (hy[j] ?? 0)) +
            (rho * rho * yhy + rho) * (s[i] ?? 0) * (s[j] ?? 0),
        ),
      );
      hessianLearned = true;
    }
  }
  return {
    x,
    value,
    iterations: maxIterations,
    converged: maxAbs(gradient) <= tolerance * Math.max(1, Math.abs(value)),
  };
}

export interface NelderMeadOptions {
  maxIterations?: number;
  /** Converged when the simplex's values differ by less than this (relative). */
  valueTolerance?: number;
  initialStep?: number;
}

/** Nelder–Mead with the standard coefficients (reflection 1, expansion 2, contraction ½, shrink ½). */
export function minimizeNelderMead(
  objective: (x: readonly number[]) => number,
  start: readonly number[],
  options: NelderMeadOptions = {},
): MinimizeResult {
  const maxIterations = options.maxIterations ?? 5000;
  const tolerance = options.valueTolerance ?? 1e-12;
  const stepSize = options.initialStep ?? 0.1;
  const n = start.length;
  const evaluate = (x: number[]): number => {
    const v = objective(x);
    return Number.isFinite(v) ? v : Infinity;
  };
  let simplex: { x: number[]; value: number }[] = [{ x: [...start], value: evaluate([...start]) }];
  for (let i = 0; i < n; i++) {
    const x = [...start];
    x[i] = (x[i] ?? 0) + stepSize;
    simplex.push({ x, value: evaluate(x) });
  }
  const combine = (from: number[], to: number[], t: number): number[] =>
    from.map((f, i) => f + t * ((to[i] ?? 0) - f));

  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    simplex.sort((p, q) => p.value - q.value);
    const best = simplex[0]!;
    const worst = simplex[n]!;
    if (Math.abs(worst.value - best.value) <= tolerance * Math.max(1, Math.abs(best.value))) {
      return { x: best.x, value: best.value, iterations: iteration, converged: true };
    }
    const centroid = new Array<number>(n).fill(0);
    for (let k = 0; k < n; k++) {
      const vertex = simplex[k]!;
      for (let i = 0; i < n; i++) centroid[i] = (centroid[i] ?? 0) + (vertex.x[i] ?? 0) / n;
    }
    const reflected = combine(centroid, worst.x, -1);
    const reflectedValue = evaluate(reflected);
    const secondWorst = simplex[n - 1]!;
    if (reflectedValue < best.value) {
      const expanded = combine(centroid, worst.x, -2);
      const expandedValue = evaluate(expanded);
      simplex[n] =
        expandedValue < reflectedValue
          ? { x: expanded, value: expandedValue }
          : { x: reflected, value: reflectedValue };
    } else if (reflectedValue < secondWorst.value) {
      simplex[n] = { x: reflected, value: reflectedValue };
    } else {
      const outside = reflectedValue < worst.value;
      const contracted = combine(centroid, outside ? reflected : worst.x, 0.5);
      const contractedValue = evaluate(contracted);
      if (contractedValue < Math.min(worst.value, reflectedValue)) {
        simplex[n] = { x: contracted, value: contractedValue };
      } else {
        simplex = simplex.map((vertex, k) => {
          if (k === 0) return vertex;
          const x = combine(best.x, vertex.x, 0.5);
          return { x, value: evaluate(x) };
        });
      }
    }
  }
  simplex.sort((p, q) => p.value - q.value);
  const best = simplex[0]!;
  return { x: best.x, value: best.value, iterations: maxIterations, converged: false };
}
