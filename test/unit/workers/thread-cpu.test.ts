import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { threadSchedule, threadScheduleSince } from '../../../src/main/workers/thread-cpu';

describe.skipIf(!existsSync('/proc/thread-self/schedstat'))('threadSchedule (needs Linux /proc)', () => {
  it("reads this thread's CPU and waiting time, which only grow", () => {
    const before = threadSchedule();
    let spin = 0;
    for (let index = 0; index < 20_000_000; index++) spin += Math.sqrt(index);
    const after = threadSchedule();
    expect(spin).toBeGreaterThan(0);
    expect(before).not.toBeNull();
    expect(after!.cpuMs).toBeGreaterThan(before!.cpuMs);
    expect(after!.waitMs).toBeGreaterThanOrEqual(before!.waitMs);
  });

  it('gives the time since an earlier reading, and nothing without one', () => {
    const before = threadSchedule();
    let spin = 0;
    for (let index = 0; index < 20_000_000; index++) spin += Math.sqrt(index);
    const spent = threadScheduleSince(before);
    expect(spin).toBeGreaterThan(0);
    expect(spent!.cpuMs).toBeGreaterThan(0);
    expect(spent!.waitMs).toBeGreaterThanOrEqual(0);
    expect(threadScheduleSince(null)).toBeNull();
  });
});
