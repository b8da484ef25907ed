import type { DemoLocale } from './catalogue';
import { Weighted, type Random } from './random';

export type DemoGender = 'female' | 'male' | 'other';

/**
 * Common Chinese surnames weighted roughly by frequency, including the
 * polyphonic ones a pinyin search must read as surnames (单 Shan, 曾 Zeng,
 * 解 Xie, 区 Ou, 仇 Qiu, 朴 Piao, 查 Zha, 乐 Yue, 盖 Ge, 缪 Miao, 覃 Qin) and a
 * few compound surnames.
 */
const chineseSurnames = new Weighted<string>([
  ['王', 7.1],
  ['李', 7.0],
  ['张', 6.8],
  ['刘', 5.4],
  ['陈', 4.6],
  ['杨', 3.1],
  ['黄', 2.5],
  ['赵', 2.3],
  ['吴', 2.1],
  ['周', 2.0],
  ['徐', 1.7],
  ['孙', 1.6],
  ['马', 1.5],
  ['朱', 1.4],
  ['胡', 1.3],
  ['郭', 1.2],
  ['何', 1.2],
  ['高', 1.1],
  ['林', 1.1],
  ['罗', 1.0],
  ['郑', 1.0],
  ['梁', 0.9],
  ['谢', 0.8],
  ['宋', 0.8],
  ['唐', 0.8],
  ['许', 0.7],
  ['韩', 0.7],
  ['冯', 0.7],
  ['邓', 0.7],
  ['曹', 0.7],
  ['彭', 0.6],
  ['曾', 0.6],
  ['肖', 0.6],
  ['田', 0.6],
  ['董', 0.5],
  ['袁', 0.5],
  ['潘', 0.5],
  ['蒋', 0.5],
  ['蔡', 0.5],
  ['余', 0.5],
  ['杜', 0.4],
  ['叶', 0.4],
  ['程', 0.4],
  ['苏', 0.4],
  ['魏', 0.4],
  ['吕', 0.4],
  ['丁', 0.4],
  ['任', 0.4],
  ['沈', 0.4],
  ['姚', 0.3],
  ['卢', 0.3],
  ['姜', 0.3],
  ['崔', 0.3],
  ['钟', 0.3],
  ['谭', 0.3],
  ['陆', 0.3],
  ['汪', 0.3],
  ['范', 0.3],
  ['金', 0.3],
  ['石', 0.3],
  ['廖', 0.3],
  ['贾', 0.3],
  ['夏', 0.3],
  ['方', 0.3],
  ['单', 0.25],
  ['解', 0.2],
  ['区', 0.12],
  ['仇', 0.1],
  ['朴', 0.1],
  ['查', 0.1],
  ['乐', 0.1],
  ['盖', 0.08],
  ['缪', 0.08],
  ['覃', 0.1],
  ['欧阳', 0.25],
  ['司马', 0.08],
  ['上官', 0.06],
  ['诸葛', 0.05],
  ['东方', 0.05],
  ['皇甫', 0.04],
  ['慕容', 0.04],
]);

const femaleGivenChars = [...'芳娜敏静丽艳娟霞秀英华玉兰萍红琳雪梅莉婷欣怡佳悦思雨晨璐颖倩瑶涵琪婉菲蕾薇'];
const maleGivenChars = [...'伟强磊军洋勇杰涛明超刚平辉鹏浩宇航博文志俊峰斌鑫凯晨昊然睿哲轩铭泽源'];
const neutralGivenChars = [...'子一嘉永海天安乐晓春秋林宁远星家'];

const englishFirstNames: Readonly<Record<'female' | 'male', readonly string[]>> = {
  female: [
    'Emma',
    'Olivia',
    'Ava',
    'Sophia',
    'Isabella',
    'Mia',
    'Charlotte',
    'Amelia',
    'Harper',
    'Evelyn',
    'Abigail',
    'Emily',
    'Ella',
    'Grace',
    'Chloe',
    'Lily',
    'Hannah',
    'Zoe',
    'Nora',
    'Maya',
    'Priya',
    'Sofia',
    'Aisha',
    'Mei',
    'Rachel',
    'Sarah',
    'Laura',
    'Megan',
    'Jessica',
    'Ashley',
  ],
  male: [
    'Liam',
    'Noah',
    'Oliver',
    'Elijah',
    'James',
    'William',
    'Benjamin',
    'Lucas',
    'Henry',
    'Alexander',
    'Ethan',
    'Daniel',
    'Matthew',
    'Jacob',
    'Michael',
    'David',
    'Joseph',
    'Samuel',
    'Ryan',
    'Nathan',
    'Luis',
    'Carlos',
    'Omar',
    'Kevin',
    'Jason',
    'Brian',
    'Tyler',
    'Andrew',
    'Jake',
    'Chris',
  ],
};

const englishSurnames = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Hernandez',
  'Lopez',
  'Gonzalez',
  'Wilson',
  'Anderson',
  'Thomas',
  'Taylor',
  'Moore',
  'Jackson',
  'Martin',
  'Lee',
  'Perez',
  'Thompson',
  'White',
  'Harris',
  'Sanchez',
  'Clark',
  'Ramirez',
  'Lewis',
  'Robinson',
  'Walker',
  'Young',
  'Allen',
  'King',
  'Wright',
  'Scott',
  'Torres',
  'Nguyen',
  'Hill',
  'Flores',
  'Green',
  'Adams',
  'Nelson',
  'Baker',
  'Hall',
  'Rivera',
  'Campbell',
  'Mitchell',
  'Carter',
  'Roberts',
  'Chen',
  'Patel',
  'Kim',
  "O'Brien",
  'Murphy',
  'Cohen',
  'Rossi',
  'Kowalski',
  'Schmidt',
  'Dubois',
];

