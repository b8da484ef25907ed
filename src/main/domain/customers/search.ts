import type { CustomerHit, SearchMatch } from '../../../shared/contract/customers';
import { normalizePhone, type CountryCode } from '../../../shared/phone';
import type { SearchRepo } from './customers.repo';

/** How many ids each lookup may contribute before ranking; enough to find the recent ones. */
const CANDIDATES = 400;

/** Lower is better. Exact phone, then exact name; everything else ranks by recency. */
const tier: Readonly<Record<SearchMatch, number>> = {
  phone_exact: 0,
  name_exact: 1,
  member_no: 1,
  phone_suffix: 2,
  phone: 3,
  name: 3,
  pinyin: 3,
  initials: 3,
  email: 3,
  company: 3,
  tag: 4,
};

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
export function searchCustomers(repo: SearchRepo, rawQuery: string, limit: number, country: CountryCode): CustomerHit[] {
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
      add(repo.phoneSuffix(reverse(digits), CANDIDATES), 'phone_suffix');
      add(repo.ftsMatch(ftsPhrase(['phone_digits'], digits), CANDIDATES), 'phone');
      add(repo.ftsMatch(ftsPhrase(['member_no'], query), CANDIDATES), 'member_no');
    }
  } else {
    add(repo.exactName(query), 'name_exact');
    add(repo.memberNo(query), 'member_no');
    const length = [...query].length;
    if (length >= 3) {
      add(repo.ftsMatch(ftsPhrase(['name'], query), CANDIDATES), 'name');
      add(repo.ftsMatch(ftsPhrase(['email'], query), CANDIDATES), 'email');
      add(repo.ftsMatch(ftsPhrase(['company'], query), CANDIDATES), 'company');
      add(repo.ftsMatch(ftsPhrase(['member_no'], query), CANDIDATES), 'member_no');
    } else {
      add(repo.namePrefix(query, CANDIDATES), 'name');
      if (length === 2) add(repo.nameContains(query, CANDIDATES), 'name');
    }
    const letters = query.toLowerCase().replace(/[\s']/g, '');
    if (LATIN_LETTERS.test(letters)) {
      add(repo.pinyinPrefix(letters, CANDIDATES), 'pinyin');
      add(repo.initialsPrefix(letters, CANDIDATES), 'initials');
    }
    add(repo.tagged(query, CANDIDATES), 'tag');
  }

  if (found.size === 0) return [];
  const hits = repo.hits([...found.keys()]).map((hit) => ({ ...hit, match: found.get(hit.id) ?? 'name' }) as CustomerHit);
  hits.sort(
    (a, b) =>
      tier[a.match] - tier[b.match] ||
      (b.lastVisitAt ?? '').localeCompare(a.lastVisitAt ?? '') ||
      a.name.localeCompare(b.name),
  );
  return hits.slice(0, limit);
}
