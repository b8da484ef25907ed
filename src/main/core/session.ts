import type { Role } from '../../shared/contract';

export type SessionOrigin = 'electron' | 'preview' | 'cli' | 'test';

/**
 * Who is calling. One per window (Electron) or per browser tab token
 * (preview); the CLI acts as the owner, since whoever can run it can read the
 * database file anyway. Owner mode is granted for a limited time and ends
 * after inactivity; the router asks `role()` on every call.
 */
export class Session {
  private ownerUntil: number | null;

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
    return 'staff';
  }

  /** Owner mode until `untilMs` (epoch ms); extended by `touch` while active. */
  grantOwner(untilMs: number): void {
    this.ownerUntil = untilMs;
  }

  dropOwner(): void {
    this.ownerUntil = null;
  }

  /** Extends owner mode on activity, up to the given idle window. */
  touch(idleWindowMs: number): void {
    if (this.ownerUntil !== null && Number.isFinite(this.ownerUntil) && this.role() === 'owner') {
      this.ownerUntil = Math.max(this.ownerUntil, this.clock() + idleWindowMs);
    }
  }
}
