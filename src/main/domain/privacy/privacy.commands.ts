import type { HandlerTable } from '../../core/handlers';
import type { privacyCommands } from '../../../shared/contract/privacy';
import { nowIso } from '../../db/ids';
import { PatronError } from '../../../shared/errors';
import { appendAudit } from '../audit/audit.repo';
import { readProfile } from '../shop/shop.service';
import { insertConsent, readConsents } from './consent.repo';
import { anonymiseCustomer, recordErasure, withSecureDelete } from './erasure';
import type { ReadableDB } from '../../db/connection';
import { collectPersonData, renderPersonExport, sectionCounts } from './person-export';
import { readPrivacySettings, writePrivacySettings } from './privacy-settings';
import { retentionCandidates } from './retention';

function requireLiveCustomer(ctx: { db: ReadableDB }, customerId: string): void {
  const row = ctx.db.prepare(`SELECT erased_at FROM customers WHERE id = ?`).get(customerId) as
    { erased_at: string | null } | undefined;
  if (!row) throw new PatronError('not_found', 'There is no such customer.', { customerId });
  if (row.erased_at !== null)
    throw new PatronError('conflict', 'This customer has been erased.', { customerId });
}

export const privacyHandlers: HandlerTable<keyof typeof privacyCommands> = {
  'privacy.consents': ({ customerId }, ctx) => readConsents(ctx.db, customerId),

  'privacy.setConsent': ({ customerId, channel, granted, recordedAt, source }, ctx) => {
    const at = nowIso(ctx.clock);
    ctx.db.transaction(() => {
      requireLiveCustomer(ctx, customerId);
      insertConsent(
        ctx.db,
        { customerId, channel, granted, recordedAt: recordedAt ?? at, source: source || null },
        at,
      );
    })();
    ctx.markChanged('consents');
    return readConsents(ctx.db, customerId);
  },

  'privacy.settings': (_args, ctx) => readPrivacySettings(ctx.db),

  'privacy.updateSettings': (patch, ctx) => {
    const at = nowIso(ctx.clock);
    const next = ctx.db.transaction(() => {
      const merged = { ...readPrivacySettings(ctx.db), ...patch };
      writePrivacySettings(ctx.db, merged, at);
      appendAudit(
        ctx.db,
        {
          actorRole: ctx.session.role(),
          action: 'settings.changed',
          details: { group: 'privacy', ...patch },
        },
        at,
      );
      return merged;
    })();
    ctx.markChanged('shop_settings');
    return next;
  },

  'privacy.exportPerson': ({ customerId }, ctx) => {
    const at = nowIso(ctx.clock);
    const exported = ctx.db.transaction(() => {
      const data = collectPersonData(ctx.db, customerId);
      const files = renderPersonExport(data, readProfile(ctx.db)?.name ?? 'Patron', at);
      appendAudit(
        ctx.db,
        {
          actorRole: ctx.session.role(),
          action: 'person.exported',
          entity: 'customer',
          entityId: customerId,
          details: {
            formats: ['json', 'html'],
            rowCount: files.json.rowCount,
            sections: sectionCounts(data),
          },
        },
        at,
      );
      return files;
    })();
    ctx.markChanged('audit_log');
    return exported;
  },

  'privacy.erase': ({ customerId }, ctx) => {
    const at = nowIso(ctx.clock);
    const role = ctx.session.role();
    const { result, checkpointed } = withSecureDelete(ctx.db, () => {
      requireLiveCustomer(ctx, customerId);
      const clearedRows = anonymiseCustomer(ctx.db, customerId, at);
      recordErasure(ctx.db, customerId, role, at);
      appendAudit(
        ctx.db,
        {
          actorRole: role,
          action: 'customer.erased',
          entity: 'customer',
          entityId: customerId,
          details: { clearedRows },
        },
        at,
      );
      return clearedRows;
    });
    ctx.markChanged(
      'customers',
      'purchases',
      'interactions',
      'complaints',
      'reminders',
      'consents',
      'audit_log',
    );
    return { customerId, erasedAt: at, clearedRows: result, checkpointed };
  },

  'privacy.retentionCandidates': ({ years, limit }, ctx) => {
    const period = years ?? readPrivacySettings(ctx.db).retentionYears;
    if (period === null) return [];
    const cutoff = new Date(ctx.clock());
    cutoff.setUTCFullYear(cutoff.getUTCFullYear() - period);
    return retentionCandidates(ctx.db, cutoff.toISOString(), limit);
  },
};
