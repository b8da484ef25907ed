import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../../helpers/cli';

// PIPL/GDPR: restoring a backup taken before an erasure must not bring the person back.
describe('restore re-applies erasures made after the backup', () => {
  it('erases again a customer erased after the backup was taken', () => {
    const dir = tempDir();
    const db = path.join(dir, 'shop.db');
    const backup = path.join(dir, 'before-erase.db');
    expect(runCli(['seed', '--db', db, '--customers', '40', '--seed', '2']).status).toBe(0);
    const reader = new Database(db, { readonly: true });
    const victim = reader
      .prepare(`SELECT id, phone FROM customers WHERE phone IS NOT NULL AND deleted_at IS NULL LIMIT 1`)
      .get() as { id: string; phone: string };
    reader.close();

    expect(runCli(['backup', '--db', db, '--out', backup]).status).toBe(0);
    const erase = runCli(['erase', '--db', db, '--customer', victim.id, '--yes']);
    expect(erase.status, erase.stderr).toBe(0);

    const restore = runCli(['restore', '--db', db, '--from', backup]);
    expect(restore.status, restore.stderr).toBe(0);
    expect(restore.stdout).toContain('Erased again 1 customer');

    const after = new Database(db, { readonly: true });
    const row = after.prepare(`SELECT phone, erased_at FROM customers WHERE id = ?`).get(victim.id) as {
      phone: string | null;
      erased_at: string | null;
    };
    expect(row.phone).toBeNull();
    expect(row.erased_at).not.toBeNull();
    expect(
      after.prepare(`SELECT COUNT(*) FROM erasure_ledger WHERE customer_id = ?`).pluck().get(victim.id),
    ).toBe(1);
    after.close();
  });
});
