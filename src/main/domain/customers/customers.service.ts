import type { ReadableDB, WritableDB } from '../../db/connection';
import { newId } from '../../db/ids';
import { PatronError } from '../../../shared/errors';
import { normalizePhone, type CountryCode } from '../../../shared/phone';
import type { Role } from '../../../shared/contract';
import {
  editableFields,
  type Customer,
  type CustomerFields,
  type CustomerHit,
  type DuplicatePair,
  type DuplicateReason,
  type EditableField,
  type MergeRecord,
} from '../../../shared/contract/customers';
import { readProfile } from '../shop/shop.service';
import { appendAudit } from '../audit/audit.repo';
import { nameSearchKeys } from './search-keys';
import { searchCustomers, type SearchOptions } from './search';
import {
  copyMissingTags,
  duplicateCandidate,
  duplicateGroups,
  fieldColumns,
  insertChange,
  insertCustomer,
  insertMerge,
  markMergeUndone,
  moveRows,
  movedTables,
  readColumns,
  readCustomer,
  readMerge,
  removeTags,
  rowIdsOf,
  searchRepo,
  setMergedInto,
  updateColumns,
  type ColumnValues,
  type DuplicateCandidate,
  type MergeDbRow,
} from './customers.repo';

/** Staff may undo their own merges for this long; later it is an owner's decision. */
export const STAFF_UNDO_WINDOW_MS = 60 * 60 * 1000;

export function shopCountry(db: ReadableDB): CountryCode {
  return (readProfile(db)?.country ?? 'CN') as CountryCode;
}

export function requireCustomer(db: ReadableDB, id: string): Customer {
  const customer = readCustomer(db, id);
  if (!customer) throw new PatronError('not_found', 'No such customer.', { id });
  return customer;
}

function requireActive(db: ReadableDB, id: string): Customer {
  const customer = requireCustomer(db, id);
  if (customer.deletedAt !== null || customer.mergedInto !== null) {
    throw new PatronError('conflict', 'This customer is in the recycle bin or was merged into another record.', { id });
  }
  return customer;
}

/**
 * Turns validated form fields into column values: the phone is parsed for the shop's country
 * and stored as E.164 plus its national digits; the name gets its pinyin search keys.
 */
function toColumns(fields: Partial<CustomerFields>, country: CountryCode, today: string): ColumnValues {
  const values: ColumnValues = {};
  for (const field of editableFields) {
    const value = fields[field];
    if (value !== undefined) values[fieldColumns[field]] = value;
  }
  for (const field of ['phone', 'phone2'] as const) {
    const raw = fields[field];
    if (raw === undefined) continue;
    if (raw === null) {
      values[fieldColumns[field]] = null;
      if (field === 'phone') values.phone_digits = null;
      continue;
    }
    const parsed = normalizePhone(raw, country);
    if (!parsed.ok) {
      throw new PatronError('invalid_input', `The phone number is not valid (${parsed.reason}).`, {
        field,
        reason: parsed.reason,
      });
    }
    values[fieldColumns[field]] = parsed.e164;
    if (field === 'phone') values.phone_digits = parsed.digits;
  }
  if (fields.birthday) {
    const date = new Date(`${fields.birthday}T00:00:00Z`);
    if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== fields.birthday) {
      throw new PatronError('invalid_input', 'The birthday is not a real date.', { field: 'birthday', reason: 'invalid' });
    }
    if (fields.birthday > today) {
      throw new PatronError('invalid_input', 'The birthday is in the future.', { field: 'birthday', reason: 'future' });
    }
  }
  if (fields.name !== undefined) {
    const keys = nameSearchKeys(fields.name);
    values.name_pinyin = keys.pinyin;
    values.name_initials = keys.initials;
  }
  return values;
}

function checkOrganization(db: ReadableDB, organizationId: string | null | undefined, selfId?: string): void {
  if (!organizationId) return;
  const org = readCustomer(db, organizationId);
  if (!org || org.kind !== 'organization' || org.deletedAt !== null || org.mergedInto !== null || org.id === selfId) {
    throw new PatronError('invalid_input', 'The linked organisation does not exist.', { field: 'organizationId' });
  }
}

