import type { HandlerTable } from '../../core/handlers';
import type { cardCommands } from '../../../shared/contract/card';
import { nowIso } from '../../db/ids';
import { customerCard, timelinePage } from './card.service';
import { readRecentCustomers } from './card.repo';

export const cardHandlers: HandlerTable<keyof typeof cardCommands> = {
  'card.get': ({ id }, ctx) => customerCard(ctx.db, id, nowIso(ctx.clock)),
  'card.timeline': ({ id, kinds, before, limit }, ctx) => timelinePage(ctx.db, id, { kinds, before, limit }),
  'card.recent': ({ limit }, ctx) => readRecentCustomers(ctx.db, limit),
};
