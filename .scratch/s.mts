import { openWritable } from '../src/main/db/connection';
import { migrate } from '../src/main/db/migrate';
import { searchRepo } from '../src/main/domain/customers/customers.repo';
import { searchCustomers } from '../src/main/domain/customers/search';
const db = openWritable(process.argv[2]!);
let t = performance.now(); migrate(db); console.log('migrate', (performance.now()-t).toFixed(0), 'ms');
const repo = searchRepo(db);
for (const q of ['王伟', '小明', '王', 'wang', 'wangwei', 'ww', '5678', '13349798139', '349798', 'sunze8', 'D1-000002', 'VIP', '孙泽', '李伟安', 'z', 'foxmail', '会员', '伟安', '晓安']) {
  searchCustomers(repo, q, 20, 'CN');
  const times: number[] = [];
  let r = [] as ReturnType<typeof searchCustomers>;
  for (let i = 0; i < 20; i++) { t = performance.now(); r = searchCustomers(repo, q, 20, 'CN'); times.push(performance.now() - t); }
  times.sort((a,b)=>a-b);
  console.log(q.padEnd(14), r.length, 'median', times[10]!.toFixed(2), 'max', times[19]!.toFixed(2), r.slice(0,3).map(h=>h.name+':'+h.match).join(' '));
}
