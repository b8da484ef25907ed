import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { threadCpuMs } from '../../../src/main/domain/transfer/thread-cpu';

describe.skipIf(!existsSync('/proc/thread-self/stat'))('threadCpuMs (needs Linux /proc)', () => {
  it("reads this thread's CPU time, which only grows", () => {
    const before = threadCpuMs();
    let spin = 0;
    for (let index = 0; index < 2_000_000; index++) spin += Math.sqrt(index);
    const after = threadCpuMs();
    expect(spin).toBeGreaterThan(0);
    expect(before).not.toBeNull();
    expect(before!).toBeGreaterThanOrEqual(0);
    expect(after!).toBeGreaterThanOrEqual(before!);
  });
});