function memberNoConflict(error: unknown): never {
  if (error instanceof Error && /UNIQUE constraint failed: customers\.member_no/.test(error.message)) {
    throw new PatronError('conflict', 'Another customer already has this member number.', { field: 'memberNo' });
  }
  throw error;
}

export interface Actor {
  readonly role: Role;
  readonly at: string;
}

export function createCustomer(db: WritableDB, fields: CustomerFields, actor: Actor): Customer {
  const values = toColumns(fields, shopCountry(db), actor.at.slice(0, 10));
  checkOrganization(db, fields.organizationId);
  const id = newId();
  try {
    insertCustomer(db, id, values, actor.at);
  } catch (error) {
    memberNoConflict(error);
  }
  insertChange(db, {
    id: newId(),
    customerId: id,
    changeSet: newId(),
    at: actor.at,
    actorRole: actor.role,
    field: 'created',
    oldValue: null,
    newValue: null,
  });
  return requireCustomer(db, id);
}

/** Writes one history row per column whose value really changed. */
function recordChanges(
  db: WritableDB,
  customerId: string,
  before: ColumnValues,
  after: ColumnValues,
  actor: Actor,
  changeSet: string,
): number {
  let count = 0;
  for (const field of editableFields) {
    const column = fieldColumns[field];
    if (!(column in after)) continue;
    const oldValue = before[column] ?? null;
    const newValue = after[column] ?? null;
    if (oldValue === newValue) continue;
    insertChange(db, {
      id: newId(),
      customerId,
      changeSet,
      at: actor.at,
      actorRole: actor.role,
      field,
      oldValue: oldValue === null ? null : String(oldValue),
      newValue: newValue === null ? null : String(newValue),
    });
    count += 1;
  }
  return count;
}

export function updateCustomer(db: WritableDB, id: string, patch: Partial<CustomerFields>, actor: Actor): Customer {
  requireActive(db, id);
  const before = readColumns(db, id) ?? {};
  const values = toColumns(patch, shopCountry(db), actor.at.slice(0, 10));
  checkOrganization(db, patch.organizationId, id);
  const changed = Object.fromEntries(Object.entries(values).filter(([column, value]) => before[column] !== value || !(column in before)));
  const editable = Object.keys(changed).filter((c) => Object.values(fieldColumns).includes(c));
  if (editable.length === 0) return requireCustomer(db, id);
  try {
    updateColumns(db, id, changed, actor.at);
  } catch (error) {
    memberNoConflict(error);
  }
  recordChanges(db, id, before, changed, actor, newId());
  return requireCustomer(db, id);
}

/** "Already a customer?": records that share the phone being typed, or the name. */
export function matchesFor(
  db: ReadableDB,
  input: { phone?: string | undefined; name?: string | undefined },
  options: SearchOptions = {},
): CustomerHit[] {
  const repo = searchRepo(db);
  const country = shopCountry(db);
  const seen = new Map<string, CustomerHit>();
  const digits = input.phone?.replace(/\D/g, '') ?? '';
  if (digits.length >= 4) {
    for (const hit of searchPhone(repo, input.phone ?? '', country, options)) seen.set(hit.id, hit);
  }
  const name = input.name?.trim() ?? '';
  if (name.length > 0) {
    for (const hit of searchText(repo, name, country)) if (!seen.has(hit.id)) seen.set(hit.id, hit);
  }
  return [...seen.values()].slice(0, 8);
}

function searchPhone(
  repo: ReturnType<typeof searchRepo>,
  phone: string,
  country: CountryCode,
  options: SearchOptions,
): CustomerHit[] {
  return searchCustomers(repo, phone, 5, country, options).filter(
    (h) => h.match === 'phone_exact' || h.match === 'phone_suffix' || h.match === 'phone',
  );
}
function searchText(repo: ReturnType<typeof searchRepo>, name: string, country: CountryCode): CustomerHit[] {
  return searchCustomers(repo, name, 5, country).filter((h) => h.match === 'name_exact' || ([...name].length >= 2 && h.match === 'name'));
}

