import Database from 'better-sqlite3';
const proto = Object.getPrototypeOf(new Database(':memory:').prepare('select 1'));
const times = new Map<string, [number, number]>();
for (const m of ['run', 'get', 'all']) {
  const orig = proto[m];
  proto[m] = function (this: { source: string }, ...args: unknown[]) {
    const s = performance.now(); try { return orig.apply(this, args); } finally { const k = m + ' ' + this.source.replace(/\s+/g, ' ').slice(0, 70); const e = times.get(k) ?? [0, 0]; e[0] += performance.now() - s; e[1]++; times.set(k, e); }
  };
}
process.on('exit', () => { [...times.entries()].sort((a, b) => b[1][0] - a[1][0]).slice(0, 12).forEach(([k, [t, n]]) => console.log(t.toFixed(0).padStart(8), 'ms', String(n).padStart(8), k)); });
await import('./tp-imp.tmp.ts');
