/**
 * Owner mode as a pure state machine. The till runs in staff mode; the owner unlocks owner mode
 * with the owner secret (pin.ts) to see money reports, export, delete, change settings.
 *
 * - Owner mode ends after `idleTimeoutMs` without activity (every owner command, and user input
 *   in the window, counts as activity), or when the owner locks it.
 * - `maxFailedAttempts` wrong secrets in a row lock unlocking for `lockoutBaseMs`, doubling with
 *   each further lockout up to `lockoutMaxMs`. A correct secret clears the escalation, and so do
 *   `failureMemoryMs` without a wrong attempt (a slip once a month must not inherit last month's
 *   hour-long lockout).
 * - Time comes from the caller (epoch milliseconds), so every transition is testable with a fake
 *   clock. If the clock runs backwards during owner mode, owner mode ends: failing closed costs
 *   the owner one PIN entry. During a lockout it restarts the lockout from the new time. Callers
 *   keep the state each function returns (the controller below does), since time-only changes are
 *   applied on the way.
 *
 * Every function returns a new state; nothing here does I/O. `OwnerSessionController` wraps the
 * machine with a clock and the async secret check, and makes attempts strictly one at a time so
 * two parallel unlocks cannot both slip past the attempt limit.
 */

export type SessionRole = 'staff' | 'owner';

export interface OwnerSessionPolicy {
  readonly idleTimeoutMs: number;
  readonly maxFailedAttempts: number;
  readonly lockoutBaseMs: number;
  readonly lockoutMaxMs: number;
  readonly failureMemoryMs: number;
}

export const DEFAULT_OWNER_SESSION_POLICY: OwnerSessionPolicy = Object.freeze({
  idleTimeoutMs: 5 * 60_000,
  maxFailedAttempts: 5,
  lockoutBaseMs: 60_000,
  lockoutMaxMs: 60 * 60_000,
  failureMemoryMs: 24 * 60 * 60_000,
});

/** What survives while in staff mode: the failure bookkeeping. */
export interface FailureRecord {
  /** Wrong secrets since the last success or the last lockout. */
  readonly failedAttempts: number;
  /** Lockouts so far in the current escalation (0 = none). */
  readonly lockoutLevel: number;
  readonly lockedUntilMs: number | null;
  readonly lastFailureAtMs: number | null;
}

export type OwnerSessionState =
  | ({ readonly role: 'staff' } & FailureRecord)
  | {
      readonly role: 'owner';
      readonly unlockedAtMs: number;
      readonly lastActivityAtMs: number;
    };

export type OwnerSessionEndReason = 'idle-timeout' | 'clock-moved-back' | 'locked-by-user';

export type UnlockOutcome =
  | { readonly kind: 'unlocked' }
  | { readonly kind: 'already-owner' }
  | { readonly kind: 'rejected'; readonly attemptsLeft: number }
  | { readonly kind: 'locked-out'; readonly retryAfterMs: number };

const NO_FAILURES: FailureRecord = Object.freeze({
  failedAttempts: 0,
  lockoutLevel: 0,
  lockedUntilMs: null,
  lastFailureAtMs: null,
});

export function initialOwnerSession(): OwnerSessionState {
  return { role: 'staff', ...NO_FAILURES };
}

/** Lockout length for the given level (1 = first lockout). */
export function lockoutDurationMs(
  level: number,
  policy: OwnerSessionPolicy = DEFAULT_OWNER_SESSION_POLICY,
): number {
  if (level <= 0) return 0;
  return Math.min(policy.lockoutBaseMs * 2 ** (level - 1), policy.lockoutMaxMs);
}

/**
 * Applies what time alone changes: owner mode expiring, an old failure streak being forgotten.
 * Returns the same object when nothing changed. `ended` says why owner mode just ended.
 */
