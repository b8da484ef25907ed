import { describe, expect, it, vi } from 'vitest';
import { clusterRfm, kMeans } from '../../../src/main/analysis/kmeans';
import { mulberry32 } from '../../../src/main/analysis/prng';

// Fits and reference data sets take a few seconds on a busy shared machine; the default 5 s is tight.
vi.setConfig({ testTimeout: 60_000 });

describe('seeded PRNG', () => {
  it('is deterministic and uniform-looking', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const values = Array.from({ length: 1000 }, () => a());
    expect(values.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b()));
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
  });
});

describe('k-means', () => {
  it('separates two obvious blobs', () => {
    const points = new Float64Array([0, 0, 0.1, 0.2, -0.1, 0.1, 10, 10, 10.2, 9.9, 9.8, 10.1]);
    const result = kMeans(points, 2, { k: 2, seed: 1, restarts: 3 });
    const [a, b, c, d, e, f] = result.assignment;
    expect(a).toBe(b);
    expect(b).toBe(c);
    expect(d).toBe(e);
    expect(e).toBe(f);
    expect(a).not.toBe(d);
    expect(result.sizes.sort()).toEqual([3, 3]);
  });

  it('gives the same clusters for the same seed, including on large data where restarts sample', () => {
    const random = mulberry32(3);
    const customers = Array.from({ length: 12_000 }, () => ({
      recencyDays: Math.floor(random() * 400),
      frequency: 1 + Math.floor(random() * random() * 30),
      monetary: Math.floor(random() * 50_000),
    }));
    const first = clusterRfm(customers, { k: 4, seed: 9, restarts: 3 });
    const second = clusterRfm(customers, { k: 4, seed: 9, restarts: 3 });
    expect([...first.clusterOf]).toEqual([...second.clusterOf]);
    expect(first.clusters.map((c) => c.size).reduce((s, v) => s + v, 0)).toBe(12_000);
  });

  it('numbers clusters by spend and describes them in plain words', () => {
    const customers = [
      ...Array.from({ length: 30 }, (_, i) => ({
        recencyDays: 3 + (i % 4),
        frequency: 20 + (i % 5),
        monetary: 90_000 + i,
      })),
      ...Array.from({ length: 30 }, (_, i) => ({ recencyDays: 300 + i, frequency: 1, monetary: 900 + i })),
    ];
    const { clusters, clusterOf } = clusterRfm(customers, { k: 2, seed: 5, restarts: 2 });
    expect(clusterOf[0]).toBe(1);
    expect(clusterOf[59]).toBe(2);
    expect(clusters[0]?.description.map((d) => d.key)).toEqual([
      'cluster.recency.recent',
      'cluster.frequency.frequent',
      'cluster.monetary.high',
    ]);
    expect(clusters[1]?.description.map((d) => d.key)).toEqual([
      'cluster.recency.lapsed',
      'cluster.frequency.rare',
      'cluster.monetary.low',
    ]);
    expect(clusters[1]?.typicalFrequency).toBe(1);
  });
});
