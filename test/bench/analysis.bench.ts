/**
 * Benchmark of the whole shop analysis on a synthetic shop drawn from the BG/NBD and Gamma-Gamma
 * processes (seeded, so every run sees the same data). Run with:
 *
 *   npx tsx test/bench/analysis.bench.ts [customers]
 *
 * The shop is first generated into compact columns, then fed to the analyzer one customer at a
 * time, rebuilding each customer's row objects on the fly — what a worker reading a database cursor
 * does. Prints time per stage, the BG/NBD fit alone (median of 3), and the total. Not a test: no
 * assertion on time.
 */
import { loadavg } from 'node:os';
import { PerformanceObserver } from 'node:perf_hooks';
import { compressSummaries, fitBgnbd } from '../../src/main/analysis/bgnbd';
import { buyerSummaries } from '../../src/main/analysis/pipeline-models';
import { ShopIngest } from '../../src/main/analysis/pipeline-ingest';
import { createShopAnalyzer } from '../../src/main/analysis/pipeline';
import { defaultSyntheticShop, syntheticShop } from '../../src/main/analysis/synthetic';
import { defaultAnalysisSettings } from '../../src/shared/analysis/settings';
import type { CustomerInput, PurchaseInput } from '../../src/shared/analysis/types';

const customerCount = Number(process.argv[2] ?? defaultSyntheticShop.customers);
const options = { ...defaultSyntheticShop, customers: customerCount };

/** The generated shop in columns, so holding it costs little heap and no garbage collection. */
interface ColumnarShop {
  ids: string[];
  purchaseStart: Int32Array;
  day: Int32Array;
  amount: Float64Array;
  discounted: Uint8Array;
  itemStart: Int32Array;
  items: Int32Array;
  itemNames: string[];
  attitude: (CustomerInput['attitude'] | null)[];
  credit: (CustomerInput['creditRating'] | null)[];
}

function generate(): ColumnarShop {
  const ids: string[] = [];
  const purchaseStart: number[] = [0];
  const day: number[] = [];
  const amount: number[] = [];
  const discounted: number[] = [];
  const itemStart: number[] = [0];
  const items: number[] = [];
  const itemIndex = new Map<string, number>();
  const attitude: ColumnarShop['attitude'] = [];
  const credit: ColumnarShop['credit'] = [];
  for (const customer of syntheticShop(options)) {
    ids.push(customer.id);
    for (const purchase of customer.purchases) {
      day.push(Number(purchase.day));
      amount.push(purchase.amountMinor);
      discounted.push(purchase.discounted ? 1 : 0);
      for (const name of purchase.items ?? []) {
        let index = itemIndex.get(name);
        if (index === undefined) {
          index = itemIndex.size;
          itemIndex.set(name, index);
        }
        items.push(index);
      }
      itemStart.push(items.length);
    }
    purchaseStart.push(day.length);
    attitude.push(customer.attitude ?? null);
    credit.push(customer.creditRating ?? null);
  }
  return {
    ids,
    purchaseStart: Int32Array.from(purchaseStart),
    day: Int32Array.from(day),
    amount: Float64Array.from(amount),
    discounted: Uint8Array.from(discounted),
    itemStart: Int32Array.from(itemStart),
    items: Int32Array.from(items),
    itemNames: [...itemIndex.keys()],
    attitude,
    credit,
  };
}

