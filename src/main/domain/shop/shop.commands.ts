import type { HandlerTable } from '../../core/handlers';
import type { shopCommands } from '../../../shared/contract/shop';
import { nowIso } from '../../db/ids';
import { appendAudit } from '../audit/audit.repo';
import { readStats } from './shop.repo';
import { createShop, demoProfile, setUiLanguage, shopInfo, updateProfile } from './shop.service';
import { seedDemoShop } from '../demo';
import { PatronError } from '../../../shared/errors';
import { readProfile } from './shop.service';

export const shopHandlers: HandlerTable<keyof typeof shopCommands> = {
  'shop.info': (_args, ctx) => shopInfo(ctx, ctx.session.role()),

  'shop.create': (profile, ctx) => {
    ctx.db.transaction(() => {
      createShop(ctx.db, profile, ctx.clock);
      appendAudit(ctx.db, { actorRole: ctx.session.role(), action: 'shop.created' }, nowIso(ctx.clock));
    })();
    ctx.markChanged('shop_settings');
    return shopInfo(ctx, ctx.session.role());
  },

  'shop.createDemo': ({ locale, customers, seed }, ctx) => {
    if (readProfile(ctx.db))
      throw new PatronError('already_initialized', 'This shop file has already been set up.');
    const jobId = `demo-${seed}`;
    const result = ctx.db.transaction(() => {
      createShop(ctx.db, demoProfile(locale), ctx.clock);
      appendAudit(
        ctx.db,
        { actorRole: ctx.session.role(), action: 'shop.created', details: { demo: true } },
        nowIso(ctx.clock),
      );
      return seedDemoShop(ctx.db, {
        customers,
        seed,
        locale,
        endDate: ctx.clock(),
        onProgress: (done, total) => ctx.events.emit('job.progress', { jobId, kind: 'demo', done, total }),
      });
    })();
    ctx.markChanged('shop_settings', 'customers', 'purchases');
    return { customers: result.customers, purchases: result.purchases, seconds: result.seconds };
  },

  'shop.updateProfile': (patch, ctx) => {
    ctx.db.transaction(() => {
      const next = updateProfile(ctx.db, patch, ctx.clock);
      appendAudit(
        ctx.db,
        {
          actorRole: ctx.session.role(),
          action: 'settings.changed',
          details: { group: 'shop.profile', fields: Object.keys(patch), currency: next.currency },
        },
        nowIso(ctx.clock),
      );
    })();
    ctx.markChanged('shop_settings');
    return shopInfo(ctx, ctx.session.role());
  },

  'shop.stats': (_args, ctx) => readStats(ctx.db),

  'ui.setLanguage': ({ uiLanguage }, ctx) => {
    setUiLanguage(ctx.db, uiLanguage, ctx.clock);
    ctx.markChanged('local_settings');
    return { uiLanguage };
  },
};
