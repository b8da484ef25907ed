/** Import and export rules shared by the command handlers and the CLI. */
import type { WritableDB } from '../../db/connection';
import { nowIso } from '../../db/ids';
import type { ExportFilter, ExportFormat, ImportSummary } from '../../../shared/contract/transfer';
import { minorDigits } from '../../../shared/money';
import {
  EXPORT_COLUMNS,
  exportCustomers,
  parseExportColumns,
  type ExportColumn,
  type ExportOutput,
  type ExportParallelism,
} from './export';
import { PatronError } from '../../../shared/errors';
import type { CountryCode } from '../../../shared/phone';
import type { DateOrder } from '../../../shared/dates';
import { appendAudit } from '../audit/audit.repo';
import { readProfile } from '../shop/shop.service';
import {
  importTable,
  resolveMapping,
  type ImportSource,
  type ImportStageMs,
  type PreparedFeed,
  type ReadImportFileResult,
} from './import';
import type { PreparePlan } from './import-feed';
import type { RowOptions } from './rows';
import type { ColumnMapping, ImportKind } from './mapping';

export interface ShopImportSettings {
  country: CountryCode;
  timeZone: string;
}

/** The shop's country and zone; an un-set-up file imports as a Chinese shop (the default profile). */
export function importSettings(db: WritableDB): ShopImportSettings {
  const profile = readProfile(db);
  return {
    country: (profile?.country ?? 'CN') as CountryCode,
    timeZone: profile?.timezone ?? 'Asia/Shanghai',
  };
}

export interface RunImportOptions {
  kind: ImportKind;
  /** The file, read here; or, for purchases, parsed and prepared by another thread as it goes. */
  file: ReadImportFileResult | StreamedImportFile;
  /** A full positional mapping (the wizard) or a `--map` spec over the automatic one (CLI). */
  mapping?: readonly (string | null)[];
  mapSpec?: string;
  dryRun: boolean;
  dateOrder?: DateOrder;
  actorRole: string;
  clock: () => Date;
  onProgress?: (done: number, total: number) => void;
  /** Called inside the transaction right before COMMIT (never on a dry run), with the file's rows. */
  onCommitting?: (rows: number) => void;
  stageMs?: ImportStageMs;
}

/**
 * A purchase file another thread parses, validates and prepares while this one writes (the import
 * worker's helper): started once the mapping and the shop's settings are known. Needs the full
 * positional mapping, since the headers only arrive with the stream.
 */
export interface StreamedImportFile {
  stream(plan: PreparePlan): PreparedFeed;
}

export function runImport(db: WritableDB, options: RunImportOptions): ImportSummary {
  const settings = importSettings(db);
  const now = nowIso(options.clock);
  const rowOptions: RowOptions = {
    defaultCountry: settings.country,
    dateOrder: options.dateOrder ?? 'ymd',
    today: now.slice(0, 10),
  };
  const write = (source: ImportSource, mapping: ColumnMapping<ImportKind>): ImportSummary =>
    importTable(db, options.kind, source, mapping, rowOptions, {
      dryRun: options.dryRun,
      timeZone: settings.timeZone,
      country: settings.country,
      actorRole: options.actorRole,
      now,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.stageMs ? { stageMs: options.stageMs } : {}),
      beforeCommit: (summary) => {
        appendAudit(
          db,
          {
            actorRole: options.actorRole,
            action: 'import',
            details: {
              kind: summary.kind,
              rows: summary.rows,
              created: summary.created,
              updated: summary.updated,
              unchanged: summary.unchanged,
              duplicates: summary.duplicates,
              rejected: summary.rejected,
            },
          },
          now,
        );
        options.onCommitting?.(summary.rows);
      },
    });
  if ('stream' in options.file) {
    if (options.kind !== 'purchases' || options.mapping === undefined)
      throw new PatronError('internal', 'Only a purchase file with its full mapping is streamed.');
    const mapping = options.mapping as ColumnMapping<ImportKind>;
    const feed = options.file.stream({ mapping, rowOptions, timeZone: settings.timeZone });
    try {
      mustFit(mapping, feed.headers);
      return write({ feed }, mapping);
    } finally {
      feed.close();
    }
  }
  const { table } = options.file;
  let mapping: ColumnMapping<ImportKind>;
  if (options.mapping !== undefined) {
    mustFit(options.mapping, table.headers);
    mapping = options.mapping as ColumnMapping<ImportKind>;
  } else {
    mapping = mappingFor(options.kind, table.headers, options.mapSpec);
  }
  return write({ table }, mapping);
}

/** The automatic mapping of these headers, corrected by a `--map` spec. */
export function mappingFor(
  kind: ImportKind,
  headers: readonly string[],
  mapSpec: string | undefined,
): ColumnMapping<ImportKind> {
  const resolved = resolveMapping(kind, headers, mapSpec);
  if (!resolved.ok)
    throw new PatronError('invalid_input', 'The --map option could not be read.', {
      errors: resolved.errors,
    });
  return resolved.mapping;
}

function mustFit(mapping: readonly (string | null)[], headers: readonly string[]): void {
  if (mapping.length !== headers.length)
    throw new PatronError('invalid_input', 'The mapping does not match the file’s columns.');
}

export interface RunExportOptions {
  format: ExportFormat;
  filter: ExportFilter;
  columns?: readonly string[];
  actorRole: string;
  clock: () => Date;
  /** Where the file is written: without it, here in one piece (see `exportCustomers`). */
  parallel?: ExportParallelism;
}

/** Export is an owner action, audited with its filter (never the ids themselves) and row count. */
export async function runExport(
  db: WritableDB,
  options: RunExportOptions,
): Promise<ExportOutput & { columns: ExportColumn[] }> {
  if (options.actorRole !== 'owner')
    throw new PatronError('forbidden', 'Only the owner can export customers.');
  const columns = parseExportColumns(options.columns);
  if (!Array.isArray(columns))
    throw new PatronError('invalid_input', `Unknown export columns: ${columns.unknown.join(', ')}.`, {
      unknown: columns.unknown,
      known: EXPORT_COLUMNS,
    });
  const profile = readProfile(db);
  const output = await exportCustomers(
    db,
    {
      format: options.format,
      filter: options.filter,
      columns,
      locale: profile?.locale === 'en' ? 'en' : 'zh',
      timeZone: profile?.timezone ?? 'Asia/Shanghai',
      minorDigits: minorDigits(profile?.currency ?? 'CNY'),
    },
    options.parallel,
  );
  const { customerIds, ...namedFilter } = options.filter;
  appendAudit(
    db,
    {
      actorRole: options.actorRole,
      action: 'export',
      entity: 'customers',
      details: {
        format: options.format,
        filter: { ...namedFilter, ...(customerIds ? { selectedCustomers: customerIds.length } : {}) },
        columns,
        rows: output.rows,
      },
    },
    nowIso(options.clock),
  );
  return { ...output, columns };
}
