import { afterEach, describe, expect, it } from 'vitest';
import type { EventMap } from '../../../src/shared/contract';
import { defaultAnalysisSettings } from '../../../src/shared/analysis/settings';
import { analysisService } from '../../../src/main/domain/analysis/analysis.service';
import { openTestShop, type TestShop } from '../../helpers/core';

const shops: TestShop[] = [];
afterEach(async () => {
  for (const shop of shops.splice(0)) await shop.close();
});

async function demoShop(customers = 300): Promise<TestShop> {
  const shop = await openTestShop({ setup: false });
  shops.push(shop);
  await shop.staff.call('shop.createDemo', { customers, locale: 'en', seed: 7 });
  return shop;
}

function nextDone(shop: TestShop): Promise<EventMap['analysis.done']> {
  return new Promise((resolve) => {
    const off = shop.core.events.on('analysis.done', (payload) => {
      off();
      resolve(payload);
    });
  });
}

const count = (shop: TestShop, sql: string, ...params: unknown[]): number =>
  shop.core.db.prepare(sql).pluck().get(...params) as number;

describe('analysis service through the command table', () => {
  it('runs in a worker, reports progress, stores one snapshot row per live customer and the run record', async () => {
    const shop = await demoShop();
    const progress: EventMap['analysis.progress'][] = [];
    shop.core.events.on('analysis.progress', (p) => progress.push(p));
    const done = nextDone(shop);
    const { runId, alreadyRunning } = await shop.staff.call('analysis.run', {});
    expect(alreadyRunning).toBe(false);
    const again = await shop.staff.call('analysis.run', {});
    expect(again).toEqual({ runId, alreadyRunning: true });
    expect((await shop.staff.call('analysis.status', {})).running?.runId).toBe(runId);

    expect(await done).toEqual({ runId, status: 'done' });
    const status = await shop.staff.call('analysis.status', {});
    expect(status.running).toBeNull();
    expect(status.latest?.id).toBe(runId);
    expect(status.latest?.sufficiency?.reasons.length).toBeGreaterThan(0);
    expect(status.latest?.timings?.writeMs).toBeGreaterThan(0);
    expect(status.latest?.timings?.peakWorkerHeapBytes).toBeGreaterThan(0);

    const customers = count(shop, `SELECT COUNT(*) FROM customers WHERE deleted_at IS NULL`);
    expect(count(shop, `SELECT COUNT(*) FROM local_analysis_snapshot WHERE run_id = ?`, runId)).toBe(customers);
    expect(status.latest?.customers).toBe(customers);
    // Every buyer has its labels and reasons (stored compactly: slot 3 is the lifecycle stage's,
    // 0 when there is none); prospects are labelled prospects.
    expect(
      count(
        shop,
        `SELECT COUNT(*) FROM local_analysis_snapshot WHERE run_id = ? AND frequency > 0
           AND (segment IS NULL OR abc_class IS NULL OR value_tier IS NULL
                OR COALESCE(json_extract(reasons, '$[3]'), 0) = 0)`,
        runId,
      ),
    ).toBe(0);
    const stages = progress.filter((p) => p.runId === runId).map((p) => p.stage);
    expect(stages).toContain('read');
    expect(stages).toContain('bgnbd');
    expect(stages[stages.length - 1]).toBe('write');
    // The snapshot commit relaxes durability for itself only; sales commit with FULL again.
    expect(shop.core.db.pragma('synchronous', { simple: true })).toBe(2);
    const percents = progress.map((p) => p.done);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
  });

  it('keeps only the newest done run and the one before it', async () => {
    const shop = await demoShop(60);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { done, runId } = analysisService(shop.core.context).start('manual');
      expect((await done).status).toBe('done');
      ids.push(runId);
    }
    const kept = shop.core.db.prepare(`SELECT id FROM local_analysis_runs ORDER BY started_at`).pluck().all();
    expect(kept).toEqual(ids.slice(1));
    expect(count(shop, `SELECT COUNT(*) FROM local_analysis_snapshot WHERE run_id = ?`, ids[0])).toBe(0);
  });

  it('cancels a run: the previous snapshot stays the latest and the run is marked cancelled', async () => {
    const shop = await demoShop(200);
    const first = await analysisService(shop.core.context).start('manual').done;
    const done = nextDone(shop);
    const { runId } = await shop.staff.call('analysis.run', {});
    expect(await shop.staff.call('analysis.cancel', {})).toEqual({ cancelled: true });
    expect(await done).toEqual({ runId, status: 'cancelled' });
    const status = await shop.staff.call('analysis.status', {});
    expect(status.latest?.id).toBe(first.runId);
    expect(status.lastAttempt?.status).toBe('cancelled');
    expect(count(shop, `SELECT COUNT(*) FROM local_analysis_snapshot WHERE run_id = ?`, runId)).toBe(0);
    expect(await shop.staff.call('analysis.cancel', {})).toEqual({ cancelled: false });
    // The pool recovers from the terminated worker.
    expect((await analysisService(shop.core.context).start('manual').done).status).toBe('done');
  });

  it('debounces re-run requests (after imports) into one run', async () => {
    const shop = await demoShop(40);
    const service = analysisService(shop.core.context);
    const done = nextDone(shop);
    service.requestRun('import', 30);
    service.requestRun('import', 30);
    service.requestRun('import', 30);
    expect((await done).status).toBe('done');
    expect(count(shop, `SELECT COUNT(*) FROM local_analysis_runs`)).toBe(1);
    expect((await shop.staff.call('analysis.status', {})).latest?.timings?.trigger).toBe('import');
  });

  it('starts on schedule when there is no recent run, and not again when there is', async () => {
    const shop = await demoShop(40);
    const service = analysisService(shop.core.context);
    const done = nextDone(shop);
    service.startSchedule();
    expect((await done).status).toBe('done');
    service.startSchedule(); // already scheduled: no second timer, no second run
    expect(count(shop, `SELECT COUNT(*) FROM local_analysis_runs`)).toBe(1);
  });

  it('refuses to analyse a shop that was never set up', async () => {
    const shop = await openTestShop({ setup: false });
    shops.push(shop);
    await expect(shop.staff.call('analysis.run', {})).rejects.toMatchObject({ code: 'not_initialized' });
  });
});

