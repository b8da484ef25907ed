import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { PatronCore } from '../../core/core';
import { createDirectClient } from '../../transport/direct';
import type { CommandInput } from '../../../shared/contract';
import { cpuMsSince, formatMs, summarize, type Benchmark } from './types';

interface Sample {
  name: string;
  name_pinyin: string;
  name_initials: string;
  phone_digits: string | null;
  email: string | null;
  member_no: string | null;
  company_name: string | null;
}

/** Deterministic pseudo-random picks, so two runs on one file ask the same questions. */
function picker(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % n;
  };
}

/**
 * The counter's search over a real shop file, through the whole core (router, validation,
 * handler), per kind of query, with queries drawn from the file's own customers. Also the
 * list screen's pages, since the same archive must scroll smoothly.
 */
export const searchBenchmark: Benchmark = {
  name: 'search',
  summary: 'customers.search p50/p95/max per query kind, and customers.list pages',
  async run({ dbFile, iterations, io }) {
    const core = PatronCore.open({ dbFile, transport: 'direct' });
    try {
      const client = createDirectClient(core, core.createSession('cli', 'staff'));
      const samples = core.db
        .prepare(
          `SELECT name, name_pinyin, name_initials, phone_digits, email, member_no, company_name FROM customers
           WHERE deleted_at IS NULL AND merged_into IS NULL ORDER BY random() LIMIT 5000`,
        )
        .all() as Sample[];
      const tagNames = core.db.prepare(`SELECT name FROM tags WHERE deleted_at IS NULL`).pluck().all() as string[];
      const customers = core.db.prepare(`SELECT count(*) FROM customers`).pluck().get() as number;
      const load = loadavg()[0] ?? 0;
      io.out(`${customers.toLocaleString('en-US')} customers in ${dbFile}; ${iterations} queries per kind; load average ${load.toFixed(1)}`);
      const pick = picker(42);
      const from = <T>(list: readonly T[]): T | undefined => (list.length === 0 ? undefined : list[pick(list.length)]);
      const withPhone = samples.filter((s) => s.phone_digits !== null);
      const han = samples.filter((s) => /\p{Script=Han}/u.test(s.name) && s.name.length >= 2);
      const emails = samples.filter((s) => s.email !== null);
      const members = samples.filter((s) => s.member_no !== null);
      const companies = samples.filter((s) => s.company_name !== null);

      const kinds: Record<string, () => string | undefined> = {
        'phone last 4': () => from(withPhone)?.phone_digits?.slice(-4),
        'phone full': () => from(withPhone)?.phone_digits ?? undefined,
        'phone middle 5': () => from(withPhone)?.phone_digits?.slice(3, 8),
        'name 1 char': () => from(han.length > 0 ? han : samples)?.name.slice(0, 1),
        'name 2 chars': () => {
          const s = from(han.length > 0 ? han : samples);
          return s ? [...s.name].slice(-2).join('') : undefined;
        },
        'name full': () => from(samples)?.name,
        'name 3+ substr': () => {
          const s = from(samples.filter((x) => [...x.name].length >= 3));
          return s ? [...s.name].slice(0, 3).join('') : undefined;
        },
        'pinyin full': () => from(samples)?.name_pinyin,
        'pinyin prefix': () => from(samples)?.name_pinyin.slice(0, 4),
        initials: () => from(samples)?.name_initials,
        email: () => from(emails)?.email?.split('@')[0]?.slice(0, 6),
        'member no': () => from(members)?.member_no ?? undefined,
        organisation: () => from(companies)?.company_name?.slice(0, 4),
        tag: () => from(tagNames),
      };

      // A counter PC has its file in the page cache after a few minutes of use: one untimed
      // round over every kind first, so the first kinds measured do not pay for a cold disk.
      for (const next of Object.values(kinds)) {
        for (let i = 0; i < Math.min(50, iterations); i += 1) {
          const query = next();
          if (query !== undefined) await client.call('customers.search', { query, limit: 20 });
        }
      }
      io.out('');
      io.out(
        `${'customers.search'.padEnd(18)}${'n'.padStart(6)}${'p50 ms'.padStart(9)}${'p95 ms'.padStart(9)}${'max ms'.padStart(9)}${'avg hits'.padStart(10)}${'cpu p50'.padStart(9)}${'cpu p95'.padStart(9)}`,
      );
      const all: number[] = [];
      for (const [kind, next] of Object.entries(kinds)) {
        const times: number[] = [];
        // CPU time of this process per query: on a shared machine wall time also counts the
        // time spent waiting for a core, which says nothing about the search itself.
        const cpuTimes: number[] = [];
        let hits = 0;
        // Warm the statements and the page cache once, as a counter PC would be after a minute.
        const warm = next();
        if (warm === undefined) {
          io.out(`${kind.padEnd(18)}  (no such data in this file)`);
          continue;
        }
        await client.call('customers.search', { query: warm });
        for (let i = 0; i < iterations; i += 1) {
          const query = next();
          if (query === undefined) continue;
          const cpuStarted = process.cpuUsage();
          const started = performance.now();
          const result = await client.call('customers.search', { query, limit: 20 });
          times.push(performance.now() - started);
          cpuTimes.push(cpuMsSince(cpuStarted));
          hits += result.length;
        }
        all.push(...times);
        const s = summarize(times);
        const c = summarize(cpuTimes);
        io.out(
          `${kind.padEnd(18)}${String(s.n).padStart(6)}${formatMs(s.p50).padStart(9)}${formatMs(s.p95).padStart(9)}${formatMs(s.max).padStart(9)}${(hits / Math.max(1, s.n)).toFixed(1).padStart(10)}${formatMs(c.p50).padStart(9)}${formatMs(c.p95).padStart(9)}`,
        );
      }
      const total = summarize(all);
      io.out(`${'all kinds'.padEnd(18)}${String(total.n).padStart(6)}${formatMs(total.p50).padStart(9)}${formatMs(total.p95).padStart(9)}${formatMs(total.max).padStart(9)}`);

      const pages: Record<string, CommandInput<'customers.list'>> = {
        'name (pinyin)': { sort: 'name' },
        'last visit desc': { sort: 'last_visit', direction: 'desc' },
        'total spend desc': { sort: 'total_spend', direction: 'desc' },
        'tag filter': { sort: 'name', filters: { tagId: core.db.prepare(`SELECT id FROM tags LIMIT 1`).pluck().get() as string } },
        'birthday month': { sort: 'name', filters: { birthdayMonth: 5 } },
        'consent granted': { sort: 'name', filters: { consent: 'granted' } },
        'consent not': { sort: 'name', filters: { consent: 'not_granted' } },
        'consent+visit': { sort: 'last_visit', direction: 'desc', filters: { consent: 'granted' } },
      };
      io.out('');
      io.out(
        `${'customers.list'.padEnd(18)}${'n'.padStart(6)}${'p50 ms'.padStart(9)}${'p95 ms'.padStart(9)}${'max ms'.padStart(9)}${'first ms'.padStart(10)}  (100-row page at a random offset; first = page 1 with the total, median of 3, what opening the list waits for)`,
      );
      const listRuns = Math.max(10, Math.round(iterations / 4));
      for (const [kind, input] of Object.entries(pages)) {
        const first = await client.call('customers.list', { ...input, limit: 100 });
        const firstTimes: number[] = [];
        for (let i = 0; i < 3; i += 1) {
          const started = performance.now();
          await client.call('customers.list', { ...input, limit: 100 });
          firstTimes.push(performance.now() - started);
        }
        const times: number[] = [];
        for (let i = 0; i < listRuns; i += 1) {
          const offset = (first.total ?? 0) > 100 ? pick((first.total ?? 0) - 100) : 0;
          const started = performance.now();
          await client.call('customers.list', { ...input, offset, limit: 100, withTotal: false });
          times.push(performance.now() - started);
        }
        const s = summarize(times);
        io.out(
          `${kind.padEnd(18)}${String(s.n).padStart(6)}${formatMs(s.p50).padStart(9)}${formatMs(s.p95).padStart(9)}${formatMs(s.max).padStart(9)}${formatMs(summarize(firstTimes).p50).padStart(10)}`,
        );
      }
    } finally {
      await core.close();
    }
  },
};
