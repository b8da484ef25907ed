import { describe, expect, it } from 'vitest';
import { WriteGate } from '../../../src/main/core/write-gate';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('WriteGate', () => {
  it('holds mutating work back while an exclusive writer is between its chunks', async () => {
    const gate = new WriteGate();
    const log: string[] = [];
    let release: () => void = () => undefined;
    const exclusive = gate.exclusive(async () => {
      log.push('exclusive start');
      await new Promise<void>((resolve) => (release = resolve));
      log.push('exclusive end');
    });
    await tick();
    const shared = gate.shared(() => log.push('shared'));
    await tick();
    await tick();
    expect(log).toEqual(['exclusive start']);
    release();
    await Promise.all([exclusive, shared]);
    expect(log).toEqual(['exclusive start', 'exclusive end', 'shared']);
  });

  it('lets the exclusive writer start only after running mutations finished, and lets them run together', async () => {
    const gate = new WriteGate();
    const log: string[] = [];
    let releaseFirst: () => void = () => undefined;
    const first = gate.shared(async () => {
      log.push('first start');
      await new Promise<void>((resolve) => (releaseFirst = resolve));
      log.push('first end');
    });
    const second = gate.shared(() => log.push('second'));
    await tick();
    const exclusive = gate.exclusive(() => log.push('exclusive'));
    // A mutation arriving after the exclusive writer queued waits behind it (no starvation).
    const third = gate.shared(() => log.push('third'));
    await tick();
    expect(log).toEqual(['first start', 'second']);
    releaseFirst();
    await Promise.all([first, second, exclusive, third]);
    expect(log).toEqual(['first start', 'second', 'first end', 'exclusive', 'third']);
  });

  it('reopens after a failing writer', async () => {
    const gate = new WriteGate();
    await expect(gate.exclusive(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await gate.shared(() => 'ran')).toBe('ran');
  });
});
