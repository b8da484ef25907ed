import type { Role } from '../../shared/contract';

export type SessionOrigin = 'electron' | 'preview' | 'cli' | 'test';

/**
 * Owner mode that unlocks with the owner PIN (domain/auth): the session asks it for the role and
 * reports activity to it, so idle timeout and lockout live in one place.
 */
export interface OwnerMode {
  role(): Role;
  touch(): void;
  lock(): void;
}

/**
 * Who is calling. One per window (Electron) or per browser tab token
 * (preview); the CLI acts as the owner, since whoever can run it can read the
 * database file anyway. Owner mode is granted for a limited time and ends
 * after inactivity; the router asks `role()` on every call.
 */
export class Session {
  private ownerUntil: number | null;
  private ownerMode: OwnerMode | null = null;

  constructor(
    readonly id: string,
    readonly origin: SessionOrigin,
    initialRole: Role = 'staff',
    private readonly clock: () => number = Date.now,
  ) {
    this.ownerUntil = initialRole === 'owner' ? Number.POSITIVE_INFINITY : null;
  }

  role(): Role {
    if (this.ownerUntil !== null && this.clock() < this.ownerUntil) return 'owner';
    this.ownerUntil = null;
    return this.ownerMode?.role() ?? 'staff';
  }

  /** True for sessions that are the owner for good (CLI), which no PIN or timeout governs. */
  isPermanentOwner(): boolean {
    return this.ownerUntil === Number.POSITIVE_INFINITY;
  }

  /** Plugs in the PIN-governed owner mode (done once, by the auth domain). */
  attachOwnerMode(mode: OwnerMode): void {
    this.ownerMode = mode;
  }

  attachedOwnerMode(): OwnerMode | null {
    return this.ownerMode;
  }

  /** Owner mode until `untilMs` (epoch ms); extended by `touch` while active. */
  grantOwner(untilMs: number): void {
    this.ownerUntil = untilMs;
  }

  dropOwner(): void {
    if (!this.isPermanentOwner()) this.ownerUntil = null;
    this.ownerMode?.lock();
  }

  /** Extends owner mode on activity, up to the given idle window. */
  touch(idleWindowMs: number): void {
    if (this.ownerUntil !== null && Number.isFinite(this.ownerUntil) && this.role() === 'owner') {
      this.ownerUntil = Math.max(this.ownerUntil, this.clock() + idleWindowMs);
    }
    this.ownerMode?.touch();
  }
}
