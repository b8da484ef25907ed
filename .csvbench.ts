// usage: node --import tsx csvbench.ts <format> <runs>   (run from the repo root)
import { PatronCore } from './src/main/core/core';
import { runExport } from './src/main/domain/transfer/transfer.service';
const format = (process.argv[2] ?? 'csv') as 'csv' | 'xlsx';
const runs = Number(process.argv[3] ?? 3);
const core = PatronCore.open({ dbFile: '/tmp/exs-100k.db', transport: 'direct' });
for (let i = 0; i < runs; i++) {
  const s = performance.now(); const c = process.cpuUsage();
  const r = await runExport(core.db, { format, filter: {}, actorRole: 'owner', clock: core.context.clock });
  const u = process.cpuUsage(c);
  console.log(`${process.cwd().includes('old') ? 'OLD' : 'NEW'} ${format} ${r.rows} ${(r.bytes.length/1e6).toFixed(1)}MB wall ${((performance.now()-s)/1000).toFixed(2)} cpu ${((u.user+u.system)/1e6).toFixed(2)} q ${(r.stageMs.query/1000).toFixed(2)} w ${(r.stageMs.write/1000).toFixed(2)}`);
}
await core.close();
