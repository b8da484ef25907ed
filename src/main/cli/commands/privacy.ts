import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { defineCliCommand, EXIT_OK, UsageError, oneOf } from '../framework';
import { withShop } from '../shared';
import { auditFormats } from '../../../shared/contract/audit';

/** The CLI acts as the owner, through the same commands as the app, so all of this is audited too. */
export const auditExportCommand = defineCliCommand({
  name: 'audit-export',
  summary: 'Write the audit log to a CSV or JSON file (the export is audited).',
  usage: 'audit-export --db FILE --out FILE [--format csv|json]',
  options: {
    db: { type: 'string', description: 'the shop file' },
    out: { type: 'string', description: 'file to write' },
    format: { type: 'string', description: 'csv (default) or json' },
  },
  required: ['db', 'out'],
  async run(values, _positionals, io) {
    const format = oneOf(values.format, 'format', auditFormats, 'csv');
    return withShop(values.db, { mustExist: true }, async (client) => {
      const file = await client.call('audit.export', { format });
      const target = path.resolve(values.out ?? '');
      writeFileSync(target, file.content, 'utf8');
      io.out(`${file.rowCount} audit entries written to ${target}`);
      return EXIT_OK;
    });
  },
});

export const eraseCommand = defineCliCommand({
  name: 'erase',
  summary: "Erase one person's personal data for good (PIPL/GDPR); purchase amounts stay anonymised.",
  usage: 'erase --db FILE --customer ID --yes',
  options: {
    db: { type: 'string', description: 'the shop file' },
    customer: { type: 'string', description: 'the customer id' },
    yes: { type: 'boolean', description: 'confirm: this cannot be undone' },
  },
  required: ['db', 'customer'],
  async run(values, _positionals, io) {
    if (!values.yes) throw new UsageError('Erasing cannot be undone; add --yes to confirm.');
    return withShop(values.db, { mustExist: true }, async (client) => {
      const result = await client.call('privacy.erase', { customerId: values.customer ?? '' });
      io.out(
        `customer ${result.customerId} erased at ${result.erasedAt}${result.checkpointed ? '' : ' (WAL checkpoint pending)'}`,
      );
      return EXIT_OK;
    });
  },
});