describe('analysis settings', () => {
  it('staff may read, only the owner may change or reset, and a run uses the stored settings', async () => {
    const shop = await demoShop(40);
    expect(await shop.staff.call('analysis.settings.get', {})).toEqual(defaultAnalysisSettings);
    const changed = { ...defaultAnalysisSettings, value: { ...defaultAnalysisSettings.value, grossMarginPct: 35 } };
    await expect(shop.staff.call('analysis.settings.update', changed)).rejects.toMatchObject({ code: 'forbidden' });
    expect((await shop.owner.call('analysis.settings.update', changed)).value.grossMarginPct).toBe(35);
    expect((await shop.staff.call('analysis.settings.get', {})).value.grossMarginPct).toBe(35);

    const { done, runId } = analysisService(shop.core.context).start('manual');
    await done;
    const params = JSON.parse(
      shop.core.db.prepare(`SELECT params FROM local_analysis_runs WHERE id = ?`).pluck().get(runId) as string,
    ) as typeof defaultAnalysisSettings;
    expect(params.value.grossMarginPct).toBe(35);

    await expect(
      shop.owner.call('analysis.settings.update', { ...changed, abc: { aCutoffShare: 0.9, bCutoffShare: 0.8 } }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(shop.staff.call('analysis.settings.reset', {})).rejects.toMatchObject({ code: 'forbidden' });
    expect(await shop.owner.call('analysis.settings.reset', {})).toEqual(defaultAnalysisSettings);
    expect(await shop.staff.call('analysis.settings.get', {})).toEqual(defaultAnalysisSettings);
  });
});
