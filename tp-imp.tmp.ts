import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { PatronCore } from './src/main/core/core';
import { readImportFile } from './src/main/domain/transfer/import';
import { runImport } from './src/main/domain/transfer/transfer.service';
const N = Number(process.env.N ?? 100000), C = Number(process.env.C ?? 20000);
const file = '/tmp/tp/imp-small.db';
for (const x of ['', '-wal', '-shm']) rmSync(file + x, { force: true });
const core = PatronCore.open({ dbFile: file, transport: 'direct' });
const cl = ['会员号,姓名,手机,生日,标签'];
for (let i = 0; i < C; i++) cl.push(`B${i},客户${i},139${String(i).padStart(8, '0')},1970-01-1${i % 10},${i % 7 === 0 ? 'VIP' : ''}`);
const pl = ['客户编号,日期,金额'];
for (let i = 0; i < N; i++) pl.push(`B${i % C},2025-${1 + (i % 12)}-${1 + (i % 28)},${1 + (i % 400)}.${i % 100}`);
for (const [kind, text] of [['customers', cl.join('\r\n')], ['purchases', pl.join('\r\n')]] as const) {
  const c = process.cpuUsage(); const s = performance.now();
  const parsed = await readImportFile(Buffer.from(text), 'x.csv');
  const r = runImport(core.db, { kind, file: parsed, dryRun: false, actorRole: 'owner', clock: core.context.clock });
  const u = process.cpuUsage(c);
  console.log(kind, r.created, r.rejected, ((performance.now() - s) / 1000).toFixed(2), 's wall', ((u.user + u.system) / 1e6).toFixed(2), 's cpu');
}
await core.close();
