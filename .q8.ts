import Database from 'better-sqlite3';
import { customersForExport, latestDoneRunId } from './src/main/domain/transfer/transfer.repo';
const db = new Database('/tmp/exs-100k.db', { readonly: true });
function t<T>(label: string, f: () => T): T { const c = process.cpuUsage(); const s = performance.now(); const r = f(); const u = process.cpuUsage(c); console.log(label.padEnd(34), ((performance.now() - s)/1000).toFixed(3), 'cpu', ((u.user+u.system)/1e6).toFixed(3), r); return r; }
const run = latestDoneRunId(db);
const none = { referrer: false, tags: false, consent: false, labels: false };
for (let i = 0; i < 2; i++) {
  for (const part of ['referrer', 'tags', 'consent', 'labels'])
  t('only ' + part, () => { let n = 0; for (const r of customersForExport(db, {}, run, { ...none, [part]: true })) n++; return n; });
}