export function advanceOwnerSession(
  state: OwnerSessionState,
  nowMs: number,
  policy: OwnerSessionPolicy = DEFAULT_OWNER_SESSION_POLICY,
): { readonly state: OwnerSessionState; readonly ended: OwnerSessionEndReason | null } {
  if (state.role === 'owner') {
    if (nowMs < state.lastActivityAtMs) return { state: initialOwnerSession(), ended: 'clock-moved-back' };
    if (nowMs - state.lastActivityAtMs >= policy.idleTimeoutMs) {
      return { state: initialOwnerSession(), ended: 'idle-timeout' };
    }
    return { state, ended: null };
  }
  const fullLockoutMs = lockoutDurationMs(state.lockoutLevel, policy);
  if (state.lockedUntilMs !== null && state.lockedUntilMs - nowMs > fullLockoutMs) {
    // The clock moved back (a dead CMOS battery resets it by years): restart the lockout from now
    // instead of keeping the owner out until the old wall-clock time comes round again.
    return {
      state: { ...state, lockedUntilMs: nowMs + fullLockoutMs, lastFailureAtMs: nowMs },
      ended: null,
    };
  }
  if (state.lastFailureAtMs !== null && state.lastFailureAtMs > nowMs) {
    return { state: { ...state, lastFailureAtMs: nowMs }, ended: null };
  }
  const lockoutOver = state.lockedUntilMs === null || nowMs >= state.lockedUntilMs;
  const forgotten =
    lockoutOver && state.lastFailureAtMs !== null && nowMs - state.lastFailureAtMs >= policy.failureMemoryMs;
  if (forgotten) return { state: initialOwnerSession(), ended: null };
  return { state, ended: null };
}

/** The role commands are authorised with right now (idle expiry applied). */
export function currentRole(
  state: OwnerSessionState,
  nowMs: number,
  policy: OwnerSessionPolicy = DEFAULT_OWNER_SESSION_POLICY,
): SessionRole {
  return advanceOwnerSession(state, nowMs, policy).state.role;
}

/** How long unlocking is still blocked (0 when an attempt may be made now). */
export function unlockBlockedForMs(
  state: OwnerSessionState,
  nowMs: number,
  policy: OwnerSessionPolicy = DEFAULT_OWNER_SESSION_POLICY,
): number {
  const current = advanceOwnerSession(state, nowMs, policy).state;
  if (current.role === 'owner' || current.lockedUntilMs === null) return 0;
  return Math.max(0, current.lockedUntilMs - nowMs);
}

/**
 * Records the result of checking a typed secret. Call only after `unlockBlockedForMs` returned 0;
 * if it is called during a lockout anyway, the attempt is refused without being counted.
 */
export function recordUnlockAttempt(
  state: OwnerSessionState,
  secretWasCorrect: boolean,
  nowMs: number,
  policy: OwnerSessionPolicy = DEFAULT_OWNER_SESSION_POLICY,
): { readonly state: OwnerSessionState; readonly outcome: UnlockOutcome } {
  const current = advanceOwnerSession(state, nowMs, policy).state;
  if (current.role === 'owner') return { state: current, outcome: { kind: 'already-owner' } };

  const blockedMs = unlockBlockedForMs(current, nowMs, policy);
  if (blockedMs > 0) return { state: current, outcome: { kind: 'locked-out', retryAfterMs: blockedMs } };

  if (secretWasCorrect) {
    return {
      state: { role: 'owner', unlockedAtMs: nowMs, lastActivityAtMs: nowMs },
      outcome: { kind: 'unlocked' },
    };
  }

  const failedAttempts = current.failedAttempts + 1;
  if (failedAttempts < policy.maxFailedAttempts) {
    return {
      state: { ...current, failedAttempts, lockedUntilMs: null, lastFailureAtMs: nowMs },
      outcome: { kind: 'rejected', attemptsLeft: policy.maxFailedAttempts - failedAttempts },
    };
  }
  const lockoutLevel = current.lockoutLevel + 1;
  const retryAfterMs = lockoutDurationMs(lockoutLevel, policy);
  return {
    state: {
      role: 'staff',
      failedAttempts: 0,
      lockoutLevel,
      lockedUntilMs: nowMs + retryAfterMs,
      lastFailureAtMs: nowMs,
    },
    outcome: { kind: 'locked-out', retryAfterMs },
  };
}

/** Owner activity (a command or user input): keeps owner mode alive, or notices it has expired. */
export function recordOwnerActivity(
  state: OwnerSessionState,
  nowMs: number,
  policy: OwnerSessionPolicy = DEFAULT_OWNER_SESSION_POLICY,
): { readonly state: OwnerSessionState; readonly ended: OwnerSessionEndReason | null } {
  const advanced = advanceOwnerSession(state, nowMs, policy);
  if (advanced.state.role !== 'owner') return advanced;
  return { state: { ...advanced.state, lastActivityAtMs: nowMs }, ended: null };
}

