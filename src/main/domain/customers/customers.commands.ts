import type { HandlerTable } from '../../core/handlers';
import type { CommandContext } from '../../core/context';
import type { customerCommands } from '../../../shared/contract/customers';
import { newId, nowIso } from '../../db/ids';
import { withoutAutoCheckpoint } from '../../db/analysis-store';
import { PatronError } from '../../../shared/errors';
import { appendAudit } from '../audit/audit.repo';
import {
  addTag,
  binnedIds,
  eraseCustomers,
  insertTag,
  latestSegments,
  listPage,
  listTags,
  mergesOf,
  organizations,
  readBin,
  readHistory,
  removeTag,
  searchRepo,
  setDeleted,
  tagExists,
  updateTag,
  deleteTag,
} from './customers.repo';
import {
  createCustomer,
  findDuplicates,
  matchesFor,
  mergeCustomers,
  requireCustomer,
  shopCountry,
  toMergeRecord,
  undoMerge,
  updateCustomer,
  type Actor,
} from './customers.service';
import { searchCustomers } from './search';
import { PHONE_HISTORY_FIELDS, phoneMaskFor } from '../privacy/privacy-settings';
import type { Customer, CustomerHit, HistoryEntry } from '../../../shared/contract/customers';

type PhoneMask = (phone: string | null) => string | null;

/**
 * Phones leave the core masked for staff when the owner asked for it, whichever client calls;
 * the identity function (no copy) for everyone else.
 */
function masking(ctx: CommandContext): {
  readonly masked: boolean;
  row<T extends { phone: string | null }>(row: T): T;
  customer(customer: Customer): Customer;
  history(entries: HistoryEntry[]): HistoryEntry[];
} {
  const mask: PhoneMask | null = phoneMaskFor(ctx.db, ctx.session.role());
  if (mask === null) {
    return { masked: false, row: (row) => row, customer: (c) => c, history: (entries) => entries };
  }
  return {
    masked: true,
    row: (row) => ({ ...row, phone: mask(row.phone) }),
    customer: (c) => ({ ...c, phone: mask(c.phone), phone2: mask(c.phone2) }),
    // A changed number is as readable in the history as on the record.
    history: (entries) =>
      entries.map((e) =>
        PHONE_HISTORY_FIELDS.has(e.field) ? { ...e, oldValue: mask(e.oldValue), newValue: mask(e.newValue) } : e,
      ),
  };
}


function maskHits(ctx: CommandContext, hits: CustomerHit[]): CustomerHit[] {
  const m = masking(ctx);
  return m.masked ? hits.map((h) => m.row(h)) : hits;
}

function actor(ctx: CommandContext): Actor {
  return { role: ctx.session.role(), at: nowIso(ctx.clock) };
}

function requireTag(ctx: CommandContext, tagId: string): void {
  if (!tagExists(ctx.db, tagId)) throw new PatronError('not_found', 'No such tag.', { tagId });
}

