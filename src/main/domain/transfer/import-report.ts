/**
 * Plain-English texts of row issues for the CLI and the downloadable errors CSV. The renderer
 * translates the same codes itself (features/transfer/i18n.ts), in English and Chinese.
 */
import type { ImportSummary, ImportIssue, RejectedImportRow } from '../../../shared/contract/transfer';
import { writeCsv } from './formats';
import type { RowIssueCode } from './rows';

const MESSAGES: Record<RowIssueCode, string> = {
  required: 'a value is required',
  missing_customer: 'no customer number, member number, phone or name',
  invalid_phone: 'not a phone number ({reason})',
  invalid_email: 'not an email address',
  invalid_date: 'not a date ({reason})',
  future_date: 'date is after today ({today})',
  invalid_gender: 'unknown gender',
  invalid_kind: 'unknown customer kind',
  invalid_boolean: 'not yes/no',
  invalid_credit_rating: 'credit rating must be A, B, C or D',
  invalid_money: 'not an amount of money ({reason})',
  invalid_quantity: 'not a quantity',
  invalid_discount: 'a discount cannot be negative',
  invalid_code: 'not a valid code ({reason})',
  too_long: 'too long (at most {max} characters)',
  too_many_tags: 'too many tags',
  invalid_value: 'invalid value',
  unterminated_quote: 'a quoted field is never closed',
  malformed_quotes: 'text after a closing quote',
  too_many_fields: 'more fields than headers ({found} for {expected})',
  money_rounded: 'amount rounded',
  amount_derived: 'amount computed from unit price × quantity',
  source_unrecognised: 'unknown source, kept as "other"',
  duplicate_phone: 'second phone equals the first',
  field_dropped: 'value dropped',
};

export function describeIssue(issue: ImportIssue): string {
  const template = MESSAGES[issue.code as RowIssueCode] ?? issue.code;
  const text = template.replace(/\{(\w+)\}/g, (_match, name: string) => String(issue.params?.[name] ?? '?'));
  return issue.field === null ? text : `${issue.field}: ${text}`;
}

/** One CSV row per issue: line, field, code, value, message (UTF-8 with BOM for Excel). */
export function rejectedRowsCsv(rows: readonly RejectedImportRow[]): Buffer {
  const cells: (string | number | null)[][] = [];
  for (const row of rows) {
    for (const issue of row.issues) {
      cells.push([row.line, issue.field, issue.code, issue.value ?? null, describeIssue(issue)]);
    }
  }
  return writeCsv(['line', 'field', 'code', 'value', 'message'], cells);
}

export function summaryLines(summary: ImportSummary): string[] {
  const verb = summary.dryRun ? 'would be' : 'were';
  const lines = [
    `${summary.dryRun ? 'Dry run: ' : ''}${summary.rows} rows read in ${summary.seconds.toFixed(2)} s`,
    `  created     ${summary.created}`,
    `  updated     ${summary.updated}`,
    `  unchanged   ${summary.unchanged}`,
    `  duplicates  ${summary.duplicates}`,
    `  rejected    ${summary.rejected}`,
  ];
  if (summary.kind === 'purchases') {
    lines.push(
      `  ${summary.purchasesCreated} purchases (${summary.linesCreated} lines) and ` +
        `${summary.customersCreated} new customers ${verb} created`,
    );
  }
  if (summary.warnings > 0) lines.push(`  ${summary.warnings} rows kept with a warning`);
  if (summary.unmappedHeaders.length > 0)
    lines.push(`  ignored columns: ${summary.unmappedHeaders.join(', ')}`);
  return lines;
}
