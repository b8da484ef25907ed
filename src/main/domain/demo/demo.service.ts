import { rebuildSearchAndSummary } from '../customers/customers.repo';
import type { WritableDB } from '../../db/connection';
import { PatronError } from '../../../shared/errors';
import { categoryNames, productDefs, type DemoLocale } from './catalogue';
import { EventLog, type SimulationWindow } from './customer-process';
import type { DemoContext } from './demo-context';
import { generateCustomers } from './demo-customers';
import { DemoIds } from './demo-ids';
import { writePurchases } from './demo-purchases';
import {
  topSpenders,
  writeCampaigns,
  writeComplaints,
  writeCustomerCosts,
  writeInteractions,
  writeReminders,
  writeTags,
} from './demo-relationships';
import {
  countExistingShopRows,
  prepareDemoRepo,
  restoreCacheSize,
  setCacheSizeKib,
  withSecondaryIndexesRebuilt,
  withTriggersSuspended,
  type DemoRepo,
} from './demo.repo';
import { Random } from './random';
import { ShopCalendar } from './shop-calendar';
import { staffNames } from './texts';

export interface SeedDemoOptions {
  readonly customers: number;
  /** Length of the shop's history before `endDate`, in calendar months (default 24). */
  readonly months?: number;
  /** Same seed and end date → identical database content (default 1). */
  readonly seed?: number;
  readonly locale: DemoLocale;
  /** The shop's "today" (default: now). */
  readonly endDate?: Date;
  /** Called at most ~200 times. */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface SeedDemoResult {
  readonly customers: number;
  /** Rows in purchases, returns included. */
  readonly purchases: number;
  readonly purchaseLines: number;
  /** Rows in interactions, the complaints' own interactions included. */
  readonly interactions: number;
  readonly complaints: number;
  readonly seconds: number;
}

/**
 * The shop's time zone, for opening hours and "today". It must match the
 * profile the shop service creates for a demo shop (shop.service demoProfile).
 */
export const demoTimeZones: Readonly<Record<DemoLocale, string>> = {
  'zh-CN': 'Asia/Shanghai',
  en: 'America/New_York',
};

/** Population mean spend per visit (Gamma-Gamma pγ/(q − 1)), in minor units. */
const meanTicketMinor: Readonly<Record<DemoLocale, number>> = { 'zh-CN': 3000, en: 700 };

const PROGRESS_STEPS = 200;
/**
 * Upper bound (not an allocation) of the page cache during the load: keeps the
 * hot B-tree pages and the sorts of the index rebuild in memory. Measured on
 * 100k customers before the index rebuild existed: 64 MiB cost ~25 % more CPU
 * than 512 MiB, 2 GiB was no better.
 */
const BULK_CACHE_KIB = 512 * 1024;
/** Separates the id stream from the data stream of the same seed. */
const ID_STREAM_SALT = 0x1d5eed;

/**
 * Fills an empty shop with a demo café: catalogue, customers with tags and
 * consents, two years of purchases drawn from a BG/NBD / Gamma-Gamma
 * customer base, interactions, complaints, reminders and campaigns.
 * Everything runs in one transaction: either the whole demo shop is there or
 * nothing is.
 */
export function seedDemoShop(db: WritableDB, options: SeedDemoOptions): SeedDemoResult {
  const started = performance.now();
  const customers = options.customers;
  const months = options.months ?? 24;
  const seed = options.seed ?? 1;
  if (!Number.isInteger(customers) || customers < 1 || customers > 5_000_000) {
    throw new PatronError('invalid_input', 'customers must be an integer between 1 and 5,000,000', {
      customers,
    });
  }
  if (!Number.isInteger(months) || months < 1 || months > 240) {
    throw new PatronError('invalid_input', 'months must be an integer between 1 and 240', { months });
  }
  if (!Number.isInteger(seed)) throw new PatronError('invalid_input', 'seed must be an integer', { seed });
  if (countExistingShopRows(db) > 0) {
    throw new PatronError('already_initialized', 'The demo shop can only be created in an empty shop file.');
  }

  const endDate = options.endDate ?? new Date();
  const endSeconds = Math.floor(endDate.getTime() / 1000);
  const startDate = new Date(endSeconds * 1000);
  startDate.setUTCMonth(startDate.getUTCMonth() - months);
  const window: SimulationWindow = {
    calendar: new ShopCalendar(demoTimeZones[options.locale]),
    startSeconds: Math.floor(startDate.getTime() / 1000),
    endSeconds,
  };

  const progress = progressReporter(options.onProgress);
  const previousCacheSize = setCacheSizeKib(db, BULK_CACHE_KIB);
  try {
    const repo = prepareDemoRepo(db);
    const context: DemoContext = {
      db,
      locale: options.locale,
      random: new Random(seed),
      ids: new DemoIds(new Random((seed ^ ID_STREAM_SALT) >>> 0)),
      window,
      repo,
      meanTicketMinor: meanTicketMinor[options.locale],
      staff: staffNames[options.locale],
    };
    // The search index and per-customer summary (migration 0002) and the purchase baskets (0006)
    // are kept by triggers on every write; the seed writes the baskets itself, and for the rest one rebuild afterwards costs a fraction of a million
    // trigger firings (measured: the 100k seed took ~3x the CPU with the triggers live).
    const counts = db
      .transaction(() => {
        const result = withTriggersSuspended(db, ['customers', 'purchases', 'purchase_lines'], () =>
          generate(context, repo, customers, progress),
        );
        rebuildSearchAndSummary(db);
        return result;
      })
      .immediate();
    progress.finish();
    return { ...counts, seconds: (performance.now() - started) / 1000 };
  } finally {
    restoreCacheSize(db, previousCacheSize);
  }
}

/** Progress phases as shares of the whole job (measured roughly on 100k customers). */
const phase = { catalogue: 0.01, customers: 0.3, purchases: 0.95, rest: 1 } as const;

function generate(
  context: DemoContext,
  repo: DemoRepo,
  customerCount: number,
  progress: ProgressReporter,
): Omit<SeedDemoResult, 'seconds'> {
  const productIds = writeCatalogue(context, repo);
  progress.at(phase.catalogue);

  const log = new EventLog();
  log.reserve(customerCount * 12);
  const { columns } = generateCustomers(context, customerCount, log, (index) =>
    progress.between(phase.catalogue, phase.customers, index + 1, customerCount),
  );

  // A million purchases land in time order, which keeps their primary keys
  // appending but scatters the per-customer index; rebuilding the secondary
  // indexes once, sorted, costs less than maintaining them row by row.
  const written = withSecondaryIndexesRebuilt(context.db, ['purchases', 'purchase_lines'], () =>
    writePurchases(context, columns, log, productIds, (done, total) =>
      progress.between(phase.customers, phase.purchases, done, total),
    ),
  );

  const vip = topSpenders(columns, 0.01);
  writeTags(context, columns, vip);
  const interactions = writeInteractions(context, columns);
  const complaints = writeComplaints(context, columns);
  writeReminders(context, columns, complaints, written.recentLargePurchases);
  writeCampaigns(context, columns);
  writeCustomerCosts(context, columns, vip, complaints);
  progress.at(phase.rest);

  return {
    customers: customerCount,
    purchases: written.purchases + written.returns,
    purchaseLines: written.lines,
    interactions: interactions + complaints.interactions,
    complaints: complaints.complaints,
  };
}

function writeCatalogue(context: DemoContext, repo: DemoRepo): string[] {
  const { window, ids, locale } = context;
  const setupMs = (window.startSeconds - 30 * 86_400) * 1000;
  return productDefs.map((def, index) => {
    const ms = setupMs + index;
    const id = ids.at(ms);
    const at = window.calendar.iso(ms);
    const price = def.prices[locale];
    repo.insertProduct.run(
      id,
      def.names[locale],
      categoryNames[def.category][locale],
      def.sku,
      price,
      Math.round(price * def.costShare),
      at,
      at,
    );
    return id;
  });
}

interface ProgressReporter {
  at(fraction: number): void;
  between(from: number, to: number, done: number, total: number): void;
  finish(): void;
}

/** Turns fine-grained progress into at most PROGRESS_STEPS calls of the caller's callback. */
function progressReporter(onProgress: ((done: number, total: number) => void) | undefined): ProgressReporter {
  let reported = -1;
  const at = (fraction: number): void => {
    if (!onProgress) return;
    const step = Math.min(PROGRESS_STEPS, Math.floor(fraction * PROGRESS_STEPS));
    if (step <= reported) return;
    reported = step;
    onProgress(step, PROGRESS_STEPS);
  };
  return {
    at,
    between: (from, to, done, total) => at(from + ((to - from) * done) / Math.max(1, total)),
    finish: () => at(1),
  };
}
