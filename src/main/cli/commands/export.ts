import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { defineCliCommand, EXIT_OK, oneOf } from '../framework';
import { withShop } from '../shared';
import { runExport } from '../../domain/transfer/transfer.service';
import { consentChannels, exportFormats } from '../../../shared/contract/transfer';

export const exportCommand = defineCliCommand({
  name: 'export',
  summary: 'Export customers (owner; written to the audit log) to CSV with BOM, typed XLSX or vCard 4.0.',
  usage:
    'export --db FILE --format csv|xlsx|vcf --out FILE [--segment CODE] [--tag NAME] [--consent CHANNEL] [--columns a,b,c]',
  options: {
    db: { type: 'string', description: 'the shop file' },
    format: { type: 'string', description: 'csv, xlsx or vcf' },
    out: { type: 'string', description: 'the file to write' },
    segment: { type: 'string', description: 'only this segment of the latest finished analysis run' },
    tag: { type: 'string', description: 'only customers with this tag' },
    consent: { type: 'string', description: 'only customers who consented to sms, wechat, email or phone' },
    columns: { type: 'string', description: 'columns and their order, e.g. name,phone,segment' },
  },
  required: ['db', 'format', 'out'],
  async run(values, _positionals, io) {
    const format = oneOf(values.format, 'format', exportFormats, 'csv');
    const consent =
      values.consent === undefined ? undefined : oneOf(values.consent, 'consent', consentChannels, 'sms');
    return withShop(values.db, { mustExist: true }, async (_client, core) => {
      const result = await runExport(core.db, {
        format,
        filter: {
          ...(values.segment !== undefined ? { segment: values.segment } : {}),
          ...(values.tag !== undefined ? { tag: values.tag } : {}),
          ...(consent !== undefined ? { consentChannel: consent } : {}),
        },
        ...(values.columns !== undefined
          ? {
              columns: values.columns
                .split(',')
                .map((column) => column.trim())
                .filter(Boolean),
            }
          : {}),
        actorRole: 'owner',
        clock: core.context.clock,
      });
      const out = path.resolve(values.out ?? '');
      writeFileSync(out, result.bytes);
      io.out(`Exported ${result.rows} customers (${result.columns.length} columns) to ${out}`);
      if (result.note !== null) io.out(result.note);
      return EXIT_OK;
    });
  },
});
