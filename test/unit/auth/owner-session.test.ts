import { describe, expect, it } from 'vitest';
import {
  DEFAULT_OWNER_SESSION_POLICY,
  OwnerSessionController,
  advanceOwnerSession,
  currentRole,
  initialOwnerSession,
  lockOwnerSession,
  lockoutDurationMs,
  recordOwnerActivity,
  recordUnlockAttempt,
  restoreOwnerSession,
  toPersistedFailureRecord,
  unlockBlockedForMs,
  type OwnerSessionEndReason,
  type OwnerSessionPolicy,
  type OwnerSessionState,
} from '../../../src/main/domain/auth/owner-session';

const MINUTE = 60_000;
const policy: OwnerSessionPolicy = DEFAULT_OWNER_SESSION_POLICY;
const T0 = Date.UTC(2025, 0, 6, 9, 0, 0);

/** Five wrong secrets in a row, one minute apart, starting at `start`. */
function failFiveTimes(state: OwnerSessionState, start: number): { state: OwnerSessionState; at: number } {
  let current = state;
  let at = start;
  for (let i = 0; i < policy.maxFailedAttempts; i += 1) {
    current = recordUnlockAttempt(current, false, at, policy).state;
    at += 1000;
  }
  return { state: current, at: at - 1000 };
}

describe('unlocking', () => {
  it('starts in staff mode', () => {
    expect(initialOwnerSession()).toEqual({
      role: 'staff',
      failedAttempts: 0,
      lockoutLevel: 0,
      lockedUntilMs: null,
      lastFailureAtMs: null,
    });
    expect(currentRole(initialOwnerSession(), T0)).toBe('staff');
  });

  it('a correct secret enters owner mode', () => {
    const { state, outcome } = recordUnlockAttempt(initialOwnerSession(), true, T0);
    expect(outcome).toEqual({ kind: 'unlocked' });
    expect(state).toEqual({ role: 'owner', unlockedAtMs: T0, lastActivityAtMs: T0 });
  });

  it('a wrong secret stays staff and counts down the attempts left', () => {
    let state = initialOwnerSession();
    const left: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      const result = recordUnlockAttempt(state, false, T0 + i);
      state = result.state;
      if (result.outcome.kind === 'rejected') left.push(result.outcome.attemptsLeft);
    }
    expect(left).toEqual([4, 3, 2, 1]);
    expect(state).toMatchObject({ role: 'staff', failedAttempts: 4, lockedUntilMs: null });
  });

  it('a success after some failures clears them', () => {
    let state = recordUnlockAttempt(initialOwnerSession(), false, T0).state;
    state = recordUnlockAttempt(state, true, T0 + 1000).state;
    state = lockOwnerSession(state).state;
    expect(state).toEqual(initialOwnerSession());
  });

  it('unlocking while already owner changes nothing', () => {
    const owner = recordUnlockAttempt(initialOwnerSession(), true, T0).state;
    expect(recordUnlockAttempt(owner, false, T0 + 1000)).toEqual({
      state: owner,
      outcome: { kind: 'already-owner' },
    });
  });
});

describe('inactivity', () => {
  const owner = recordUnlockAttempt(initialOwnerSession(), true, T0).state;

  it('owner mode lasts until the idle timeout', () => {
    expect(currentRole(owner, T0 + policy.idleTimeoutMs - 1)).toBe('owner');
    expect(currentRole(owner, T0 + policy.idleTimeoutMs)).toBe('staff');
    expect(advanceOwnerSession(owner, T0 + policy.idleTimeoutMs)).toEqual({
      state: initialOwnerSession(),
      ended: 'idle-timeout',
    });
  });

  it('activity pushes the timeout back', () => {
    const touched = recordOwnerActivity(owner, T0 + 4 * MINUTE);
    expect(touched.ended).toBeNull();
    expect(currentRole(touched.state, T0 + 8 * MINUTE)).toBe('owner');
    expect(currentRole(touched.state, T0 + 9 * MINUTE)).toBe('staff');
  });

  it('activity after the timeout does not revive owner mode', () => {
    const late = recordOwnerActivity(owner, T0 + policy.idleTimeoutMs + 1);
    expect(late).toEqual({ state: initialOwnerSession(), ended: 'idle-timeout' });
  });

  it('activity in staff mode does nothing', () => {
    const staff = initialOwnerSession();
    expect(recordOwnerActivity(staff, T0)).toEqual({ state: staff, ended: null });
  });

  it('the owner can lock explicitly', () => {
    expect(lockOwnerSession(owner)).toEqual({ state: initialOwnerSession(), ended: 'locked-by-user' });
    expect(lockOwnerSession(initialOwnerSession()).ended).toBeNull();
  });

  it('a clock that runs backwards ends owner mode (fails closed)', () => {
    expect(advanceOwnerSession(owner, T0 - 1)).toEqual({
      state: initialOwnerSession(),
      ended: 'clock-moved-back',
    });
  });
});