/** The owner leaves owner mode (button, window blur policy, app quit). */
export function lockOwnerSession(state: OwnerSessionState): {
  readonly state: OwnerSessionState;
  readonly ended: OwnerSessionEndReason | null;
} {
  if (state.role === 'staff') return { state, ended: null };
  return { state: initialOwnerSession(), ended: 'locked-by-user' };
}

/**
 * What to persist across restarts (a local-only settings row): the failure record, so quitting and
 * restarting the app does not reset a lockout. Owner mode itself is never restored.
 */
export function toPersistedFailureRecord(state: OwnerSessionState): FailureRecord {
  if (state.role === 'owner') return NO_FAILURES;
  const { failedAttempts, lockoutLevel, lockedUntilMs, lastFailureAtMs } = state;
  return { failedAttempts, lockoutLevel, lockedUntilMs, lastFailureAtMs };
}

export function restoreOwnerSession(record: FailureRecord | null): OwnerSessionState {
  if (record === null) return initialOwnerSession();
  const count = (value: number): number => (Number.isInteger(value) && value >= 0 ? value : 0);
  const time = (value: number | null): number | null =>
    value !== null && Number.isFinite(value) ? value : null;
  return {
    role: 'staff',
    failedAttempts: count(record.failedAttempts),
    lockoutLevel: count(record.lockoutLevel),
    lockedUntilMs: time(record.lockedUntilMs),
    lastFailureAtMs: time(record.lastFailureAtMs),
  };
}

export interface OwnerSessionControllerOptions {
  readonly now: () => number;
  /** Checks the typed secret against the stored hash (pin.ts `verifyOwnerSecret`). */
  readonly verifySecret: (candidate: string) => Promise<boolean>;
  readonly policy?: OwnerSessionPolicy;
  readonly initialState?: OwnerSessionState;
  /** Told about every state change, e.g. to persist the failure record or push an event. */
  readonly onChange?: (state: OwnerSessionState, ended: OwnerSessionEndReason | null) => void;
}

/** The state machine bound to a clock and the secret check; the main process keeps one. */
export class OwnerSessionController {
  readonly #now: () => number;
  readonly #verifySecret: (candidate: string) => Promise<boolean>;
  readonly #policy: OwnerSessionPolicy;
  readonly #onChange: ((state: OwnerSessionState, ended: OwnerSessionEndReason | null) => void) | undefined;
  #state: OwnerSessionState;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: OwnerSessionControllerOptions) {
    this.#now = options.now;
    this.#verifySecret = options.verifySecret;
    this.#policy = options.policy ?? DEFAULT_OWNER_SESSION_POLICY;
    this.#onChange = options.onChange;
    this.#state = options.initialState ?? initialOwnerSession();
  }

  #commit(next: { readonly state: OwnerSessionState; readonly ended: OwnerSessionEndReason | null }): void {
    if (next.state === this.#state && next.ended === null) return;
    this.#state = next.state;
    this.#onChange?.(next.state, next.ended);
  }

  /** Current state after applying the clock. */
  snapshot(): OwnerSessionState {
    this.#commit(advanceOwnerSession(this.#state, this.#now(), this.#policy));
    return this.#state;
  }

  role(): SessionRole {
    return this.snapshot().role;
  }

  /** Call on every owner command and on user input while in owner mode. */
  touch(): SessionRole {
    this.#commit(recordOwnerActivity(this.#state, this.#now(), this.#policy));
    return this.#state.role;
  }

  lock(): void {
    this.#commit(lockOwnerSession(this.#state));
  }

  /** Attempts run one after another; a lockout is checked before scrypt runs at all. */
  unlock(candidate: string): Promise<UnlockOutcome> {
    const attempt = this.#queue.then(() => this.#attemptUnlock(candidate));
    this.#queue = attempt.catch(() => undefined);
    return attempt;
  }

  async #attemptUnlock(candidate: string): Promise<UnlockOutcome> {
    const before = this.snapshot();
    if (before.role === 'owner') return { kind: 'already-owner' };
    const blockedMs = unlockBlockedForMs(before, this.#now(), this.#policy);
    if (blockedMs > 0) return { kind: 'locked-out', retryAfterMs: blockedMs };
    const correct = await this.#verifySecret(candidate);
    const result = recordUnlockAttempt(this.#state, correct, this.#now(), this.#policy);
    this.#commit({ state: result.state, ended: null });
    return result.outcome;
  }
}
