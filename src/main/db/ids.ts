import { v7 as uuidv7 } from 'uuid';

/**
 * Every shared record gets a UUIDv7: globally unique without coordination (so
 * two counters or a future sync hub never collide) and time-ordered (so
 * primary-key B-trees stay append-mostly).
 */
export function newId(): string {
  return uuidv7();
}

export function nowIso(clock: () => Date = () => new Date()): string {
  return clock().toISOString();
}
