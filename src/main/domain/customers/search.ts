import type { CustomerHit, SearchMatch } from '../../../shared/contract/customers';
import { normalizePhone, type CountryCode } from '../../../shared/phone';
import type { SearchRepo } from './customers.repo';

/** How many ids each lookup may contribute before ranking; enough to find the recent ones. */
const CANDIDATES = 200;

/** Lower is better. Exact phone, then exact name; everything else ranks by recency. */
const tier: Readonly<Record<SearchMatch, number>> = {
  phone_exact: 0,
  name_exact: 1,
  member_no: 3,
  phone_suffix: 2,
  phone: 3,
  name: 3,
  pinyin: 3,
  initials: 3,
  email: 3,
  company: 3,
  tag: 4,
};

/** The digits a masked number still shows (`173 **** 1476`): what a masked caller may search by. */
const VISIBLE_DIGITS = 4;

export interface SearchOptions {
  /**
   * The caller sees phones masked: digits then find a customer only by the whole number (exact
   * match, what the counter types) or by at most the last four digits, never by a hidden run.
   */
  readonly phonesMasked?: boolean;
}

const DIGITS_ONLY = /^[+\d\s\-()]+$/;
const LATIN_LETTERS = /^[a-z]+$/;

/** An FTS5 phrase, restricted to some columns, with quotes escaped. */
function ftsPhrase(columns: readonly string[], text: string): string {
  return `{${columns.join(' ')}} : "${text.replaceAll('"', '""')}"`;
}

function reverse(text: string): string {
  return [...text].reverse().join('');
}

/**
 * One box finds anyone. Each kind of query goes to the lookup an index can answer: digits to
 * the exact E.164 number, the reversed-digits index (suffix) and the trigram index (any run);
 * one or two characters to the name index (trigram needs three); Latin letters also to the
 * stored pinyin and initials. Candidates are ranked by tier, then by the last visit.
 */
export function searchCustomers(
  repo: SearchRepo,
  rawQuery: string,
  limit: number,
  country: CountryCode,
  options: SearchOptions = {},
): CustomerHit[] {
  const query = rawQuery.normalize('NFKC').trim();
  if (query === '') return [];
  const found = new Map<string, SearchMatch>();
  const add = (ids: readonly string[], match: SearchMatch): void => {
    for (const id of ids) {
      const previous = found.get(id);
      if (previous === undefined || tier[match] < tier[previous]) found.set(id, match);
    }
  };

  const digits = query.replace(/\D/g, '');
  if (DIGITS_ONLY.test(query) && digits.length > 0) {
    const phone = normalizePhone(query, country);
    if (phone.ok) add(repo.exactPhone(phone.e164), 'phone_exact');
    add(repo.memberNo(query), 'member_no');
    if (digits.length >= 3) {
      if (!options.phonesMasked || digits.length <= VISIBLE_DIGITS) {
        add(repo.phoneSuffix(reverse(digits), CANDIDATES), 'phone_suffix');
      }
      // One trigram pass over both digit columns; which one matched is told apart here.
      for (const row of repo.ftsDigits(ftsPhrase(['phone_digits', 'member_no'], digits), CANDIDATES)) {
        const inPhone = row.phoneDigits.includes(digits);
        // A masked caller must not learn hidden digits by probing runs of them.
        if (inPhone && options.phonesMasked) continue;
        add([row.id], inPhone ? 'phone' : 'member_no');
      }
    }
  } else {
    const length = [...query].length;
    add(repo.exactName(query), 'name_exact');
    add(repo.memberNo(query), 'member_no');
    const letters = query.toLowerCase().replace(/[\s']/g, '');
    if (LATIN_LETTERS.test(letters)) {
      add(repo.pinyinPrefix(letters, CANDIDATES), 'pinyin');
      add(repo.initialsPrefix(letters, CANDIDATES), 'initials');
    }
    if (length >= 3) {
      // One trigram pass over all text columns; the column that matched is told apart here.
      const needle = query.toLowerCase();
      for (const row of repo.ftsText(ftsPhrase(['name', 'email', 'company', 'member_no'], query), CANDIDATES)) {
        const match: SearchMatch = row.name.toLowerCase().includes(needle)
          ? 'name'
          : (row.email ?? '').toLowerCase().includes(needle)
            ? 'email'
            : (row.company ?? '').toLowerCase().includes(needle)
              ? 'company'
              : 'member_no';
        add([row.id], match);
      }
    } else {
      add(repo.namePrefix(query, CANDIDATES), 'name');
      if (length === 2) add(repo.ftsMatch(ftsPhrase(['name_chars'], [...query].join(' ')), CANDIDATES), 'name');
    }
    if (length >= 2) add(repo.tagged(query, CANDIDATES), 'tag');
  }

  if (found.size === 0) return [];
  // Rank on the last visit alone (a primary-key lookup each), then load only the winners.
  const ranked = repo
    .lastVisits([...found.keys()])
    .map((row) => ({ ...row, match: found.get(row.id) ?? 'name' }))
    .sort(
      (a, b) =>
        tier[a.match] - tier[b.match] ||
        (b.lastVisitAt ?? '').localeCompare(a.lastVisitAt ?? '') ||
        a.id.localeCompare(b.id),
    )
    .slice(0, limit);
  const details = new Map(repo.hits(ranked.map((r) => r.id)).map((h) => [h.id, h]));
  return ranked.flatMap((r) => {
    const hit = details.get(r.id);
    return hit ? [{ ...hit, match: r.match }] : [];
  });
}
