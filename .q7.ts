import Database from 'better-sqlite3';
import { customersForExport, latestDoneRunId } from './src/main/domain/transfer/transfer.repo';
const db = new Database('/tmp/exs-100k.db', { readonly: true });
function t<T>(label: string, f: () => T): T { const c = process.cpuUsage(); const s = performance.now(); const r = f(); const u = process.cpuUsage(c); console.log(label.padEnd(34), ((performance.now() - s)/1000).toFixed(3), 'cpu', ((u.user+u.system)/1e6).toFixed(3), r); return r; }
const run = latestDoneRunId(db);
const none = { referrer: false, tags: false, consent: false, labels: false };
const all = { referrer: true, tags: true, consent: true, labels: true };
const cols = 'id kind name member_no phone phone_digits phone2 email wechat gender birthday address source referred_by company_name industry company_size contact_person contact_title notes credit_rating credit_limit_minor created_at'.split(' ');
for (let i = 0; i < 3; i++) {
  t('raw iterate ordered', () => { let n = 0; for (const r of db.prepare(`SELECT ${cols.map(c=>'c.'+c).join(', ')}, NULL, NULL, NULL FROM customers c WHERE c.deleted_at IS NULL AND c.merged_into IS NULL AND c.erased_at IS NULL ORDER BY c.created_at, c.id`).raw().iterate()) n++; return n; });
  t('generator no parts', () => { let n = 0; for (const r of customersForExport(db, {}, run, none)) n++; return n; });
  t('generator all parts', () => { let n = 0; for (const r of customersForExport(db, {}, run, all)) n++; return n; });
}