describe('lockout', () => {
  it('five wrong secrets lock unlocking for a minute', () => {
    let state = initialOwnerSession();
    const outcomes = [];
    for (let i = 0; i < 5; i += 1) {
      const result = recordUnlockAttempt(state, false, T0 + i * 1000);
      state = result.state;
      outcomes.push(result.outcome.kind);
    }
    expect(outcomes).toEqual(['rejected', 'rejected', 'rejected', 'rejected', 'locked-out']);
    expect(state).toMatchObject({ failedAttempts: 0, lockoutLevel: 1, lockedUntilMs: T0 + 4000 + MINUTE });
    expect(unlockBlockedForMs(state, T0 + 4000)).toBe(MINUTE);
    expect(unlockBlockedForMs(state, T0 + 4000 + MINUTE - 1)).toBe(1);
    expect(unlockBlockedForMs(state, T0 + 4000 + MINUTE)).toBe(0);
  });

  it('even the correct secret is refused, and not counted, during a lockout', () => {
    const { state, at } = failFiveTimes(initialOwnerSession(), T0);
    const during = recordUnlockAttempt(state, true, at + 30_000);
    expect(during.outcome).toEqual({ kind: 'locked-out', retryAfterMs: 30_000 });
    expect(during.state).toBe(state);
  });

  it('after the lockout the correct secret works and clears the escalation', () => {
    const { state, at } = failFiveTimes(initialOwnerSession(), T0);
    const after = recordUnlockAttempt(state, true, at + MINUTE);
    expect(after.outcome).toEqual({ kind: 'unlocked' });
    expect(toPersistedFailureRecord(lockOwnerSession(after.state).state)).toEqual(
      toPersistedFailureRecord(initialOwnerSession()),
    );
  });

  it('each further lockout doubles, up to the maximum', () => {
    let state = initialOwnerSession();
    let at = T0;
    const durations: number[] = [];
    for (let round = 0; round < 9; round += 1) {
      const failed = failFiveTimes(state, at);
      state = failed.state;
      const blocked = unlockBlockedForMs(state, failed.at);
      durations.push(blocked / MINUTE);
      at = failed.at + blocked;
    }
    expect(durations).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
  });

  it('lockoutDurationMs follows the policy', () => {
    expect(lockoutDurationMs(0)).toBe(0);
    expect(lockoutDurationMs(1)).toBe(policy.lockoutBaseMs);
    expect(lockoutDurationMs(3)).toBe(4 * policy.lockoutBaseMs);
    expect(lockoutDurationMs(50)).toBe(policy.lockoutMaxMs);
  });

  it('a day without wrong attempts forgets the escalation', () => {
    const failed = failFiveTimes(initialOwnerSession(), T0);
    const nextDay = failed.at + policy.failureMemoryMs;
    expect(advanceOwnerSession(failed.state, nextDay).state).toEqual(initialOwnerSession());
    const later = recordUnlockAttempt(failed.state, false, nextDay);
    expect(later.outcome).toEqual({ kind: 'rejected', attemptsLeft: 4 });
    expect(later.state).toMatchObject({ lockoutLevel: 0, failedAttempts: 1 });
  });

  it('a clock moved back by years restarts the lockout instead of extending it for years', () => {
    const failed = failFiveTimes(initialOwnerSession(), T0);
    const cmosReset = Date.UTC(2000, 0, 1);
    const advanced = advanceOwnerSession(failed.state, cmosReset).state;
    expect(unlockBlockedForMs(advanced, cmosReset)).toBe(MINUTE);
    expect(unlockBlockedForMs(advanced, cmosReset + MINUTE)).toBe(0);
  });
});