function* rows(shop: ColumnarShop): Generator<CustomerInput> {
  for (let c = 0; c < shop.ids.length; c++) {
    const purchases: PurchaseInput[] = [];
    for (let p = shop.purchaseStart[c] ?? 0; p < (shop.purchaseStart[c + 1] ?? 0); p++) {
      const from = shop.itemStart[p] ?? 0;
      const to = shop.itemStart[p + 1] ?? 0;
      const names: string[] = [];
      for (let i = from; i < to; i++) names.push(shop.itemNames[shop.items[i] ?? 0] ?? '');
      purchases.push({
        day: shop.day[p] ?? 0,
        amountMinor: shop.amount[p] ?? 0,
        discounted: shop.discounted[p] === 1,
        items: names,
      });
    }
    yield {
      id: shop.ids[c] ?? '',
      purchases,
      attitude: shop.attitude[c] ?? null,
      creditRating: shop.credit[c] ?? null,
    };
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((p, q) => p - q);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

const generationStart = performance.now();
const shop = generate();
const generationMs = performance.now() - generationStart;
const purchases = shop.day.length;
console.log(
  `synthetic shop: ${shop.ids.length.toLocaleString('en')} customers, ${purchases.toLocaleString('en')} purchases, ` +
    `${(shop.itemStart.length - 1).toLocaleString('en')} tickets (${shop.items.length.toLocaleString('en')} line items), ` +
    `generated in ${(generationMs / 1000).toFixed(2)} s`,
);

// Garbage-collection pauses, attributed to the phase they started in, to tell allocation cost
// from computation. (Entries arrive asynchronously, so they are sorted out afterwards.)
const gcPauses: { start: number; ms: number }[] = [];
const gcObserver = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcPauses.push({ start: entry.startTime, ms: entry.duration });
});
gcObserver.observe({ entryTypes: ['gc'] });
const cpuStart = process.cpuUsage();
const wallStart = performance.now();
// CPU time per stage from the stage-start callbacks: unlike the wall clock it barely moves when
// other processes compete for the two cores (it includes V8's GC helper threads).
const stageCpu = new Map<string, number>();
let currentStage = 'ingest';
let stageCpuStart = process.cpuUsage();
const closeStage = (): void => {
  const used = process.cpuUsage(stageCpuStart);
  stageCpu.set(currentStage, (stageCpu.get(currentStage) ?? 0) + (used.user + used.system) / 1000);
  stageCpuStart = process.cpuUsage();
};
const analyzer = createShopAnalyzer(defaultAnalysisSettings, options.referenceDay, 'day', {
  onStage: (stage) => {
    closeStage();
    currentStage = stage;
  },
});
for (const customer of rows(shop)) analyzer.add(customer);
const ingestEnd = performance.now();
const result = analyzer.finish();
closeStage();
const wallEnd = performance.now();
const wallMs = wallEnd - wallStart;
const cpu = process.cpuUsage(cpuStart);
await new Promise((resolve) => setTimeout(resolve, 0));
gcObserver.disconnect();
const gcDuring = (from: number, to: number): number =>
  gcPauses.filter((p) => p.start >= from && p.start < to).reduce((sum, p) => sum + p.ms, 0);

console.log('\nstage timings (one full analysis, time unit = day):');
console.table(
  result.shop.timings.map((t) => ({
    stage: t.stage,
    'wall ms': Math.round(t.ms),
    'CPU ms': Math.round(stageCpu.get(t.stage) ?? 0),
  })),
);
console.log('(ingest CPU includes rebuilding each row object, as a database cursor would)');
console.log(
  `sum of stages ${Math.round(result.shop.totalMs)} ms; wall clock ${Math.round(wallMs)} ms ` +
    `(includes rebuilding the row objects); CPU ${Math.round((cpu.user + cpu.system) / 1000)} ms ` +
    `(all threads, GC helpers included)`,
);
console.log(
  `GC pauses: ${Math.round(gcDuring(wallStart, ingestEnd))} ms while rows were built and ingested ` +
    `(${Math.round(ingestEnd - wallStart)} ms), ${Math.round(gcDuring(ingestEnd, wallEnd))} ms in the ` +
    `stages after ingest (${Math.round(wallEnd - ingestEnd)} ms)`,
);
console.log(
  `load average when done: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} (other processes on this machine slow the wall clock, not the CPU figure)`,
);

// The BG/NBD fit alone, three times on the same compressed summaries.
const ingest = new ShopIngest(options.referenceDay, null);
for (const customer of rows(shop)) ingest.add(customer);
const buyers = ingest.customers.filter((c) => c.visitDays.length > 0);
const summaries = buyerSummaries(buyers, options.referenceDay, 'day');
const fitTimes: number[] = [];
let fit = fitBgnbd(compressSummaries(summaries.summaries));
for (let run = 0; run < 3; run++) {
  const started = performance.now();
  fit = fitBgnbd(compressSummaries(summaries.summaries));
  fitTimes.push(performance.now() - started);
}
const compressed = compressSummaries(summaries.summaries);
console.log(
  `\nBG/NBD fit (compression included) on ${buyers.length.toLocaleString('en')} customers → ` +
    `${compressed.x.length.toLocaleString('en')} unique (x, t_x, T): median of 3 = ${Math.round(median(fitTimes))} ms ` +
    `(${fitTimes.map((t) => Math.round(t)).join(', ')} ms), ${fit.iterations} iterations, converged ${fit.converged}`,
);
console.log(
  `  estimates r=${fit.r.toFixed(3)} α=${fit.alpha.toFixed(2)} a=${fit.a.toFixed(3)} b=${fit.b.toFixed(2)} ` +
    `(generated with r=${options.purchase.r} α=${options.purchase.alpha} a=${options.purchase.a} b=${options.purchase.b})`,
);
console.log(
  `\nverdict: ${result.shop.verdict.reasons.map((r) => r.key).join(', ')}; rules: ${result.shop.rules.length}`,
);
