import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../../helpers/cli';

describe('cli analyze on a shop whose data cannot carry the models', () => {
  it('says why BG/NBD was not fitted, in the words the card uses', () => {
    const dir = tempDir('patron-verdict-');
    const dbFile = path.join(dir, 'shop.db');
    const csv = path.join(dir, 'once.csv');
    // Forty customers who each bought once: no repeat buyer to fit a purchase model on.
    const lines = ['customer_code,date,amount'];
    for (let i = 0; i < 40; i++) lines.push(`C${i},2025-${1 + (i % 12)}-${1 + (i % 28)},${10 + i}`);
    writeFileSync(csv, lines.join('\n'));
    expect(runCli(['init', '--db', dbFile, '--name', 'Once']).status).toBe(0);
    expect(runCli(['import', 'purchases', csv, '--db', dbFile, '--no-backup']).status).toBe(0);
    const result = runCli(['analyze', '--db', dbFile, '--as-of', '2025-12-31']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('BG/NBD not fitted');
    expect(result.stdout).toContain('data-sufficiency verdict:');
    expect(result.stdout).toContain('Only 0 customers bought more than once (at least 50 are needed');
  }, 60_000);
});
