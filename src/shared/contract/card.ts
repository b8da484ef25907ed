import { z } from 'zod';
import { command } from './define';

export type TimelineKind = (typeof timelineKinds)[number];

/** One event on the customer's timeline; `detail` carries the kind's own fields. */
export interface TimelineEvent {
  readonly kind: TimelineKind;
  readonly id: string;
  readonly at: string;
  /** purchase: total; others null. */
  readonly amountMinor: number | null;
  /** A short text: lines sold, interaction summary, complaint description, reminder title, changed field. */
  readonly text: string;
  /** purchase: channel/payment; interaction: channel; complaint: status; reminder: kind; change: field. */
  readonly tag: string | null;
  /** purchase: is a return; reminder: is done. */
  readonly flag: boolean;
}

export interface CardFigures {
  readonly netSpendMinor: number;
  readonly visits: number;
  readonly averageTicketMinor: number | null;
  readonly firstVisitAt: string | null;
  readonly lastVisitAt: string | null;
  readonly daysSinceLastVisit: number | null;
  /** Mean days between visits, or null with fewer than two visits. */
  readonly usualIntervalDays: number | null;
}

/** A label from the latest analysis, with the reason as an i18n key and parameters. */
export interface CardLabel {
  readonly name: string;
  readonly value: string | number | null;
  readonly reason: { readonly key: string; readonly params: Readonly<Record<string, unknown>> } | null;
}

export interface CardAnalysis {
  readonly runId: string;
  readonly finishedAt: string;
  readonly labels: readonly CardLabel[];
}

export interface CardSuggestion {
  readonly product: string;
  readonly because: readonly string[];
  readonly confidence: number;
}

/** A category the customer has not bought from yet, from the category-level rules. */
export interface CardCategorySuggestion {
  readonly category: string;
  /** Categories the customer already buys that make up the rule's left side. */
  readonly because: readonly string[];
  readonly confidence: number;
}

export interface CustomerCard {
  readonly customer: {
    readonly id: string;
    readonly kind: 'person' | 'organization';
    readonly name: string;
    readonly memberNo: string | null;
    readonly phone: string | null;
    readonly phone2: string | null;
    readonly email: string | null;
    readonly wechat: string | null;
    readonly gender: string | null;
    readonly birthday: string | null;
    readonly address: string | null;
    readonly source: string | null;
    readonly notes: string | null;
    readonly companyName: string | null;
    readonly position: string | null;
    readonly organization: { readonly id: string; readonly name: string } | null;
    readonly referredBy: { readonly id: string; readonly name: string } | null;
    /** How many customers this customer brought. */
    readonly referralCount: number;
    readonly deleted: boolean;
    readonly mergedInto: string | null;
  };
  readonly tags: readonly { readonly name: string; readonly color: string }[];
  /** The latest consent per channel. */
  readonly consents: readonly {
    readonly channel: string;
    readonly granted: boolean;
    readonly recordedAt: string;
  }[];
  readonly figures: CardFigures;
  /** Net spend per month (shop time zone), oldest first, the last 12 months. */
  readonly spendByMonth: readonly { readonly month: string; readonly netMinor: number }[];
  /** null: "not analysed yet". */
  readonly analysis: CardAnalysis | null;
  readonly suggestions: readonly CardSuggestion[];
  /** Secondary to the product suggestions: a couple of categories to introduce the customer to. */
  readonly categorySuggestions: readonly CardCategorySuggestion[];
  readonly openComplaints: number;
  readonly openReminders: number;
  /** How many events of each kind the timeline holds. */
  readonly timelineCounts: Readonly<Record<TimelineKind, number>>;
  /** The newest page of the timeline (all kinds); later pages come from `card.timeline`. */
  readonly timeline: TimelinePage;
}

export interface TimelinePage {
  readonly events: readonly TimelineEvent[];
  /** Pass back as `before` for the next (older) page; null at the end. */
  readonly next: TimelineCursor | null;
}

export interface TimelineCursor {
  readonly at: string;
  readonly id: string;
}

export const timelineKinds = ['purchase', 'interaction', 'complaint', 'reminder', 'change'] as const;

export const cardCommands = {
  /** Everything the customer card shows, in one read. */
  'card.get': command<CustomerCard>()({
    input: z.object({ id: z.string().min(1) }),
    mutates: false,
    role: 'staff',
  }),
  /**
   * One page of a customer's timeline, newest first, optionally only some kinds. Keyset paging
   * (`before` = the last event of the previous page) keeps every page as fast as the first, so a
   * customer with thousands of events scrolls without loading them all.
   */
  'card.timeline': command<TimelinePage>()({
    input: z.object({
      id: z.string().min(1),
      kinds: z.array(z.enum(timelineKinds)).min(1).optional(),
      before: z.object({ at: z.string(), id: z.string() }).optional(),
      limit: z.number().int().min(1).max(500).default(100),
    }),
    mutates: false,
    role: 'staff',
  }),
  /** Customers with the latest activity (for the "/card" prompt and for tests). */
  'card.recent': command<{ id: string; name: string; lastAt: string }[]>()({
    input: z.object({ limit: z.number().int().min(1).max(50).default(10) }),
    mutates: false,
    role: 'staff',
  }),
};
