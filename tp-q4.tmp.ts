import Database from 'better-sqlite3';
import { selectCustomersForExport, latestDoneRunId } from './src/main/domain/transfer/transfer.repo';
const db = new Database('/tmp/tp-100k.db', { readonly: true });
const run = latestDoneRunId(db as never);
for (let i = 0; i < 3; i++) selectCustomersForExport(db as never, {}, run, { referrer: false, tags: false, consent: false, labels: false });
