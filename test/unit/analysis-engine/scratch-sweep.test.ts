import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeStaleScratch, scratchFileFor } from '../../../src/main/domain/analysis/snapshot-scratch.repo';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('analysis scratch files left behind', () => {
  it('are swept when their process is gone, and only then', () => {
    const dir = mkdtempSync(join(tmpdir(), 'patron-scratch-'));
    dirs.push(dir);
    // A process that has certainly exited, so its pid names no live Patron.
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    expect(gone).toBeGreaterThan(0);
    const stale = `patron-analysis-${gone}-019a577c-c0c2-74e0-b209-7c936df28109.sqlite`;
    for (const name of [stale, `${stale}-wal`, `${stale}-shm`]) writeFileSync(join(dir, name), 'x');
    const own = scratchFileFor(dir, '019a577c-c0c2-74e0-b209-000000000001');
    writeFileSync(own, 'x');
    writeFileSync(join(dir, 'patron-analysis-notes.txt'), 'not a scratch file');
    writeFileSync(join(dir, `other-${gone}-x.sqlite`), 'someone else’s');

    expect(removeStaleScratch(dir)).toBe(3);
    expect(existsSync(own)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(
      [own.slice(dir.length + 1), 'patron-analysis-notes.txt', `other-${gone}-x.sqlite`].sort(),
    );
  });
});
