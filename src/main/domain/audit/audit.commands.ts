import type { HandlerTable } from '../../core/handlers';
import type { auditCommands } from '../../../shared/contract/audit';
import { nowIso } from '../../db/ids';
import { appendAudit } from './audit.repo';
import { auditPage, renderAuditExport } from './audit.service';

export const auditHandlers: HandlerTable<keyof typeof auditCommands> = {
  'audit.list': ({ limit, before, action }, ctx) =>
    auditPage(ctx.db, { limit, ...(before ? { before } : {}), ...(action ? { action } : {}) }),

  'audit.export': ({ format }, ctx) => {
    const at = nowIso(ctx.clock);
    const file = ctx.db.transaction(() => {
      const rendered = renderAuditExport(ctx.db, format, at);
      appendAudit(
        ctx.db,
        {
          actorRole: ctx.session.role(),
          action: 'export',
          entity: 'audit_log',
          details: { what: 'audit', format, rowCount: rendered.rowCount, filter: null },
        },
        at,
      );
      return rendered;
    })();
    ctx.markChanged('audit_log');
    return file;
  },
};