export function drawGender(random: Random): DemoGender | null {
  const u = random.next();
  if (u < 0.53) return 'female';
  if (u < 0.96) return 'male';
  if (u < 0.975) return 'other';
  return null;
}

export function drawPersonName(random: Random, locale: DemoLocale, gender: DemoGender | null): string {
  if (locale === 'en') {
    const pool =
      englishFirstNames[
        gender === 'male' ? 'male' : gender === 'female' ? 'female' : random.chance(0.5) ? 'male' : 'female'
      ];
    return `${random.pick(pool)} ${random.pick(englishSurnames)}`;
  }
  const surname = chineseSurnames.draw(random);
  const pool =
    gender === 'male' ? maleGivenChars : gender === 'female' ? femaleGivenChars : neutralGivenChars;
  const givenChar = (): string => (random.chance(0.2) ? random.pick(neutralGivenChars) : random.pick(pool));
  // Compound surnames mostly take a one-character given name; others are split about 30/70.
  const twoCharGiven = surname.length === 2 ? random.chance(0.3) : random.chance(0.7);
  return twoCharGiven ? surname + givenChar() + givenChar() : surname + givenChar();
}

/** Mobile prefixes of the three Chinese carriers (and virtual operators) that libphonenumber accepts. */
const chineseMobilePrefixes = [
  130, 131, 132, 133, 134, 135, 136, 137, 138, 139, 145, 147, 150, 151, 152, 153, 155, 156, 157, 158, 159,
  166, 170, 171, 173, 175, 176, 177, 178, 180, 181, 182, 183, 184, 185, 186, 187, 188, 189, 191, 193, 195,
  196, 197, 198, 199,
];

/** New York City area codes, plus a few from elsewhere for people who moved in. */
const usAreaCodes = new Weighted<number>([
  [212, 3],
  [646, 3],
  [917, 3],
  [718, 4],
  [347, 3],
  [929, 2],
  [332, 1],
  [516, 1],
  [914, 1],
  [201, 1],
  [973, 0.5],
  [415, 0.3],
  [312, 0.3],
  [617, 0.3],
  [206, 0.2],
  [512, 0.2],
  [305, 0.2],
  [213, 0.2],
]);

export interface DemoPhone {
  /** E.164 */
  readonly e164: string;
  /** National significant number, as stored in phone_digits. */
  readonly national: string;
}

export const demoCountry: Readonly<Record<DemoLocale, 'CN' | 'US'>> = { 'zh-CN': 'CN', en: 'US' };

/** A mobile number valid for the locale's country; `taken` keeps them unique within the shop. */
export function drawPhone(random: Random, locale: DemoLocale, taken: Set<string>): DemoPhone {
  for (;;) {
    let national: string;
    if (locale === 'zh-CN') {
      national =
        String(random.pick(chineseMobilePrefixes)) + String(random.int(100_000_000)).padStart(8, '0');
    } else {
      // NANP: exchange 2xx–9xx, not N11 and not 555 (reserved for fiction).
      let exchange = random.between(200, 999);
      while (exchange % 100 === 11 || exchange === 555) exchange = random.between(200, 999);
      national = `${usAreaCodes.draw(random)}${exchange}${String(random.int(10_000)).padStart(4, '0')}`;
    }
    if (taken.has(national)) continue;
    taken.add(national);
    return { e164: (locale === 'zh-CN' ? '+86' : '+1') + national, national };
  }
}

const chineseMailDomains = new Weighted<string>([
  ['qq.com', 0.45],
  ['163.com', 0.25],
  ['126.com', 0.1],
  ['foxmail.com', 0.08],
  ['gmail.com', 0.05],
  ['outlook.com', 0.07],
]);
const englishMailDomains = new Weighted<string>([
  ['gmail.com', 0.55],
  ['yahoo.com', 0.12],
  ['outlook.com', 0.12],
  ['icloud.com', 0.15],
  ['aol.com', 0.06],
]);

/** `pinyin` is the name's search key (already computed for the customer row), reused as the mailbox name. */
export function drawEmail(random: Random, locale: DemoLocale, name: string, pinyin: string): string {
  if (locale === 'zh-CN') {
    const domain = chineseMailDomains.draw(random);
    if (domain === 'qq.com' && random.chance(0.6))
      return `${random.between(10_000_000, 2_999_999_999)}@qq.com`;
    return `${pinyin}${random.between(1, 9999)}@${domain}`;
  }
  const words = name
    .toLowerCase()
    .replace(/[^a-z ]/g, '')
    .split(' ')
    .filter(Boolean);
  const first = words[0] ?? 'guest';
  const last = words[words.length - 1] ?? 'guest';
  const style = random.int(3);
  const local =
    style === 0 ? `${first}.${last}` : style === 1 ? `${first[0] ?? 'x'}${last}` : `${first}${last}`;
  return `${local}${random.chance(0.5) ? random.between(1, 99) : ''}@${englishMailDomains.draw(random)}`;
}

const WECHAT_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function drawWechat(random: Random, pinyin: string): string {
  if (random.chance(0.5) && pinyin.length >= 2) return `${pinyin}_${random.between(10, 9999)}`;
  let id = 'wxid_';
  for (let i = 0; i < 12; i++) id += WECHAT_ALPHABET[random.int(WECHAT_ALPHABET.length)];
  return id;
}
