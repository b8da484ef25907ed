import path from 'node:path';
import { checkDatabaseFile } from '../../db/health';
import { defineCliCommand, EXIT_FAILURE, EXIT_OK } from '../framework';

export const checkCommand = defineCliCommand({
  name: 'check',
  summary: 'Check a shop file: integrity, foreign keys and schema version. Exit 0 when healthy, 1 when not.',
  usage: 'check --db FILE [--quick] [--json]',
  options: {
    db: { type: 'string', description: 'the shop file' },
    quick: { type: 'boolean', description: 'quick_check instead of the full integrity_check' },
    json: { type: 'boolean', description: 'print JSON' },
  },
  required: ['db'],
  async run(values, _positionals, io) {
    const report = checkDatabaseFile(path.resolve(values.db ?? ''), values.quick ? 'quick' : 'full');
    if (values.json) {
      io.out(JSON.stringify(report, null, 2));
    } else {
      io.out(`file              ${report.file}`);
      io.out(
        `schema version    ${report.schemaVersion ?? '?'} (this Patron knows up to ${report.latestSchemaVersion})`,
      );
      io.out(`integrity         ${report.integrity.join('; ')}`);
      io.out(
        `foreign keys      ${report.foreignKeyViolations === 0 ? 'ok' : `${report.foreignKeyViolations} violations`}`,
      );
      io.out(report.ok ? 'OK' : `PROBLEM: ${report.problem}`);
    }
    return report.ok ? EXIT_OK : EXIT_FAILURE;
  },
});
