import { z } from 'zod';
import { command } from './define';

export const customerKinds = ['person', 'organization'] as const;
export type CustomerKind = (typeof customerKinds)[number];
export const genders = ['female', 'male', 'other'] as const;
export const customerSources = ['walk_in', 'referral', 'online', 'event', 'phone', 'other'] as const;
export const tagColors = ['gray', 'red', 'pink', 'grape', 'violet', 'indigo', 'blue', 'cyan', 'teal', 'green', 'lime', 'yellow', 'orange'] as const;

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional();

/**
 * The editable fields of a customer. Phone is raw text: the core parses it for the shop's
 * country and refuses what does not parse, so the renderer and the CLI share one rule.
 */
export const customerFieldsSchema = z.object({
  kind: z.enum(customerKinds).default('person'),
  name: z.string().trim().min(1).max(120),
  phone: optionalText(40),
  phone2: optionalText(40),
  email: z
    .string()
    .trim()
    .max(200)
    .transform((v) => (v === '' ? null : v.toLowerCase()))
    .pipe(z.email().nullable())
    .nullable()
    .optional(),
  memberNo: optionalText(40),
  wechat: optionalText(80),
  gender: z.enum(genders).nullable().optional(),
  birthday: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .nullable()
    .optional(),
  address: optionalText(300),
  source: z.enum(customerSources).nullable().optional(),
  notes: optionalText(2000),
  organizationId: z.string().min(1).nullable().optional(),
  position: optionalText(80),
  companyName: optionalText(120),
  industry: optionalText(80),
  companySize: optionalText(40),
  contactPerson: optionalText(80),
  contactTitle: optionalText(80),
});
export type CustomerFieldsInput = z.input<typeof customerFieldsSchema>;
export type CustomerFields = z.output<typeof customerFieldsSchema>;

/** Fields a user may change, in display order (also the history's field names). */
export const editableFields = [
  'kind',
  'name',
  'phone',
  'phone2',
  'email',
  'memberNo',
  'wechat',
  'gender',
  'birthday',
  'address',
  'source',
  'notes',
  'organizationId',
  'position',
  'companyName',
  'industry',
  'companySize',
  'contactPerson',
  'contactTitle',
] as const;
export type EditableField = (typeof editableFields)[number];

export interface TagRef {
  readonly id: string;
  readonly name: string;
  readonly color: string;
}

export interface Customer {
  readonly id: string;
  readonly kind: CustomerKind;
  readonly name: string;
  readonly phone: string | null;
  readonly phone2: string | null;
  readonly email: string | null;
  readonly memberNo: string | null;
  readonly wechat: string | null;
  readonly gender: (typeof genders)[number] | null;
  readonly birthday: string | null;
  readonly address: string | null;
  readonly source: (typeof customerSources)[number] | null;
  readonly notes: string | null;
  readonly organizationId: string | null;
  readonly organizationName: string | null;
  readonly position: string | null;
  readonly companyName: string | null;
  readonly industry: string | null;
  readonly companySize: string | null;
  readonly contactPerson: string | null;
  readonly contactTitle: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly deletedAt: string | null;
  readonly mergedInto: string | null;
  readonly tags: readonly TagRef[];
}

export type SearchMatch = 'phone_exact' | 'name_exact' | 'phone_suffix' | 'phone' | 'name' | 'pinyin' | 'initials' | 'email' | 'member_no' | 'company' | 'tag';

export interface CustomerHit {
  readonly id: string;
  readonly kind: CustomerKind;
  readonly name: string;
  readonly phone: string | null;
  readonly email: string | null;
  readonly memberNo: string | null;
  readonly companyName: string | null;
  readonly lastVisitAt: string | null;
  /** Why this customer matched, best reason first. */
  readonly match: SearchMatch;
}

export const listSorts = ['name', 'last_visit', 'total_spend', 'created'] as const;
export type ListSort = (typeof listSorts)[number];