// ---------------------------------------------------------------------------------------------
// Duplicates

function hamming(a: string, b: string): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let distance = 0;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) distance += 1;
  return distance;
}

/** Typo-level difference (≤ 2 digits) or the same last four digits. */
function similarPhones(a: string | null, b: string | null): boolean {
  if (!a || !b) return false;
  return hamming(a, b) <= 2 || a.slice(-4) === b.slice(-4);
}

const reasonWeight: Readonly<Record<DuplicateReason, number>> = {
  same_phone: 4,
  same_email: 3,
  same_name_similar_phone: 2,
  same_pinyin: 1,
};

export function findDuplicates(db: ReadableDB, options: { withId?: string | undefined; limit: number }): DuplicatePair[] {
  let only: DuplicateCandidate | undefined;
  if (options.withId) {
    only = duplicateCandidate(db, options.withId);
    if (!only) return [];
  }
  const pairs = new Map<string, { a: DuplicateCandidate; b: DuplicateCandidate; reasons: Set<DuplicateReason> }>();
  const note = (a: DuplicateCandidate, b: DuplicateCandidate, reason: DuplicateReason): void => {
    if (only && a.id !== only.id && b.id !== only.id) return;
    const [first, second] = a.id < b.id ? [a, b] : [b, a];
    const key = `${first.id}|${second.id}`;
    const pair = pairs.get(key) ?? { a: first, b: second, reasons: new Set<DuplicateReason>() };
    pair.reasons.add(reason);
    pairs.set(key, pair);
  };
  const eachPair = (groups: DuplicateCandidate[][], visit: (a: DuplicateCandidate, b: DuplicateCandidate) => void): void => {
    for (const group of groups) {
      for (let i = 0; i < group.length; i += 1) {
        for (let j = i + 1; j < group.length; j += 1) visit(group[i]!, group[j]!);
      }
    }
  };
  // A number or an address shared by many records is a shop line or a family, not one person.
  eachPair(duplicateGroups(db, 'phone', 5, only), (a, b) => note(a, b, 'same_phone'));
  eachPair(duplicateGroups(db, 'email', 5, only), (a, b) => note(a, b, 'same_email'));
  eachPair(duplicateGroups(db, 'name', 50, only), (a, b) => {
    if (similarPhones(a.phone_digits, b.phone_digits)) note(a, b, 'same_name_similar_phone');
  });
  // Same sound, different characters (张伟 / 章伟): a typing slip in a small group only.
  eachPair(duplicateGroups(db, 'name_pinyin', 6, only), (a, b) => {
    if (a.name !== b.name && a.name_pinyin !== '') note(a, b, 'same_pinyin');
  });

  const ranked = [...pairs.values()]
    .map((p) => ({ ...p, score: [...p.reasons].reduce((s, r) => s + reasonWeight[r], 0) }))
    .sort((x, y) => y.score - x.score || x.a.id.localeCompare(y.a.id))
    .slice(0, options.limit);
  const repo = searchRepo(db);
  const ids = [...new Set(ranked.flatMap((p) => [p.a.id, p.b.id]))];
  const hits = new Map(repo.hits(ids).map((h) => [h.id, h]));
  return ranked.flatMap((p) => {
    const a = hits.get(p.a.id);
    const b = hits.get(p.b.id);
    if (!a || !b) return [];
    return [{ a: { ...a, match: 'name' as const }, b: { ...b, match: 'name' as const }, reasons: [...p.reasons] }];
  });
}

// ---------------------------------------------------------------------------------------------
// Merge

interface MovedRows {
  readonly rows: Partial<Record<(typeof movedTables)[number], string[]>>;
  readonly tagsAdded: string[];
  readonly referredBy: string[];
  readonly members: string[];
  /** Fields whose value came from the merged record. */
  readonly taken: EditableField[];
}

