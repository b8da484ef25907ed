import { pinyin } from 'pinyin-pro';

export interface NameSearchKeys {
  /** Full pinyin without tones or spaces, lower case ("zhangsan"); Latin names lower-cased. */
  readonly pinyin: string;
  /** First letter of each syllable or word ("zs"). */
  readonly initials: string;
}

const HAN = /\p{Script=Han}/u;

/**
 * Search keys stored beside each name so "zs" and "zhangsan" find 张三.
 * `surname: 'head'` makes pinyin-pro read polyphonic surnames as surnames
 * (单 → shan, 曾 → zeng), which is what a shop's customer list needs.
 */
export function nameSearchKeys(name: string): NameSearchKeys {
  const trimmed = name.trim();
  if (!HAN.test(trimmed)) {
    const words = trimmed
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean);
    return { pinyin: words.join(''), initials: words.map((w) => w[0]).join('') };
  }
  const syllables = pinyin(trimmed, {
    toneType: 'none',
    type: 'array',
    surname: 'head',
    nonZh: 'consecutive',
    v: true,
  })
    .map((s) => s.toLowerCase().replace(/[^a-z0-9]/g, ''))
    .filter(Boolean);
  return { pinyin: syllables.join(''), initials: syllables.map((s) => s[0]).join('') };
}