export const listFiltersSchema = z.object({
  tagId: z.string().min(1).optional(),
  kind: z.enum(customerKinds).optional(),
  segment: z.string().min(1).optional(),
  consent: z.enum(['granted', 'not_granted']).optional(),
  birthdayMonth: z.number().int().min(1).max(12).optional(),
  openComplaint: z.boolean().optional(),
});
export type ListFilters = z.output<typeof listFiltersSchema>;

export interface CustomerRow {
  readonly id: string;
  readonly kind: CustomerKind;
  readonly name: string;
  readonly phone: string | null;
  readonly lastVisitAt: string | null;
  readonly totalSpendMinor: number;
  readonly visits: number;
  readonly tags: readonly TagRef[];
}

export interface CustomerPage {
  /** Rows matching the filters; null when the caller did not ask (`withTotal: false`). */
  readonly total: number | null;
  readonly offset: number;
  readonly rows: readonly CustomerRow[];
}

export interface ListOptions {
  readonly tags: readonly TagRef[];
  /** Segment labels of the latest finished analysis run; empty until analysis has run. */
  readonly segments: readonly string[];
}

export interface HistoryEntry {
  readonly changeSet: string;
  readonly changedAt: string;
  readonly actorRole: string;
  readonly field: string;
  readonly oldValue: string | null;
  readonly newValue: string | null;
}

export type DuplicateReason = 'same_phone' | 'same_email' | 'same_name_similar_phone' | 'same_pinyin';

export interface DuplicatePair {
  readonly a: CustomerHit;
  readonly b: CustomerHit;
  readonly reasons: readonly DuplicateReason[];
}

export interface MergeRecord {
  readonly id: string;
  readonly survivorId: string;
  readonly mergedId: string;
  readonly mergedAt: string;
  readonly undoneAt: string | null;
  readonly movedCounts: Readonly<Record<string, number>>;
}

export interface BinEntry {
  readonly id: string;
  readonly kind: CustomerKind;
  readonly name: string;
  readonly phone: string | null;
  readonly deletedAt: string;
}

const ids = z.array(z.string().min(1)).min(1).max(100_000);

