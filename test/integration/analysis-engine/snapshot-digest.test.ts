/**
 * Pins the whole snapshot of a seeded shop: every column of every customer's row, the reasons in
 * their decoded form, and the rules. The expected digest was computed by running this same test
 * against main's code before the storage and read-path changes (commit 9cf56d8), so a faster path
 * that changes any label, score or reason fails here. Category-level rules (issue 5) added 8 rules
 * to the digest; with those left out it still gave the pre-speed-up digest d73c3f7a…4958, so the
 * snapshot rows and the 18 product rules did not change.
 */
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { analysisService } from '../../../src/main/domain/analysis/analysis.service';
import { openTestShop, type TestShop } from '../../helpers/core';
import { snapshotDigestRows } from '../../helpers/snapshot-digest';

const shops: TestShop[] = [];
afterEach(async () => {
  for (const shop of shops.splice(0)) await shop.close();
});

const FIXED_NOW = new Date('2026-06-15T10:00:00Z');
const EXPECTED_DIGEST = '0e39b87e87c67cb37222374493329093df7d12ef6c26711e1340cdacfb8dcf5b';

describe('snapshot of a seeded shop', () => {
  it('is the same as the one main produced before the speed-ups', async () => {
    const shop = await openTestShop({ setup: false, clock: () => FIXED_NOW });
    shops.push(shop);
    await shop.staff.call('shop.createDemo', { customers: 2000, locale: 'en', seed: 1 });
    const outcome = await analysisService(shop.core.context).start('manual', { asOf: '2026-06-14' }).done;
    expect(outcome.status).toBe('done');
    const rows = snapshotDigestRows(shop.core.db, outcome.runId);
    expect(rows.customers).toBeGreaterThan(1900);
    const digest = createHash('sha256').update(rows.text).digest('hex');
    if (process.env.PRINT_SNAPSHOT_DIGEST) console.log('snapshot digest', digest, rows.customers, rows.rules);
    expect(digest).toBe(EXPECTED_DIGEST);
  }, 60_000);
});
