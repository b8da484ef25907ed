import type { HandlerTable } from '../../core/handlers';
import type { CommandContext } from '../../core/context';
import type { customerCommands } from '../../../shared/contract/customers';
import { newId, nowIso } from '../../db/ids';
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

function actor(ctx: CommandContext): Actor {
  return { role: ctx.session.role(), at: nowIso(ctx.clock) };
}

function requireTag(ctx: CommandContext, tagId: string): void {
  if (!tagExists(ctx.db, tagId)) throw new PatronError('not_found', 'No such tag.', { tagId });
}

export const customerHandlers: HandlerTable<keyof typeof customerCommands> = {
  'customers.search': ({ query, limit }, ctx) => searchCustomers(searchRepo(ctx.db), query, limit, shopCountry(ctx.db)),

  'customers.matches': (input, ctx) => matchesFor(ctx.db, input),

  'customers.get': ({ id }, ctx) => requireCustomer(ctx.db, id),

  'customers.create': (fields, ctx) => {
    const customer = ctx.db.transaction(() => createCustomer(ctx.db, fields, actor(ctx)))();
    ctx.markChanged('customers');
    return customer;
  },

  'customers.update': ({ id, patch }, ctx) => {
    const customer = ctx.db.transaction(() => updateCustomer(ctx.db, id, patch, actor(ctx)))();
    ctx.markChanged('customers', 'customer_changes');
    return customer;
  },

  'customers.history': ({ id }, ctx) => {
    requireCustomer(ctx.db, id);
    return readHistory(ctx.db, id);
  },

  'customers.list': (input, ctx) => ({ ...listPage(ctx.db, input), offset: input.offset }),

  'customers.listOptions': (_args, ctx) => ({ tags: listTags(ctx.db), segments: latestSegments(ctx.db) }),

  'customers.organizations': ({ query }, ctx) => organizations(ctx.db, query.trim()),

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

  'customers.bin': (_args, ctx) => readBin(ctx.db),

  'customers.erase': ({ ids }, ctx) => {
    const who = actor(ctx);
    const result = ctx.db.transaction(() => {
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
    })();
    ctx.markChanged('customers', 'purchases', 'interactions', 'complaints', 'reminders');
    return result;
  },

  'customers.duplicates': ({ withId, limit }, ctx) => findDuplicates(ctx.db, { withId, limit }),

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
