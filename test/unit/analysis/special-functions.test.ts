import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  digamma,
  hyp2f1,
  hyp2f1Series,
  logAddExp,
  logGamma,
  logisticOfNegative,
} from '../../../src/main/analysis/special-functions';

describe('logGamma', () => {
  it('matches factorials and Γ(½) = √π', () => {
    expect(logGamma(1)).toBeCloseTo(0, 14);
    expect(logGamma(2)).toBeCloseTo(0, 14);
    expect(logGamma(11)).toBeCloseTo(Math.log(3628800), 12);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
    // log Γ(1001) = log(1000!) = 5912.128178488163 (mpmath)
    expect(logGamma(1001)).toBeCloseTo(5912.128178488163, 9);
  });

  it('satisfies Γ(x + 1) = x Γ(x)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 500, noNaN: true }), (x) => {
        expect(logGamma(x + 1) - logGamma(x)).toBeCloseTo(Math.log(x), 10);
      }),
    );
  });
});

describe('digamma', () => {
  it('matches known values and the derivative of logGamma', () => {
    expect(digamma(1)).toBeCloseTo(-0.5772156649015329, 14);
    expect(digamma(0.5)).toBeCloseTo(-1.9635100260214235, 13);
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 300, noNaN: true }), (x) => {
        const h = 1e-5 * Math.max(1, x);
        const numeric = (logGamma(x + h) - logGamma(x - h)) / (2 * h);
        expect(Math.abs(digamma(x) - numeric)).toBeLessThan(1e-6 * Math.max(1, Math.abs(numeric)));
      }),
    );
  });
});

describe('hyp2f1', () => {
  it('matches closed forms', () => {
    // 2F1(1, 1; 2; z) = −ln(1 − z) / z
    for (const z of [0.1, 0.5, 0.9, 0.99]) {
      expect(hyp2f1(1, 1, 2, z)).toBeCloseTo(-Math.log(1 - z) / z, 11);
    }
    // 2F1(a, b; b; z) = (1 − z)^(−a): here c − a − b < 0, the branch that uses Euler's transformation
    expect(hyp2f1(2.5, 1.3, 1.3, 0.95)).toBeCloseTo(Math.pow(0.05, -2.5), 6);
  });

  it('sums series whose terms grow a long way before they shrink', () => {
    // 2F1(a, b; b; z) = (1 − z)^(−a); with a = 200, z = ½ the terms peak near n = 200.
    const value = hyp2f1Series(200, 3, 3, 0.5);
    expect(value / Math.pow(0.5, -200)).toBeCloseTo(1, 12);
  });

  it('agrees with mpmath where the plain series converges slowly', () => {
    // mpmath.hyp2f1(0.2425929, 2.4257537, 2.2186399, 78 / (4.4135317 + 78)), 30 digits
    const value = hyp2f1(0.2425929, 2.4257537, 0.7928862 + 2.4257537 - 1, 78 / (4.4135317 + 78));
    expect(value).toBeCloseTo(2.386985283223849, 11);
  });
});

describe('log-space helpers', () => {
  it('logAddExp does not overflow', () => {
    expect(logAddExp(1000, 1000)).toBeCloseTo(1000 + Math.log(2), 12);
    expect(logAddExp(-Infinity, 3)).toBe(3);
  });

  it('logisticOfNegative saturates to exact 0 and 1', () => {
    expect(logisticOfNegative(5000)).toBe(0);
    expect(logisticOfNegative(-5000)).toBe(1);
    expect(logisticOfNegative(0)).toBe(0.5);
  });
});