export function toMergeRecord(row: MergeDbRow): MergeRecord {
  const moved = JSON.parse(row.moved) as MovedRows;
  const movedCounts: Record<string, number> = {};
  for (const [table, ids] of Object.entries(moved.rows)) movedCounts[table] = ids.length;
  movedCounts.tags = moved.tagsAdded.length;
  return {
    id: row.id,
    survivorId: row.survivor_id,
    mergedId: row.merged_id,
    mergedAt: row.merged_at,
    undoneAt: row.undone_at,
    movedCounts,
  };
}

function movePointers(db: WritableDB, column: 'referred_by' | 'organization_id', ids: readonly string[], to: string): void {
  if (ids.length === 0) return;
  db.prepare(`UPDATE customers SET ${column} = ? WHERE id IN (SELECT value FROM json_each(?))`).run(to, JSON.stringify(ids));
}

function pointersTo(db: ReadableDB, column: 'referred_by' | 'organization_id', id: string): string[] {
  return db.prepare(`SELECT id FROM customers WHERE ${column} = ?`).pluck().all(id) as string[];
}

export function mergeCustomers(
  db: WritableDB,
  input: { survivorId: string; mergedId: string; take: readonly EditableField[] },
  actor: Actor,
): MergeRecord {
  if (input.survivorId === input.mergedId) throw new PatronError('invalid_input', 'A customer cannot be merged into itself.');
  requireActive(db, input.survivorId);
  requireActive(db, input.mergedId);
  const survivorBefore = readColumns(db, input.survivorId) ?? {};
  const mergedValues = readColumns(db, input.mergedId) ?? {};
  const survivorDigits = phoneDigitsOf(db, input.survivorId);
  const mergedDigits = phoneDigitsOf(db, input.mergedId);
  const mergeId = newId();

  const rows: MovedRows['rows'] = {};
  for (const table of movedTables) {
    const ids = rowIdsOf(db, table, input.mergedId);
    moveRows(db, table, ids, input.survivorId);
    if (ids.length > 0) rows[table] = ids;
  }
  const tagsAdded = copyMissingTags(db, input.mergedId, input.survivorId, actor.at);
  const referredBy = pointersTo(db, 'referred_by', input.mergedId).filter((id) => id !== input.survivorId);
  movePointers(db, 'referred_by', referredBy, input.survivorId);
  const members = pointersTo(db, 'organization_id', input.mergedId).filter((id) => id !== input.survivorId);
  movePointers(db, 'organization_id', members, input.survivorId);

  // Unique member numbers: the merged record gives its number up before the survivor takes it.
  const taken = input.take.filter((f) => f !== 'kind' || mergedValues.kind !== survivorBefore.kind);
  const patch: ColumnValues = {};
  for (const field of taken) {
    const column = fieldColumns[field];
    patch[column] = mergedValues[column] ?? null;
    if (field === 'phone') {
      patch.phone_digits = mergedDigits;
    }
    if (field === 'name') {
      const keys = nameSearchKeys(String(mergedValues.name ?? ''));
      patch.name_pinyin = keys.pinyin;
      patch.name_initials = keys.initials;
    }
  }
  if (taken.includes('memberNo')) updateColumns(db, input.mergedId, { member_no: null }, actor.at);
  setMergedInto(db, input.mergedId, input.survivorId, actor.at);
  updateColumns(db, input.survivorId, patch, actor.at);
  recordChanges(db, input.survivorId, survivorBefore, patch, actor, mergeId);
  insertChange(db, {
    id: newId(),
    customerId: input.survivorId,
    changeSet: mergeId,
    at: actor.at,
    actorRole: actor.role,
    field: 'merged',
    oldValue: null,
    newValue: input.mergedId,
  });

  const moved: MovedRows = { rows, tagsAdded, referredBy, members, taken };
  const before: ColumnValues = { ...survivorBefore, phone_digits: survivorDigits, merged_member_no: mergedValues.member_no ?? null };
  insertMerge(db, { id: mergeId, survivorId: input.survivorId, mergedId: input.mergedId, at: actor.at, actorRole: actor.role, survivorBefore: before, moved });
  const record = readMerge(db, mergeId);
  if (!record) throw new PatronError('internal', 'The merge was not recorded.');
  const result = toMergeRecord(record);
  appendAudit(
    db,
    { actorRole: actor.role, action: 'customers.merged', entity: 'customer', entityId: input.survivorId, details: { mergeId, mergedId: input.mergedId, moved: result.movedCounts, fields: taken } },
    actor.at,
  );
  return result;
}

