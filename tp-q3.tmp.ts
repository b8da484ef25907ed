import Database from 'better-sqlite3';
import { selectCustomersForExport, latestDoneRunId } from './src/main/domain/transfer/transfer.repo';
const db = new Database('/tmp/tp-100k.db', { readonly: true });
const run = latestDoneRunId(db as never); if (process.env.MMAP) db.pragma('mmap_size=' + process.env.MMAP); if (process.env.CACHE) db.pragma('cache_size=' + process.env.CACHE);
const t = (label: string, fn: () => unknown) => { const c = process.cpuUsage(); const s = performance.now(); fn(); const u = process.cpuUsage(c); console.log(label.padEnd(20), ((performance.now()-s)/1000).toFixed(2), 's wall', ((u.user+u.system)/1e6).toFixed(2), 's cpu'); };
for (let i = 0; i < 2; i++) {
t('none', () => selectCustomersForExport(db as never, {}, run, { referrer: false, tags: false, consent: false, labels: false }));
t('referrer', () => selectCustomersForExport(db as never, {}, run, { referrer: true, tags: false, consent: false, labels: false }));
t('tags', () => selectCustomersForExport(db as never, {}, run, { referrer: false, tags: true, consent: false, labels: false }));
t('consent', () => selectCustomersForExport(db as never, {}, run, { referrer: false, tags: false, consent: true, labels: false }));
t('labels', () => selectCustomersForExport(db as never, {}, run, { referrer: false, tags: false, consent: false, labels: true }));
}
