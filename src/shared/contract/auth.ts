import { z } from 'zod';
import { command } from './define';
import type { Role } from './define';

/** What the header and the PIN dialog need to know about owner mode in this window. */
export interface AuthStatus {
  readonly role: Role;
  /** False until the owner has chosen a PIN or password (first owner action asks for one). */
  readonly ownerSecretSet: boolean;
  /** Milliseconds until unlocking may be tried again after too many wrong PINs (0 = now). */
  readonly lockedForMs: number;
  /** Milliseconds of inactivity left before owner mode ends (null in staff mode, or for the CLI). */
  readonly ownerIdleLeftMs: number | null;
  /** Idle time after which owner mode ends. */
  readonly idleTimeoutMs: number;
}

export type UnlockResult =
  | { readonly kind: 'unlocked' }
  | { readonly kind: 'already-owner' }
  | { readonly kind: 'rejected'; readonly attemptsLeft: number }
  | { readonly kind: 'locked-out'; readonly retryAfterMs: number };

/** The typed secret; its rules (6–12 digit PIN or 8+ character password) are checked in main. */
const secretSchema = z.string().min(1).max(512);

export const authCommands = {
  /** Staff or owner mode for this window, whether a PIN exists, and any lockout. Never extends owner mode. */
  'auth.status': command<AuthStatus>()({ input: z.object({}), mutates: false, role: 'staff' }),
  /**
   * First run only: chooses the owner PIN (or password) and unlocks owner mode for this window.
   * Refused with `conflict` once a secret exists — changing it is `auth.changePin`, an owner command.
   */
  'auth.setupPin': command<AuthStatus>()({
    input: z.object({ secret: secretSchema }),
    mutates: true,
    role: 'staff',
  }),
  /** Replaces the owner secret; the current one must be typed again. Audited. */
  'auth.changePin': command<AuthStatus>()({
    input: z.object({ current: secretSchema, next: secretSchema }),
    mutates: true,
    role: 'owner',
  }),
  /** Owner mode for this window if the secret is right; wrong secrets count towards a lockout. */
  'auth.unlock': command<UnlockResult>()({
    input: z.object({ secret: secretSchema }),
    mutates: true,
    role: 'staff',
  }),
  /** Leaves owner mode now ("lock now"). */
  'auth.lock': command<AuthStatus>()({ input: z.object({}), mutates: false, role: 'staff' }),
  /** User input in the window: keeps owner mode alive (the renderer sends it throttled). */
  'auth.activity': command<AuthStatus>()({ input: z.object({}), mutates: false, role: 'staff' }),
};
