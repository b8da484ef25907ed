import { afterEach, describe, expect, it } from 'vitest';
import { analysisService } from '../../../src/main/domain/analysis/analysis.service';
import { openTestShop, type TestShop } from '../../helpers/core';

const shops: TestShop[] = [];
afterEach(async () => {
  for (const shop of shops.splice(0)) await shop.close();
});

// Backups leave the analysis store out (derived data): after a restore, a run of the restored file
// whose rows the store no longer holds must not be shown, and rows of runs the restored file does
// not know must go.
describe('restore and the analysis store', () => {
  it('marks a restored run whose rows were pruned since as failed and removes the newer runs’ rows', async () => {
    const shop = await openTestShop({ setup: false });
    shops.push(shop);
    await shop.staff.call('shop.createDemo', { customers: 60, locale: 'en', seed: 4 });
    const service = analysisService(shop.core.context);
    const run = async (): Promise<string> => {
      const outcome = await service.start('manual').done;
      expect(outcome.status).toBe('done');
      return outcome.runId;
    };
    const rowsOf = (runId: string): number =>
      shop.core.db
        .prepare(`SELECT count(*) FROM local_analysis_snapshot WHERE run_id = ?`)
        .pluck()
        .get(runId) as number;
    const backedUp = await run();
    const backup = await shop.owner.call('backup.create', {});
    // Two more runs: the first one's rows are pruned from the store.
    await run();
    const newest = await run();
    expect(rowsOf(backedUp)).toBe(0);
    expect(rowsOf(newest)).toBeGreaterThan(0);

    await shop.owner.call('backup.restore', { name: backup.name });
    expect(
      shop.core.db.prepare(`SELECT status, error FROM local_analysis_runs WHERE id = ?`).get(backedUp),
    ).toEqual({ status: 'failed', error: 'snapshot missing' });
    expect((await shop.staff.call('analysis.status', {})).latest?.id ?? null).not.toBe(backedUp);
    await service.settled();
    expect(rowsOf(newest)).toBe(0);
  }, 120_000);
});
