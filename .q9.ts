import Database from 'better-sqlite3';
const db = new Database('/tmp/exs-100k.db', { readonly: true });
for (const q of [`SELECT DISTINCT r.id, COALESCE(r.member_no, r.name) FROM customers c JOIN customers r ON r.id = c.referred_by WHERE c.referred_by IS NOT NULL`, `SELECT id, COALESCE(member_no, name) FROM customers WHERE id IN (SELECT referred_by FROM customers WHERE referred_by IS NOT NULL)`, `SELECT customer_id, group_concat(tag_id, char(31)) FROM customer_tags GROUP BY customer_id`])
  console.log(db.prepare('EXPLAIN QUERY PLAN ' + q).all().map((r: any) => r.detail));
