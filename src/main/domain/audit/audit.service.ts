import type { ReadableDB } from '../../db/connection';
import type { AuditFormat, AuditPage, ExportedFile } from '../../../shared/contract/audit';
import { listAudit, type AuditRow } from './audit.repo';

export function auditPage(
  db: ReadableDB,
  options: { limit: number; before?: string; action?: string },
): AuditPage {
  // One extra row tells whether an older page exists without a COUNT over the whole log.
  const rows = listAudit(db, { ...options, limit: options.limit + 1 });
  const entries = rows.slice(0, options.limit);
  return {
    entries,
    nextBefore: rows.length > options.limit ? (entries.at(-1)?.at ?? null) : null,
  };
}

function allAuditRows(db: ReadableDB): AuditRow[] {
  return listAudit(db, { limit: Number.MAX_SAFE_INTEGER }).reverse();
}

/** RFC 4180 field; a leading = + - @ is prefixed so a spreadsheet never runs it as a formula. */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function renderAuditExport(db: ReadableDB, format: AuditFormat, at: string): ExportedFile {
  const rows = allAuditRows(db);
  const stamp = at.slice(0, 10);
  if (format === 'json') {
    return {
      fileName: `patron-audit-${stamp}.json`,
      mimeType: 'application/json',
      content: JSON.stringify({ exportedAt: at, entries: rows }, null, 2),
      rowCount: rows.length,
    };
  }
  const header = ['at', 'role', 'action', 'entity', 'entity_id', 'details'];
  const lines = rows.map((row) =>
    [row.at, row.actorRole, row.action, row.entity ?? '', row.entityId ?? '', JSON.stringify(row.details)]
      .map(csvField)
      .join(','),
  );
  return {
    fileName: `patron-audit-${stamp}.csv`,
    mimeType: 'text/csv',
    // BOM so Excel on a Chinese Windows reads UTF-8.
    content: `\uFEFF${[header.join(','), ...lines].join('\r\n')}\r\n`,
    rowCount: rows.length,
  };
}