export const customerHandlers: HandlerTable<keyof typeof customerCommands> = {
  'customers.search': ({ query, limit }, ctx) => {
    const m = masking(ctx);
    const hits = searchCustomers(searchRepo(ctx.db), query, limit, shopCountry(ctx.db), { phonesMasked: m.masked });
    return m.masked ? hits.map((h) => m.row(h)) : hits;
  },

  'customers.matches': (input, ctx) => {
    const m = masking(ctx);
    const hits = matchesFor(ctx.db, input, { phonesMasked: m.masked });
    return m.masked ? hits.map((h) => m.row(h)) : hits;
  },

  'customers.get': ({ id }, ctx) => masking(ctx).customer(requireCustomer(ctx.db, id)),

  'customers.create': (fields, ctx) => {
    const customer = ctx.db.transaction(() => createCustomer(ctx.db, fields, actor(ctx)))();
    ctx.markChanged('customers');
    return masking(ctx).customer(customer);
  },

  'customers.update': ({ id, patch }, ctx) => {
    const customer = ctx.db.transaction(() => updateCustomer(ctx.db, id, patch, actor(ctx)))();
    ctx.markChanged('customers', 'customer_changes');
    return masking(ctx).customer(customer);
  },

  'customers.history': ({ id }, ctx) => {
    requireCustomer(ctx.db, id);
    return masking(ctx).history(readHistory(ctx.db, id));
  },

  'customers.list': (input, ctx) => {
    const page = listPage(ctx.db, input);
    const m = masking(ctx);
    return { ...page, rows: m.masked ? page.rows.map((r) => m.row(r)) : page.rows, offset: input.offset };
  },

  'customers.listOptions': (_args, ctx) => ({ tags: listTags(ctx.db), segments: latestSegments(ctx.db) }),

  'customers.organizations': ({ query }, ctx) => maskHits(ctx, organizations(ctx.db, query.trim())),

  'customers.delete': ({ ids }, ctx) => {
    const who = actor(ctx);
    const deleted = ctx.db.transaction(() => {
      const count = setDeleted(ctx.db, ids, who.at, who.at);
      appendAudit(ctx.db, { actorRole: who.role, action: 'customers.deleted', entity: 'customer', details: { count } }, who.at);
      return count;
    })();
    ctx.markChanged('customers');
    return { deleted };
  },

  'customers.restore': ({ ids }, ctx) => {
    const who = actor(ctx);
    const restored = ctx.db.transaction(() => {
      const count = setDeleted(ctx.db, ids, null, who.at);
      appendAudit(ctx.db, { actorRole: who.role, action: 'customers.restored', entity: 'customer', details: { count } }, who.at);
      return count;
    })();
    ctx.markChanged('customers');
    return { restored };
  },

  'customers.bin': (_args, ctx) => {
    const m = masking(ctx);
    const bin = readBin(ctx.db);
    return m.masked ? bin.map((entry) => m.row(entry)) : bin;
  },

  'customers.erase': ({ ids }, ctx) => {
    const who = actor(ctx);
    const erase = ctx.db.transaction(() => {
      const inBin = binnedIds(ctx.db, ids);
      if (inBin.length !== ids.length) {
        throw new PatronError('conflict', 'Only customers in the recycle bin can be erased.', {
          notInBin: ids.length - inBin.length,
        });
      }
      const rows = eraseCustomers(ctx.db, inBin);
      appendAudit(
        ctx.db,
        { actorRole: who.role, action: 'customer.purged', entity: 'customer', details: { customers: inBin.length, rows } },
        who.at,
      );
      return { erased: inBin.length, rows };
    });
    // The erasure also deletes the customers' rows from the analysis store (see there).
    const result = withoutAutoCheckpoint(ctx.db, erase);
    ctx.markChanged('customers', 'purchases', 'interactions', 'complaints', 'reminders');
    return result;
  },

  'customers.duplicates': ({ withId, limit }, ctx) => {
    const m = masking(ctx);
    const pairs = findDuplicates(ctx.db, { withId, limit });
    return m.masked ? pairs.map((p) => ({ ...p, a: m.row(p.a), b: m.row(p.b) })) : pairs;
  },

  'customers.merge': (input, ctx) => {
    const record = ctx.db.transaction(() => mergeCustomers(ctx.db, input, actor(ctx)))();
    ctx.markChanged('customers', 'purchases', 'interactions', 'complaints', 'reminders', 'customer_tags');
    return record;
  },

  'customers.undoMerge': ({ mergeId }, ctx) => {
    const record = ctx.db.transaction(() => undoMerge(ctx.db, mergeId, actor(ctx)))();
    ctx.markChanged('customers', 'purchases', 'interactions', 'complaints', 'reminders', 'customer_tags');
    return record;
  },

  'customers.merges': ({ id }, ctx) => mergesOf(ctx.db, id).map(toMergeRecord),

  'tags.list': (_args, ctx) => listTags(ctx.db),

  'tags.create': ({ name, color }, ctx) => {
    const tag = { id: newId(), name, color };
    try {
      insertTag(ctx.db, tag, nowIso(ctx.clock));
    } catch (error) {
      if (error instanceof Error && /UNIQUE/.test(error.message)) {
        throw new PatronError('conflict', 'A tag with this name exists.', { field: 'name' });
      }
      throw error;
    }
    ctx.markChanged('tags');
    return tag;
  },

  'tags.update': ({ id, name, color }, ctx) => {
    const who = actor(ctx);
    ctx.db.transaction(() => {
      try {
        if (!updateTag(ctx.db, id, { name, color }, who.at)) throw new PatronError('not_found', 'No such tag.', { tagId: id });
      } catch (error) {
        if (error instanceof Error && /UNIQUE/.test(error.message)) {
          throw new PatronError('conflict', 'A tag with this name exists.', { field: 'name' });
        }
        throw error;
      }
      const fields = [...(name !== undefined ? ['name'] : []), ...(color !== undefined ? ['color'] : [])];
      appendAudit(ctx.db, { actorRole: who.role, action: 'tags.updated', entity: 'tag', entityId: id, details: { fields } }, who.at);
    })();
    ctx.markChanged('tags');
    const tag = listTags(ctx.db).find((t) => t.id === id);
    if (!tag) throw new PatronError('internal', 'The tag was not saved.');
    return tag;
  },

  'tags.delete': ({ id }, ctx) => {
    requireTag(ctx, id);
    const who = actor(ctx);
    const untagged = ctx.db.transaction(() => {
      const count = deleteTag(ctx.db, id, who.at);
      appendAudit(ctx.db, { actorRole: who.role, action: 'tags.deleted', entity: 'tag', entityId: id, details: { untagged: count } }, who.at);
      return count;
    })();
    ctx.markChanged('tags', 'customer_tags');
    return { untagged };
  },

  'customers.tag': ({ ids, tagId }, ctx) => {
    requireTag(ctx, tagId);
    const changed = ctx.db.transaction(() => addTag(ctx.db, ids, tagId, nowIso(ctx.clock)))();
    ctx.markChanged('customer_tags');
    return { changed };
  },

  'customers.untag': ({ ids, tagId }, ctx) => {
    requireTag(ctx, tagId);
    const changed = ctx.db.transaction(() => removeTag(ctx.db, ids, tagId))();
    ctx.markChanged('customer_tags');
    return { changed };
  },
};
