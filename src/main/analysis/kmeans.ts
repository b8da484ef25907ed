/**
 * Exploratory clustering (聚类, DOMAIN.md §3.10): k-means on standardised (log R, log F, log M),
 * seeded k-means++ starts, the best of several restarts. Clusters are numbered by descending mean
 * spend so "cluster 1" means the same kind of customer from one run to the next, and each is
 * described in plain words from its centroid.
 */
import type { Reason } from '../../shared/analysis/labels';
import { reason } from '../../shared/analysis/reason-keys';
import { mulberry32 } from './prng';

export interface KMeansOptions {
  k: number;
  seed: number;
  restarts: number;
  maxIterations?: number;
}

export interface KMeansResult {
  /** Cluster of each point, 0-based. */
  assignment: Int32Array;
  /** k × dimensions, in the coordinates clustered on. */
  centroids: number[][];
  sizes: number[];
  /** Within-cluster sum of squared distances. */
  inertia: number;
  iterations: number;
}

/** Above this many points the restarts run on a sample; only the winner runs on all points. */
const RESTART_SAMPLE = 10_000;

/**
 * Lloyd's algorithm on row-major points (n × d), k-means++ initialisation from a seeded PRNG. The
 * restarts only choose good starting centres, so on large data they compete on an evenly spaced
 * sample, and the full data set is clustered once from the winner.
 */
export function kMeans(points: Float64Array, dimensions: number, options: KMeansOptions): KMeansResult {
  const n = Math.floor(points.length / dimensions);
  const k = Math.max(1, Math.min(options.k, n));
  const random = mulberry32(options.seed);
  const maxIterations = options.maxIterations ?? 100;
  const sampled = n > RESTART_SAMPLE;
  const sample = sampled ? evenSample(points, n, dimensions, RESTART_SAMPLE) : points;
  const sampleSize = sampled ? RESTART_SAMPLE : n;
  let best: { centroids: Float64Array; result: KMeansResult } | null = null;
  for (let restart = 0; restart < Math.max(1, options.restarts); restart++) {
    const centroids = initialCentroids(sample, sampleSize, dimensions, k, random);
    const run = lloyd(sample, sampleSize, dimensions, centroids, maxIterations);
    if (!best || run.inertia < best.result.inertia) best = { centroids, result: run };
  }
  if (!best) return { assignment: new Int32Array(0), centroids: [], sizes: [], inertia: 0, iterations: 0 };
  return sampled ? lloyd(points, n, dimensions, best.centroids, maxIterations) : best.result;
}

function evenSample(points: Float64Array, n: number, d: number, size: number): Float64Array {
  const sample = new Float64Array(size * d);
  for (let s = 0; s < size; s++) {
    const i = Math.floor((s * n) / size);
    sample.set(points.subarray(i * d, (i + 1) * d), s * d);
  }
  return sample;
}

function squaredDistance(
  points: Float64Array,
  i: number,
  centroid: Float64Array,
  c: number,
  d: number,
): number {
  let sum = 0;
  for (let j = 0; j < d; j++) {
    const diff = (points[i * d + j] ?? 0) - (centroid[c * d + j] ?? 0);
    sum += diff * diff;
  }
  return sum;
}

function initialCentroids(
  points: Float64Array,
  n: number,
  d: number,
  k: number,
  random: () => number,
): Float64Array {
  const centroids = new Float64Array(k * d);
  if (n === 0) return centroids;
  const copy = (from: number, to: number): void => {
    for (let j = 0; j < d; j++) centroids[to * d + j] = points[from * d + j] ?? 0;
  };
  copy(Math.floor(random() * n), 0);
  const nearest = new Float64Array(n).fill(Infinity);
  for (let c = 1; c < k; c++) {
    let total = 0;
    for (let i = 0; i < n; i++) {
      const distance = squaredDistance(points, i, centroids, c - 1, d);
      if (distance < (nearest[i] ?? Infinity)) nearest[i] = distance;
      total += nearest[i] ?? 0;
    }
    // Pick the next centre with probability proportional to squared distance (k-means++).
    let target = random() * total;
    let chosen = n - 1;
    for (let i = 0; i < n; i++) {
      target -= nearest[i] ?? 0;
      if (target <= 0) {
        chosen = i;
        break;
      }
    }
    copy(chosen, c);
  }
  return centroids;
}

/**
 * Stops when no point changes cluster, or when the centres move by less than `tolerance` in total
 * squared distance (the coordinates are standardised, so this is relative to unit variance, as in
 * scikit-learn): on 100,000 points the last few boundary points can otherwise flip back and forth
 * for hundreds of iterations without changing anything a shop owner could see.
 */
