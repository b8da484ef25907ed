import type { HandlerTable } from '../../core/handlers';
import type { cardCommands, TimelinePage } from '../../../shared/contract/card';
import { nowIso } from '../../db/ids';
import { PHONE_HISTORY_FIELDS, phoneMaskFor } from '../privacy/privacy-settings';
import { customerCard, timelinePage } from './card.service';
import { readRecentCustomers } from './card.repo';

type PhoneMask = (phone: string | null) => string | null;

/** A changed number is as readable in the timeline as on the card: it is masked the same way. */
function maskTimeline(page: TimelinePage, mask: PhoneMask): TimelinePage {
  return {
    ...page,
    events: page.events.map((e) =>
      e.kind === 'change' && e.tag !== null && PHONE_HISTORY_FIELDS.has(e.tag) && e.text !== ''
        ? { ...e, text: mask(e.text) ?? '' }
        : e,
    ),
  };
}

export const cardHandlers: HandlerTable<keyof typeof cardCommands> = {
  'card.get': ({ id }, ctx) => {
    const card = customerCard(ctx.db, id, nowIso(ctx.clock));
    const mask = phoneMaskFor(ctx.db, ctx.session.role());
    if (mask === null) return card;
    return {
      ...card,
      customer: { ...card.customer, phone: mask(card.customer.phone), phone2: mask(card.customer.phone2) },
      timeline: maskTimeline(card.timeline, mask),
    };
  },
  'card.timeline': ({ id, kinds, before, limit }, ctx) => {
    const page = timelinePage(ctx.db, id, { kinds, before, limit });
    const mask = phoneMaskFor(ctx.db, ctx.session.role());
    return mask === null ? page : maskTimeline(page, mask);
  },
  'card.recent': ({ limit }, ctx) => readRecentCustomers(ctx.db, limit),
};