export const customerCommands = {
  /**
   * Search-as-you-type over every active customer: name substrings (trigram for ≥ 3
   * characters, an index path for 1–2), pinyin and initials, phone digits (any run, suffix
   * first), email, member number, organisation and tag. Exact phone and exact name first,
   * then the most recent visitors.
   */
  'customers.search': command<CustomerHit[]>()({
    input: z.object({ query: z.string().max(100), limit: z.number().int().min(1).max(100).default(20) }),
    mutates: false,
    role: 'staff',
  }),
  /** Possible existing records while a new customer is typed ("already a customer?"). */
  'customers.matches': command<CustomerHit[]>()({
    input: z.object({ phone: z.string().max(40).optional(), name: z.string().max(120).optional() }),
    mutates: false,
    role: 'staff',
  }),
  /** One customer with tags and the linked organisation's name (for the edit form). */
  'customers.get': command<Customer>()({ input: z.object({ id: z.string().min(1) }), mutates: false, role: 'staff' }),
  /** Creates a customer; the phone is normalised for the shop's country. */
  'customers.create': command<Customer>()({ input: customerFieldsSchema, mutates: true, role: 'staff' }),
  /** Changes fields; every changed field is kept in the record's history. */
  'customers.update': command<Customer>()({
    input: z.object({ id: z.string().min(1), patch: customerFieldsSchema.partial() }),
    mutates: true,
    role: 'staff',
  }),
  /** The change history of one record, newest first. */
  'customers.history': command<HistoryEntry[]>()({
    input: z.object({ id: z.string().min(1) }),
    mutates: false,
    role: 'staff',
  }),
  /** One page of the archive, sorted and filtered, for the virtualized list. */
  'customers.list': command<CustomerPage>()({
    input: z.object({
      sort: z.enum(listSorts).default('name'),
      direction: z.enum(['asc', 'desc']).default('asc'),
      filters: listFiltersSchema.default({}),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(500).default(100),
      /** Counting 100k rows costs more than the page itself; scrolling pages skip it. */
      withTotal: z.boolean().default(true),
    }),
    mutates: false,
    role: 'staff',
  }),
  /** Choices for the list filters (tags; segment labels when an analysis run exists). */
  'customers.listOptions': command<ListOptions>()({ input: z.object({}), mutates: false, role: 'staff' }),
  /** Organisations whose name contains the text, to link a person to. */
  'customers.organizations': command<CustomerHit[]>()({
    input: z.object({ query: z.string().max(100).default('') }),
    mutates: false,
    role: 'staff',
  }),
  /** Moves customers to the recycle bin (soft delete). */
  'customers.delete': command<{ deleted: number }>()({ input: z.object({ ids }), mutates: true, role: 'staff' }),
  /** Brings customers back from the recycle bin. */
  'customers.restore': command<{ restored: number }>()({ input: z.object({ ids }), mutates: true, role: 'staff' }),
  /** The recycle bin, most recently deleted first. */
  'customers.bin': command<BinEntry[]>()({ input: z.object({}), mutates: false, role: 'staff' }),
  /**
   * Owner: permanently erases customers from the recycle bin with every dependent row (a record
   * entered by mistake). Audited with row counts only.
   */
  'customers.erase': command<{ erased: number; rows: number }>()({
    input: z.object({ ids }),
    mutates: true,
    role: 'owner',
  }),
  /** Likely duplicate pairs; with `withId`, only pairs involving that customer. */
  'customers.duplicates': command<DuplicatePair[]>()({
    input: z.object({ withId: z.string().min(1).optional(), limit: z.number().int().min(1).max(500).default(200) }),
    mutates: false,
    role: 'staff',
  }),
  /**
   * Merges `mergedId` into `survivorId`: moves purchases, interactions, complaints, reminders,
   * consents, costs, campaign contacts and tags; `take` lists the fields whose value comes from
   * the merged record. Audited; undoable.
   */
  'customers.merge': command<MergeRecord>()({
    input: z.object({
      survivorId: z.string().min(1),
      mergedId: z.string().min(1),
      take: z.array(z.enum(editableFields)).default([]),
    }),
    mutates: true,
    role: 'staff',
  }),
  /** Undoes a merge exactly. Staff within an hour of the merge; after that owner only. */
  'customers.undoMerge': command<MergeRecord>()({
    input: z.object({ mergeId: z.string().min(1) }),
    mutates: true,
    role: 'staff',
  }),
  /** Merges of one customer (as survivor), newest first. */
  'customers.merges': command<MergeRecord[]>()({
    input: z.object({ id: z.string().min(1) }),
    mutates: false,
    role: 'staff',
  }),
  /** Every tag with its colour. */
  'tags.list': command<TagRef[]>()({ input: z.object({}), mutates: false, role: 'staff' }),
  /** Creates a tag (names are unique among live tags). */
  'tags.create': command<TagRef>()({
    input: z.object({ name: z.string().trim().min(1).max(40), color: z.enum(tagColors).default('gray') }),
    mutates: true,
    role: 'staff',
  }),
  /** Owner: renames a tag or changes its colour (names stay unique among live tags). Audited. */
  'tags.update': command<TagRef>()({
    input: z.object({
      id: z.string().min(1),
      name: z.string().trim().min(1).max(40).optional(),
      color: z.enum(tagColors).optional(),
    }),
    mutates: true,
    role: 'owner',
  }),
  /** Owner: deletes a tag and takes it off every customer. Audited with the count. */
  'tags.delete': command<{ untagged: number }>()({
    input: z.object({ id: z.string().min(1) }),
    mutates: true,
    role: 'owner',
  }),
  /** Adds a tag to customers (bulk). */
  'customers.tag': command<{ changed: number }>()({
    input: z.object({ ids, tagId: z.string().min(1) }),
    mutates: true,
    role: 'staff',
  }),
  /** Removes a tag from customers (bulk). */
  'customers.untag': command<{ changed: number }>()({
    input: z.object({ ids, tagId: z.string().min(1) }),
    mutates: true,
    role: 'staff',
  }),
};
