import Database from 'better-sqlite3';
const db = new Database('/tmp/c100k.db', { readonly: true });
const ACTIVE = 'c.deleted_at IS NULL AND c.merged_into IS NULL';
const qs: [string, string, unknown[]][] = [
  ['exactName', `SELECT id FROM customers c WHERE name = ? AND ${ACTIVE} LIMIT 200`, ['王伟']],
  ['namePrefix', `SELECT id FROM customers c WHERE name >= ? AND name < ? AND ${ACTIVE} LIMIT ?`, ['王', '王\u{10FFFF}', 400]],
  ['nameContains', `SELECT c.id FROM customers c INDEXED BY customers_name WHERE instr(c.name, ?) > 0 AND ${ACTIVE} LIMIT ?`, ['小明', 400]],
  ['suffix', `SELECT id FROM customers c WHERE phone_rev >= ? AND phone_rev < ? AND ${ACTIVE} LIMIT ?`, ['8765', '8765:', 400]],
  ['fts', `SELECT m.customer_id FROM customer_search_fts f JOIN local_customer_search m ON m.fts_rowid = f.rowid JOIN customers c ON c.id = m.customer_id WHERE customer_search_fts MATCH ? AND ${ACTIVE} LIMIT ?`, ['{phone_digits} : "5678"', 400]],
  ['ftsname', `SELECT m.customer_id FROM customer_search_fts f JOIN local_customer_search m ON m.fts_rowid = f.rowid JOIN customers c ON c.id = m.customer_id WHERE customer_search_fts MATCH ? AND ${ACTIVE} LIMIT ?`, ['{name} : "王小明"', 400]],
  ['pinyin', `SELECT id FROM customers c WHERE name_pinyin >= ? AND name_pinyin < ? AND ${ACTIVE} LIMIT ?`, ['wang', 'wang\u{10FFFF}', 400]],
  ['tagged', `SELECT ct.customer_id FROM tags t JOIN customer_tags ct ON ct.tag_id = t.id JOIN customers c ON c.id = ct.customer_id WHERE t.deleted_at IS NULL AND instr(lower(t.name), lower(?)) > 0 AND ${ACTIVE} LIMIT ?`, ['王', 400]],
  ['member', `SELECT id FROM customers c WHERE member_no = ? AND ${ACTIVE}`, ['X']],
];
for (const [name, sql, params] of qs) {
  const plan = (db.prepare('EXPLAIN QUERY PLAN ' + sql).all(...params) as {detail:string}[]).map(r=>r.detail).join(' | ');
  const st = db.prepare(sql); const t = performance.now(); const n = st.all(...params).length; 
  console.log(name, n, (performance.now()-t).toFixed(1)+'ms', plan);
}
console.log(db.prepare('select name, name_pinyin, phone_digits, phone_rev, email, member_no from customers limit 3').all());