function lloyd(
  points: Float64Array,
  n: number,
  d: number,
  centroids: Float64Array,
  maxIterations: number,
  tolerance = 1e-4,
): KMeansResult {
  const k = centroids.length / d;
  const assignment = new Int32Array(n).fill(-1);
  const sums = new Float64Array(k * d);
  const counts = new Int32Array(k);
  let iterations = 0;
  let inertia = 0;
  while (iterations < maxIterations) {
    iterations++;
    let changed = 0;
    inertia = 0;
    for (let i = 0; i < n; i++) {
      let bestCluster = 0;
      let bestDistance = Infinity;
      for (let c = 0; c < k; c++) {
        const distance = squaredDistance(points, i, centroids, c, d);
        if (distance < bestDistance) {
          bestDistance = distance;
          bestCluster = c;
        }
      }
      inertia += bestDistance;
      if (assignment[i] !== bestCluster) {
        assignment[i] = bestCluster;
        changed++;
      }
    }
    if (changed === 0) break;
    sums.fill(0);
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const c = assignment[i] ?? 0;
      counts[c] = (counts[c] ?? 0) + 1;
      for (let j = 0; j < d; j++) sums[c * d + j] = (sums[c * d + j] ?? 0) + (points[i * d + j] ?? 0);
    }
    let shift = 0;
    for (let c = 0; c < k; c++) {
      // An emptied cluster keeps its old centre rather than becoming NaN.
      const count = counts[c] ?? 0;
      if (count === 0) continue;
      for (let j = 0; j < d; j++) {
        const updated = (sums[c * d + j] ?? 0) / count;
        shift += (updated - (centroids[c * d + j] ?? 0)) ** 2;
        centroids[c * d + j] = updated;
      }
    }
    if (shift < tolerance) break;
  }
  const sizes = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) sizes[assignment[i] ?? 0] = (sizes[assignment[i] ?? 0] ?? 0) + 1;
  const rows = Array.from({ length: k }, (_, c) => Array.from(centroids.subarray(c * d, (c + 1) * d)));
  return { assignment, centroids: rows, sizes, inertia, iterations };
}

export interface RfmClusterInput {
  recencyDays: number;
  frequency: number;
  monetary: number;
}

export interface RfmCluster {
  /** 1-based, ordered by descending mean spend. */
  cluster: number;
  size: number;
  /** Typical member, back in natural units (geometric-mean-like: exp of the centroid). */
  typicalRecencyDays: number;
  typicalFrequency: number;
  typicalMonetary: number;
  description: Reason[];
}

export interface RfmClustering {
  /** 1-based cluster of each customer, in input order. */
  clusterOf: Int32Array;
  clusters: RfmCluster[];
}

/** A standardised centroid coordinate beyond ±this reads as "high"/"low" rather than "medium". */
const DESCRIPTION_THRESHOLD = 0.5;

function level(z: number): 'high' | 'medium' | 'low' {
  return z > DESCRIPTION_THRESHOLD ? 'high' : z < -DESCRIPTION_THRESHOLD ? 'low' : 'medium';
}

/**
 * Log transforms tame the long right tails of all three measures; R and M use log(1 + ·) because a
 * purchase today has R = 0 and net spend can be 0.
 */
export function clusterRfm(customers: readonly RfmClusterInput[], options: KMeansOptions): RfmClustering {
  const n = customers.length;
  const d = 3;
  const raw = new Float64Array(n * d);
  customers.forEach((c, i) => {
    raw[i * d] = Math.log1p(Math.max(0, c.recencyDays));
    raw[i * d + 1] = Math.log(Math.max(1, c.frequency));
    raw[i * d + 2] = Math.log1p(Math.max(0, c.monetary));
  });
  const mean = [0, 0, 0];
  const sd = [0, 0, 0];
  for (let j = 0; j < d; j++) {
    for (let i = 0; i < n; i++) mean[j] = (mean[j] ?? 0) + (raw[i * d + j] ?? 0) / n;
    for (let i = 0; i < n; i++) sd[j] = (sd[j] ?? 0) + ((raw[i * d + j] ?? 0) - (mean[j] ?? 0)) ** 2 / n;
    // A constant column (everyone bought once) carries no information; scale 1 leaves it at 0.
    sd[j] = Math.sqrt(sd[j] ?? 0) || 1;
  }
  const standardised = raw.map((value, index) => (value - (mean[index % d] ?? 0)) / (sd[index % d] ?? 1));
  const result = kMeans(standardised, d, options);
  const k = result.centroids.length;
  const natural = (c: number, j: number): number =>
    (result.centroids[c]?.[j] ?? 0) * (sd[j] ?? 1) + (mean[j] ?? 0);
  const order = Array.from({ length: k }, (_, c) => c).sort((p, q) => natural(q, 2) - natural(p, 2));
  const numberOf = new Int32Array(k);
  order.forEach((c, position) => (numberOf[c] = position + 1));
  const clusterOf = result.assignment.map((c) => numberOf[c] ?? 0);
  const clusters = order.map((c, position): RfmCluster => {
    // Money stays out of the description: the UI formats typicalMonetary in the shop's currency.
    const centroid = result.centroids[c] ?? [0, 0, 0];
    const typicalRecencyDays = Math.round(Math.expm1(natural(c, 0)));
    const typicalFrequency = Math.round(Math.exp(natural(c, 1)) * 10) / 10;
    const typicalMonetary = Math.round(Math.expm1(natural(c, 2)));
    const recency = level(centroid[0] ?? 0);
    const frequency = level(centroid[1] ?? 0);
    const monetary = level(centroid[2] ?? 0);
    return {
      cluster: position + 1,
      size: result.sizes[c] ?? 0,
      typicalRecencyDays,
      typicalFrequency,
      typicalMonetary,
      description: [
        // Low log R means a recent last purchase.
        reason(
          recency === 'low'
            ? 'cluster.recency.recent'
            : recency === 'high'
              ? 'cluster.recency.lapsed'
              : 'cluster.recency.middling',
          { days: typicalRecencyDays },
        ),
        reason(
          frequency === 'high'
            ? 'cluster.frequency.frequent'
            : frequency === 'low'
              ? 'cluster.frequency.rare'
              : 'cluster.frequency.occasional',
          { purchases: typicalFrequency },
        ),
        reason(
          monetary === 'high'
            ? 'cluster.monetary.high'
            : monetary === 'low'
              ? 'cluster.monetary.low'
              : 'cluster.monetary.medium',
        ),
      ],
    };
  });
  return { clusterOf, clusters };
}
