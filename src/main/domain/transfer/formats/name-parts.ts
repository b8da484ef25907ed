/**
 * A person's name split into family and given name and put back together, for vCard's N: phones
 * sort and show contacts by N, and a card with an empty N shows as "No name" in some address
 * books; a card from a phone may give only N. Patron keeps one name field, so the split is a best
 * guess by convention, and both directions follow the same one.
 */

/** Two-character Chinese surnames (复姓) in current use; a longer name starting with one keeps it whole. */
const COMPOUND_SURNAMES: ReadonlySet<string> = new Set([
  '欧阳',
  '司马',
  '上官',
  '诸葛',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '长孙',
  '宇文',
  '司徒',
  '令狐',
  '夏侯',
  '轩辕',
  '端木',
  '独孤',
  '南宫',
  '西门',
  '呼延',
  '百里',
  '赫连',
  '澹台',
  '公冶',
  '宗政',
  '濮阳',
  '太史',
  '申屠',
  '钟离',
  '闻人',
  '万俟',
  '司空',
  '鲜于',
  '闾丘',
  '拓跋',
  '第五',
]);

const HAN = /\p{Script=Han}/u;

export interface NameParts {
  readonly family: string;
  readonly given: string;
}

/**
 * Chinese (and other Han-script) names put the family name first with no space: 张三 → 张 + 三,
 * 欧阳娜娜 → 欧阳 + 娜娜. Names written with spaces put it last: Anna Smith → Smith + Anna. A single
 * word is kept as the given name, and a name in Han script of one character as the family name.
 */
export function splitPersonName(name: string): NameParts {
  const trimmed = name.trim();
  if (trimmed === '') return { family: '', given: '' };
  if (HAN.test(trimmed) && !/\s/.test(trimmed)) {
    const characters = [...trimmed];
    const head = characters.slice(0, 2).join('');
    const familyLength = characters.length > 2 && COMPOUND_SURNAMES.has(head) ? 2 : 1;
    return {
      family: characters.slice(0, familyLength).join(''),
      given: characters.slice(familyLength).join(''),
    };
  }
  const words = trimmed.split(/\s+/);
  if (words.length === 1) return { family: '', given: trimmed };
  return { family: words.at(-1)!, given: words.slice(0, -1).join(' ') };
}

/** The one name from N's parts, in the order the name's script writes it (see splitPersonName). */
export function joinPersonName(parts: NameParts): string {
  const { family, given } = parts;
  if (family === '' || given === '') return family + given;
  return HAN.test(family + given) ? family + given : `${given} ${family}`;
}
