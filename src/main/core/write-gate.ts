/**
 * Lets one long writer (the analysis snapshot: 100k rows written in chunks, yielding to the event
 * loop between them) keep its transaction open across ticks without another command's write landing
 * inside it. better-sqlite3 would turn such a write into a savepoint of the open transaction, so it
 * would commit or roll back with the snapshot. Mutating commands pass through `shared` (many at
 * once, as before); `exclusive` waits for them to finish and holds the others back, asynchronously,
 * until its work is done. Reads are never held back.
 */
export class WriteGate {
  private active = 0;
  private exclusiveHeld = false;
  private readonly waitingShared: (() => void)[] = [];
  private readonly waitingExclusive: (() => void)[] = [];

  async shared<T>(run: () => Promise<T> | T): Promise<T> {
    if (this.exclusiveHeld || this.waitingExclusive.length > 0) {
      await new Promise<void>((resolve) => this.waitingShared.push(resolve));
    }
    this.active++;
    try {
      return await run();
    } finally {
      this.active--;
      this.wake();
    }
  }

  async exclusive<T>(run: () => Promise<T> | T): Promise<T> {
    if (this.exclusiveHeld || this.active > 0) {
      await new Promise<void>((resolve) => this.waitingExclusive.push(resolve));
    } else {
      this.exclusiveHeld = true;
    }
    try {
      return await run();
    } finally {
      this.exclusiveHeld = false;
      this.wake();
    }
  }

  private wake(): void {
    if (this.exclusiveHeld) return;
    if (this.active === 0 && this.waitingExclusive.length > 0) {
      this.exclusiveHeld = true;
      this.waitingExclusive.shift()!();
      return;
    }
    if (this.waitingExclusive.length === 0) {
      for (const resolve of this.waitingShared.splice(0)) {
        resolve();
      }
    }
  }
}
