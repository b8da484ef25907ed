import { rmSync } from 'node:fs';

/** Deletes a SQLite file and its WAL companions (`-wal`, `-shm`); missing ones are fine. */
export function removeDatabaseFile(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
}
