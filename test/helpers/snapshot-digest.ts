import type { ReadableDB } from '../../src/main/db/connection';
import { decodeReasons, parseReasonShapes } from '../../src/shared/analysis/reason-codec';

/** Stable JSON: object keys sorted, so the digest pins values, not the order they were built in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Every snapshot column but the run id, reasons and suggestions decoded, plus the run's rules.
 * (Before compact reasons the helper parsed the reasons JSON; `decodeReasons` reads that form
 * unchanged, so the pinned digest compares the same values.)
 */
export function snapshotDigestRows(
  db: ReadableDB,
  runId: string,
): { text: string; customers: number; rules: number } {
  const rows = db
    .prepare(`SELECT * FROM local_analysis_snapshot WHERE run_id = ? ORDER BY customer_id`)
    .all(runId) as Record<string, unknown>[];
  const shapes = parseReasonShapes(
    db.prepare(`SELECT reason_shapes FROM local_analysis_runs WHERE id = ?`).pluck().get(runId) as string | null,
  );
  const parts: string[] = [];
  for (const row of rows) {
    const { run_id: _run, reasons, suggestions, ...rest } = row;
    parts.push(
      canonical({
        ...rest,
        reasons: decodeReasons(reasons as string, shapes),
        suggestions: suggestions === null ? null : (JSON.parse(suggestions as string) as unknown),
      }),
    );
  }
  const rules = db
    .prepare(
      `SELECT level, antecedent, consequent, support, confidence, lift FROM local_analysis_rules
       WHERE run_id = ? ORDER BY level, antecedent, consequent`,
    )
    .all(runId);
  parts.push(canonical(rules));
  return { text: parts.join('\n'), customers: rows.length, rules: rules.length };
}
