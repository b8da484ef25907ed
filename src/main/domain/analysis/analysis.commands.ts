import type { HandlerTable } from '../../core/handlers';
import type { analysisCommands } from '../../../shared/contract/analysis';
import { nowIso } from '../../db/ids';
import { appendAudit } from '../audit/audit.repo';
import { defaultAnalysisSettings } from '../../../shared/analysis/settings';
import { deleteAnalysisSettings, writeAnalysisSettings } from './analysis.repo';
import { analysisService, readAnalysisSettings } from './analysis.service';

export const analysisHandlers: HandlerTable<keyof typeof analysisCommands> = {
  'analysis.run': ({ asOf, timeUnit }, ctx) => {
    const { runId, alreadyRunning } = analysisService(ctx).start('manual', { asOf, timeUnit });
    ctx.markChanged('local_analysis_runs');
    return { runId, alreadyRunning };
  },

  'analysis.cancel': (_args, ctx) => {
    ctx.markChanged('local_analysis_runs');
    return { cancelled: analysisService(ctx).cancel() };
  },

  'analysis.status': (_args, ctx) => analysisService(ctx).status(),

  'analysis.settings.get': (_args, ctx) => readAnalysisSettings(ctx),

  'analysis.settings.update': (settings, ctx) => {
    ctx.db.transaction(() => {
      writeAnalysisSettings(ctx.db, settings, nowIso(ctx.clock));
      appendAudit(
        ctx.db,
        {
          actorRole: ctx.session.role(),
          action: 'settings.changed',
          details: { group: 'analysis.settings' },
        },
        nowIso(ctx.clock),
      );
    })();
    ctx.markChanged('shop_settings');
    return readAnalysisSettings(ctx);
  },

  'analysis.settings.reset': (_args, ctx) => {
    ctx.db.transaction(() => {
      deleteAnalysisSettings(ctx.db);
      appendAudit(
        ctx.db,
        {
          actorRole: ctx.session.role(),
          action: 'settings.changed',
          details: { group: 'analysis.settings', reset: true },
        },
        nowIso(ctx.clock),
      );
    })();
    ctx.markChanged('shop_settings');
    return defaultAnalysisSettings;
  },
};
