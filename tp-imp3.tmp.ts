import Database from 'better-sqlite3';
const proto = Object.getPrototypeOf(new Database(':memory:').prepare('select 1'));
const orig = proto.run; let n = 0;
proto.run = function (this: { source: string; database: Database.Database }, ...args: unknown[]) {
  if (this.source.includes('INTO purchases') && n++ < 3) { console.log(JSON.stringify(args)); console.log(this.database.pragma('foreign_keys'), this.database.pragma('cache_size'), this.database.pragma('defer_foreign_keys'), this.database.inTransaction); }
  return orig.apply(this, args);
};
await import('./tp-imp.tmp.ts');
