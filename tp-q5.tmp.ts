import { PatronCore } from './src/main/core/core';
import { runExport } from './src/main/domain/transfer/transfer.service';
const core = PatronCore.open({ dbFile: '/tmp/tp-100k.db', transport: 'direct' });
for (let i = 0; i < 2; i++) {
  const c = process.cpuUsage();
  const r = await runExport(core.db, { format: (process.env.FMT ?? 'csv') as 'csv', filter: {}, actorRole: 'owner', clock: core.context.clock });
  const u = process.cpuUsage(c);
  console.log(r.rows, r.stageMs, ((u.user + u.system) / 1e6).toFixed(2));
}
await core.close();