describe('persistence across restarts', () => {
  it('keeps the lockout, never owner mode', () => {
    const failed = failFiveTimes(initialOwnerSession(), T0);
    const record = toPersistedFailureRecord(failed.state);
    const restored = restoreOwnerSession(JSON.parse(JSON.stringify(record)));
    expect(unlockBlockedForMs(restored, failed.at + 1000)).toBe(MINUTE - 1000);

    const owner = recordUnlockAttempt(initialOwnerSession(), true, T0).state;
    expect(restoreOwnerSession(toPersistedFailureRecord(owner))).toEqual(initialOwnerSession());
  });

  it('repairs nonsense from storage', () => {
    expect(
      restoreOwnerSession({
        failedAttempts: -3,
        lockoutLevel: 1.5,
        lockedUntilMs: Number.NaN,
        lastFailureAtMs: null,
      }),
    ).toEqual(initialOwnerSession());
    expect(restoreOwnerSession(null)).toEqual(initialOwnerSession());
  });
});

describe('OwnerSessionController', () => {
  function setup(correctSecret = '204817') {
    let now = T0;
    const checked: string[] = [];
    const changes: (OwnerSessionEndReason | null)[] = [];
    const controller = new OwnerSessionController({
      now: () => now,
      verifySecret: async (candidate) => {
        checked.push(candidate);
        return candidate === correctSecret;
      },
      onChange: (_state, ended) => changes.push(ended),
    });
    return {
      controller,
      checked,
      changes,
      advance: (ms: number) => {
        now += ms;
      },
    };
  }

  it('unlocks, stays alive with activity, and times out', async () => {
    const { controller, advance, changes } = setup();
    expect(await controller.unlock('204817')).toEqual({ kind: 'unlocked' });
    expect(controller.role()).toBe('owner');
    advance(4 * MINUTE);
    expect(controller.touch()).toBe('owner');
    advance(4 * MINUTE);
    expect(controller.role()).toBe('owner');
    advance(MINUTE);
    expect(controller.role()).toBe('staff');
    expect(changes).toEqual([null, null, 'idle-timeout']);
  });

  it('does not even run the secret check during a lockout', async () => {
    const { controller, checked, advance } = setup();
    for (let i = 0; i < 5; i += 1) await controller.unlock('000001');
    expect(checked).toHaveLength(5);
    expect(await controller.unlock('204817')).toEqual({ kind: 'locked-out', retryAfterMs: MINUTE });
    expect(checked).toHaveLength(5);
    advance(MINUTE);
    expect(await controller.unlock('204817')).toEqual({ kind: 'unlocked' });
  });

  it('serialises parallel attempts so the limit cannot be raced', async () => {
    const { controller, checked } = setup();
    const outcomes = await Promise.all(Array.from({ length: 8 }, () => controller.unlock('999999')));
    expect(checked).toHaveLength(5);
    expect(outcomes.map((outcome) => outcome.kind)).toEqual([
      'rejected',
      'rejected',
      'rejected',
      'rejected',
      'locked-out',
      'locked-out',
      'locked-out',
      'locked-out',
    ]);
  });

  it('a failing secret check (corrupt stored hash) is not counted as a wrong PIN', async () => {
    const controller = new OwnerSessionController({
      now: () => T0,
      verifySecret: async () => {
        throw new Error('stored owner secret hash is malformed');
      },
    });
    await expect(controller.unlock('204817')).rejects.toThrow(/malformed/);
    expect(controller.snapshot()).toEqual(initialOwnerSession());
    await expect(controller.unlock('204817')).rejects.toThrow(/malformed/);
  });

  it('lock() ends owner mode at once', async () => {
    const { controller, changes } = setup();
    await controller.unlock('204817');
    controller.lock();
    expect(controller.role()).toBe('staff');
    expect(changes.at(-1)).toBe('locked-by-user');
  });
});
