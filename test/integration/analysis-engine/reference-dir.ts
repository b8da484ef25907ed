/**
 * Finds /work/shared/data relative to the repository: `../shared/data` from the repo root, or, in a
 * git worktree (whose root sits elsewhere), from the main checkout's root. Never copied in.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../helpers/cli';
import type { CdnowPurchase } from '../../unit/analysis/reference-data';

function findDataDir(): string {
  const direct = path.resolve(repoRoot, '../shared/data');
  if (existsSync(direct)) return direct;
  try {
    const common = execFileSync('git', ['rev-parse', '--path-format=absolute', '--git-common-dir'], {
      cwd: repoRoot,
      encoding: 'utf8',
    }).trim();
    return path.resolve(path.dirname(common), '../shared/data');
  } catch {
    return direct;
  }
}

export const dataDir = findDataDir();
export const cdnowAvailable = existsSync(path.join(dataDir, 'CDNOW_sample.txt'));
export const dataSkipReason = `skipped when ${dataDir} is absent`;

/** CDNOW_sample.txt: master_id sample_id YYYYMMDD number_of_cds dollar_value; sample_id is the ID. */
export function loadCdnow(): CdnowPurchase[] {
  return readFileSync(path.join(dataDir, 'CDNOW_sample.txt'), 'utf8')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [, sampleId, date, cds, dollars] = line.trim().split(/\s+/);
      return { customerId: Number(sampleId), date: date ?? '', cds: Number(cds), cents: Math.round(Number(dollars) * 100) };
    });
}
