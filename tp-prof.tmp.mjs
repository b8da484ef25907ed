// Summarise a .cpuprofile: self time by function (top N).
import { readFileSync } from 'node:fs';
const prof = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const self = new Map(); const byId = new Map(prof.nodes.map(n => [n.id, n]));
const dt = prof.timeDeltas; let total = 0;
prof.samples.forEach((id, i) => { const n = byId.get(id); const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber}`; self.set(k, (self.get(k) ?? 0) + (dt[i] ?? 0)); total += dt[i] ?? 0; });
console.log('total ms', (total/1000).toFixed(0));
[...self.entries()].sort((a,b)=>b[1]-a[1]).slice(0, Number(process.argv[3] ?? 30)).forEach(([k,v]) => console.log((v/1000).toFixed(0).padStart(7), k));
