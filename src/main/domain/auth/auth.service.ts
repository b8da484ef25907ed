import type { CommandContext } from '../../core/context';
import type { Session } from '../../core/session';
import { nowIso } from '../../db/ids';
import type { AuthStatus, UnlockResult } from '../../../shared/contract/auth';
import { PatronError } from '../../../shared/errors';
import { appendAudit } from '../audit/audit.repo';
import {
  readFailureRecord,
  readOwnerSecretHash,
  writeFailureRecord,
  writeOwnerSecretHash,
} from './auth.repo';
import {
  DEFAULT_OWNER_SESSION_POLICY,
  OwnerSessionController,
  restoreOwnerSession,
  toPersistedFailureRecord,
  unlockBlockedForMs,
  type OwnerSessionPolicy,
} from './owner-session';
import { hashOwnerSecret, needsRehash, validateOwnerSecret, verifyOwnerSecret } from './pin';

const controllers = new WeakMap<Session, OwnerSessionController>();

export const OWNER_POLICY: OwnerSessionPolicy = DEFAULT_OWNER_SESSION_POLICY;

/**
 * The owner-mode controller of this session, created on first use. Each window has its own owner
 * mode, but the wrong-PIN record is shared through local_settings: it is read when a controller is
 * made and before every attempt, so opening a new window or restarting does not reset a lockout.
 */
export function ownerControllerFor(ctx: CommandContext): OwnerSessionController {
  const existing = controllers.get(ctx.session);
  if (existing) return existing;
  const { db, clock, events } = ctx;
  let lastRole = 'staff';
  const controller = new OwnerSessionController({
    now: () => clock().getTime(),
    policy: OWNER_POLICY,
    initialState: restoreOwnerSession(readFailureRecord(db)),
    verifySecret: async (candidate) => {
      const hash = readOwnerSecretHash(db);
      if (hash === null) throw new PatronError('not_initialized', 'No owner PIN has been set yet.');
      return verifyOwnerSecret(candidate, hash);
    },
    onChange: (state) => {
      writeFailureRecord(db, toPersistedFailureRecord(state), nowIso(clock));
      if (state.role !== lastRole) {
        lastRole = state.role;
        events.emit('session.changed', { role: state.role });
      }
    },
  });
  controllers.set(ctx.session, controller);
  ctx.session.attachOwnerMode(controller);
  return controller;
}

export function authStatus(ctx: CommandContext): AuthStatus {
  const role = ctx.session.role();
  const permanent = ctx.session.isPermanentOwner();
  const controller = permanent ? null : ownerControllerFor(ctx);
  const state = controller?.snapshot() ?? null;
  const nowMs = ctx.clock().getTime();
  // Another window may have run into a lockout since this one was opened: the file is the truth.
  const shared = restoreOwnerSession(readFailureRecord(ctx.db));
  return {
    role,
    ownerSecretSet: readOwnerSecretHash(ctx.db) !== null,
    lockedForMs: unlockBlockedForMs(shared, nowMs, OWNER_POLICY),
    ownerIdleLeftMs:
      state?.role === 'owner'
        ? Math.max(0, state.lastActivityAtMs + OWNER_POLICY.idleTimeoutMs - nowMs)
        : null,
    idleTimeoutMs: OWNER_POLICY.idleTimeoutMs,
  };
}

function assertAcceptableSecret(secret: string): void {
  const validation = validateOwnerSecret(secret);
  if (!validation.ok) {
    throw new PatronError(
      'invalid_input',
      `The owner PIN or password is not acceptable (${validation.problem}).`,
      {
        problem: validation.problem,
      },
    );
  }
}

export async function setupOwnerSecret(ctx: CommandContext, secret: string): Promise<void> {
  if (readOwnerSecretHash(ctx.db) !== null) {
    throw new PatronError('conflict', 'An owner PIN already exists; change it from owner mode.');
  }
  assertAcceptableSecret(secret);
  const hash = await hashOwnerSecret(secret);
  ctx.db.transaction(() => {
    // Checked again inside the transaction: two first-run windows must not both set a PIN.
    if (readOwnerSecretHash(ctx.db) !== null) {
      throw new PatronError('conflict', 'An owner PIN already exists; change it from owner mode.');
    }
    writeOwnerSecretHash(ctx.db, hash, nowIso(ctx.clock));
    appendAudit(
      ctx.db,
      { actorRole: ctx.session.role(), action: 'role.pinChanged', details: { firstRun: true } },
      nowIso(ctx.clock),
    );
  })();
  if (!ctx.session.isPermanentOwner()) {
    // Whoever just chose the PIN knows it: asking for it again at once would only annoy.
    const outcome = await ownerControllerFor(ctx).unlock(secret);
    if (outcome.kind !== 'unlocked' && outcome.kind !== 'already-owner') {
      throw new PatronError('internal', 'The new owner PIN could not be verified.');
    }
  }
  ctx.markChanged('shop_settings');
}

export async function changeOwnerSecret(ctx: CommandContext, current: string, next: string): Promise<void> {
  const stored = readOwnerSecretHash(ctx.db);
  if (stored === null) throw new PatronError('not_initialized', 'No owner PIN has been set yet.');
  if (!(await verifyOwnerSecret(current, stored))) {
    throw new PatronError('unauthorized', 'The current owner PIN is wrong.');
  }
  assertAcceptableSecret(next);
  const hash = await hashOwnerSecret(next);
  ctx.db.transaction(() => {
    writeOwnerSecretHash(ctx.db, hash, nowIso(ctx.clock));
    appendAudit(ctx.db, { actorRole: ctx.session.role(), action: 'role.pinChanged' }, nowIso(ctx.clock));
  })();
  ctx.markChanged('shop_settings');
}

export async function unlockOwnerMode(ctx: CommandContext, secret: string): Promise<UnlockResult> {
  if (ctx.session.isPermanentOwner()) return { kind: 'already-owner' };
  const stored = readOwnerSecretHash(ctx.db);
  if (stored === null) throw new PatronError('not_initialized', 'No owner PIN has been set yet.');
  const controller = ownerControllerFor(ctx);
  // Adopt a lockout another window (or an earlier run) recorded before trying.
  const shared = readFailureRecord(ctx.db);
  const nowMs = ctx.clock().getTime();
  const blocked = unlockBlockedForMs(restoreOwnerSession(shared), nowMs, OWNER_POLICY);
  if (blocked > 0 && controller.role() !== 'owner') return { kind: 'locked-out', retryAfterMs: blocked };
  const outcome = await controller.unlock(secret);
  const at = nowIso(ctx.clock);
  if (outcome.kind === 'unlocked') {
    appendAudit(ctx.db, { actorRole: 'owner', action: 'role.ownerUnlocked' }, at);
    if (needsRehash(stored)) writeOwnerSecretHash(ctx.db, await hashOwnerSecret(secret), at);
  } else if (outcome.kind === 'locked-out') {
    appendAudit(
      ctx.db,
      { actorRole: 'staff', action: 'role.lockedOut', details: { retryAfterMs: outcome.retryAfterMs } },
      at,
    );
  }
  ctx.markChanged('audit_log');
  return outcome;
}

export function lockOwnerMode(ctx: CommandContext): void {
  if (ctx.session.isPermanentOwner()) return;
  ownerControllerFor(ctx).lock();
}

export function recordActivity(ctx: CommandContext): void {
  if (ctx.session.isPermanentOwner()) return;
  ownerControllerFor(ctx).touch();
}