function phoneDigitsOf(db: ReadableDB, id: string): string | null {
  return (db.prepare(`SELECT phone_digits FROM customers WHERE id = ?`).pluck().get(id) as string | null | undefined) ?? null;
}

export function undoMerge(db: WritableDB, mergeId: string, actor: Actor): MergeRecord {
  const merge = readMerge(db, mergeId);
  if (!merge) throw new PatronError('not_found', 'No such merge.', { mergeId });
  if (merge.undone_at !== null) throw new PatronError('conflict', 'This merge has already been undone.', { mergeId });
  const age = Date.parse(actor.at) - Date.parse(merge.merged_at);
  if (age > STAFF_UNDO_WINDOW_MS && actor.role !== 'owner') {
    throw new PatronError('forbidden', 'Merges older than one hour can only be undone by the owner.', {
      mergeId,
      reason: 'undo_window_passed',
    });
  }
  const survivor = requireCustomer(db, merge.survivor_id);
  if (survivor.mergedInto !== null) {
    throw new PatronError('conflict', 'The surviving record was merged again since; undo that merge first.', { mergeId });
  }
  const moved = JSON.parse(merge.moved) as MovedRows;
  const before = JSON.parse(merge.survivor_before) as ColumnValues;
  for (const table of movedTables) moveRows(db, table, moved.rows[table] ?? [], merge.merged_id);
  removeTags(db, merge.survivor_id, moved.tagsAdded);
  movePointers(db, 'referred_by', moved.referredBy, merge.merged_id);
  movePointers(db, 'organization_id', moved.members, merge.merged_id);

  const current = readColumns(db, merge.survivor_id) ?? {};
  const restore: ColumnValues = {};
  for (const field of moved.taken) {
    const column = fieldColumns[field];
    restore[column] = before[column] ?? null;
    if (field === 'phone') restore.phone_digits = before.phone_digits ?? null;
    if (field === 'name') {
      const keys = nameSearchKeys(String(before.name ?? ''));
      restore.name_pinyin = keys.pinyin;
      restore.name_initials = keys.initials;
    }
  }
  // The survivor gives a taken member number back before the merged record gets it again.
  if (moved.taken.includes('memberNo')) updateColumns(db, merge.survivor_id, { member_no: before.member_no ?? null }, actor.at);
  setMergedInto(db, merge.merged_id, null, actor.at);
  if (moved.taken.includes('memberNo')) updateColumns(db, merge.merged_id, { member_no: before.merged_member_no ?? null }, actor.at);
  updateColumns(db, merge.survivor_id, restore, actor.at);
  const undoSet = newId();
  recordChanges(db, merge.survivor_id, current, restore, actor, undoSet);
  insertChange(db, {
    id: newId(),
    customerId: merge.survivor_id,
    changeSet: undoSet,
    at: actor.at,
    actorRole: actor.role,
    field: 'merge_undone',
    oldValue: merge.merged_id,
    newValue: null,
  });
  markMergeUndone(db, mergeId, actor.at, actor.role);
  appendAudit(
    db,
    { actorRole: actor.role, action: 'customers.mergeUndone', entity: 'customer', entityId: merge.survivor_id, details: { mergeId, mergedId: merge.merged_id } },
    actor.at,
  );
  const updated = readMerge(db, mergeId);
  if (!updated) throw new PatronError('internal', 'The merge record vanished.');
  return toMergeRecord(updated);
}
