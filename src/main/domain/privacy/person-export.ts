import type { ReadableDB } from '../../db/connection';
import type { ExportedFile } from '../../../shared/contract/audit';
import type { PersonExport } from '../../../shared/contract/privacy';
import { PatronError } from '../../../shared/errors';

type Row = Record<string, unknown>;

/** Everything held about one person, section by section (the order of the HTML page). */
export interface PersonData {
  readonly customer: Row;
  readonly sections: Readonly<Record<string, readonly Row[]>>;
}

/**
 * Each query selects all columns (`*`), so columns added by later migrations are exported without
 * this file changing. Rows are only those tied to this person's id.
 */
const SECTION_QUERIES: Readonly<Record<string, string>> = {
  consents: `SELECT * FROM consents WHERE customer_id = ? ORDER BY recorded_at`,
  tags: `SELECT t.name, t.color, ct.created_at FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id
         WHERE ct.customer_id = ? ORDER BY t.name`,
  purchases: `SELECT * FROM purchases WHERE customer_id = ? ORDER BY purchased_at`,
  purchase_lines: `SELECT pl.* FROM purchase_lines pl JOIN purchases p ON p.id = pl.purchase_id
                   WHERE p.customer_id = ? ORDER BY p.purchased_at, pl.id`,
  customer_costs: `SELECT * FROM customer_costs WHERE customer_id = ? ORDER BY occurred_at`,
  interactions: `SELECT * FROM interactions WHERE customer_id = ? ORDER BY occurred_at`,
  complaints: `SELECT * FROM complaints WHERE customer_id = ? ORDER BY received_at`,
  complaint_events: `SELECT ce.* FROM complaint_events ce JOIN complaints c ON c.id = ce.complaint_id
                     WHERE c.customer_id = ? ORDER BY ce.at`,
  reminders: `SELECT * FROM reminders WHERE customer_id = ? ORDER BY due_at`,
  customer_changes: `SELECT * FROM customer_changes WHERE customer_id = ? ORDER BY changed_at`,
  campaign_contacts: `SELECT cc.*, ca.name AS campaign_name, ca.channel AS campaign_channel
                      FROM campaign_contacts cc JOIN campaigns ca ON ca.id = cc.campaign_id
                      WHERE cc.customer_id = ? ORDER BY cc.sent_at`,
  // Merges this person took part in (their fields before the merge, and what moved).
  customer_merges: `SELECT * FROM customer_merges WHERE ? IN (survivor_id, merged_id) ORDER BY merged_at`,
  referred_customers: `SELECT id, name FROM customers WHERE referred_by = ? AND deleted_at IS NULL ORDER BY name`,
};

export function collectPersonData(db: ReadableDB, customerId: string): PersonData {
  const customer = db.prepare(`SELECT * FROM customers WHERE id = ?`).get(customerId) as Row | undefined;
  if (!customer) throw new PatronError('not_found', 'There is no such customer.', { customerId });
  const sections = Object.fromEntries(
    Object.entries(SECTION_QUERIES).map(([name, sql]) => [name, db.prepare(sql).all(customerId) as Row[]]),
  );
  return { customer, sections };
}

export function sectionCounts(data: PersonData): Record<string, number> {
  return Object.fromEntries(Object.entries(data.sections).map(([name, rows]) => [name, rows.length]));
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  return escapeHtml(typeof value === 'string' ? value : JSON.stringify(value));
}

function table(rows: readonly Row[]): string {
  if (rows.length === 0) return '<p class="empty">—</p>';
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const head = columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
  const body = rows
    .map((row) => `<tr>${columns.map((c) => `<td>${cell(row[c])}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/**
 * A self-contained page to read or print to PDF. No script at all and the CSP in the page forbids
 * any, so opening the file is safe even though it carries the customer's own free text.
 */
export function renderPersonHtml(data: PersonData, shopName: string, exportedAt: string): string {
  const fields = Object.entries(data.customer)
    .filter(([, value]) => value !== null && value !== '')
    .map(([key, value]) => `<tr><th>${escapeHtml(key)}</th><td>${cell(value)}</td></tr>`)
    .join('\n');
  const sections = Object.entries(data.sections)
    .map(([name, rows]) => `<h2>${escapeHtml(name)} (${rows.length})</h2>\n${table(rows)}`)
    .join('\n');
  return `<!doctype html>
<html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${cell(data.customer.name)} — ${escapeHtml(shopName)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2em;font-size:13px}table{border-collapse:collapse;margin-bottom:1.5em}
th,td{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}th{background:#f4f4f4}.empty{color:#888}</style>
</head><body>
<h1>${cell(data.customer.name)}</h1>
<p>${escapeHtml(shopName)} · ${escapeHtml(exportedAt)}</p>
<table>${fields}</table>
${sections}
</body></html>
`;
}

export function renderPersonExport(data: PersonData, shopName: string, exportedAt: string): PersonExport {
  const base = `person-${String(data.customer.id)}-${exportedAt.slice(0, 10)}`;
  const json: ExportedFile = {
    fileName: `${base}.json`,
    mimeType: 'application/json',
    content: JSON.stringify(
      { exportedAt, shop: shopName, customer: data.customer, ...data.sections },
      null,
      2,
    ),
    rowCount: 1 + Object.values(data.sections).reduce((sum, rows) => sum + rows.length, 0),
  };
  const html: ExportedFile = {
    fileName: `${base}.html`,
    mimeType: 'text/html',
    content: renderPersonHtml(data, shopName, exportedAt),
    rowCount: json.rowCount,
  };
  return { json, html };
}
