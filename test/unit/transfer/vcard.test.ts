import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  escapeText,
  foldLine,
  parseVCards,
  writeVCards,
  type VCardContact,
} from '../../../src/main/domain/transfer/formats/vcard';

const ZHANG: VCardContact = {
  uid: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
  fullName: '张三',
  familyName: '张',
  givenName: '三',
  phones: [
    { number: '+8613812345678', type: 'cell' },
    { number: '+861012345678', type: 'work' },
  ],
  emails: ['zhang@example.com'],
  birthday: '1990-01-15',
  address: '北京市朝阳区建国路88号, 3单元; 501室',
  note: '喜欢拿铁 ☕\n周末常来, 带孩子; 会员日别忘了\\折扣',
  organization: '知客咖啡; 朝阳店',
  title: '店长',
  wechat: 'zhangsan_88',
  categories: ['VIP', '咖啡, 拿铁', '周末'],
};

describe('writeVCards', () => {
  it('writes vCard 4.0 with the expected properties and escaping', () => {
    const text = writeVCards([ZHANG]);
    const unfolded = text.replace(/\r\n /g, '');
    expect(unfolded.split('\r\n')).toEqual([
      'BEGIN:VCARD',
      'VERSION:4.0',
      'UID:urn:uuid:0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
      'FN:张三',
      'N:张;三;;;',
      'ORG:知客咖啡\\; 朝阳店',
      'TITLE:店长',
      'TEL;VALUE=uri;TYPE=cell:tel:+8613812345678',
      'TEL;VALUE=uri;TYPE=work:tel:+861012345678',
      'EMAIL:zhang@example.com',
      'BDAY:19900115',
      'ADR:;;北京市朝阳区建国路88号\\, 3单元\\; 501室;;;;',
      'X-WECHAT:zhangsan_88',
      'CATEGORIES:VIP,咖啡\\, 拿铁,周末',
      'NOTE:喜欢拿铁 ☕\\n周末常来\\, 带孩子\\; 会员日别忘了\\\\折扣',
      'END:VCARD',
      '',
    ]);
  });

  it('writes organisations, year-less birthdays and non-E.164 numbers', () => {
    const text = writeVCards([
      {
        uid: 'shop-42',
        kind: 'org',
        fullName: '星河科技有限公司',
        phones: [{ number: '400-800-1234 转 5' }],
        emails: [],
        birthday: '--03-05',
        categories: [],
      },
    ]);
    expect(text).toContain('KIND:org\r\n');
    expect(text).toContain('UID:shop-42\r\n');
    expect(text).toContain('TEL;VALUE=text:400-800-1234 转 5\r\n');
    expect(text).toContain('BDAY:--0305\r\n');
    expect(text).toContain('N:;;;;\r\n');
  });

  it('writes nothing for no contacts', () => {
    expect(writeVCards([])).toBe('');
  });
});

describe('foldLine', () => {
  it('folds at 75 octets without splitting a UTF-8 sequence', () => {
    const line = `NOTE:${'客'.repeat(40)}${'😀'.repeat(20)}abc`;
    const physical = foldLine(line).split('\r\n');
    expect(physical.length).toBeGreaterThan(2);
    physical.forEach((part, index) => {
      const octets = Buffer.byteLength(part, 'utf8');
      expect(octets).toBeLessThanOrEqual(75);
      if (index > 0) expect(part.startsWith(' ')).toBe(true);
      // No lone surrogate: every part is valid UTF-16 that round-trips through UTF-8.
      expect(Buffer.from(part, 'utf8').toString('utf8')).toBe(part);
    });
    expect(physical.map((part, index) => (index === 0 ? part : part.slice(1))).join('')).toBe(line);
  });

  it('fills lines to the limit: 5 + 23 × 3 octets fit, the 24th character moves', () => {
    const physical = foldLine(`NOTE:${'字'.repeat(30)}`).split('\r\n');
    expect(Buffer.byteLength(physical[0] ?? '', 'utf8')).toBe(5 + 23 * 3);
    expect(physical[1]).toBe(` ${'字'.repeat(7)}`);
  });

  it('leaves short lines alone', () => {
    expect(foldLine('FN:张三')).toBe('FN:张三');
  });
});

describe('parseVCards', () => {
  it('round-trips a contact with every property and tricky text', () => {
    expect(parseVCards(writeVCards([ZHANG]))).toEqual([ZHANG]);
  });

  it('round-trips from bytes, where another writer folded inside a UTF-8 sequence', () => {
    const bytes = Buffer.from('BEGIN:VCARD\r\nVERSION:4.0\r\nFN:张三\r\nEND:VCARD\r\n', 'utf8');
    const nameStart = bytes.indexOf(Buffer.from('张', 'utf8'));
    // Fold between the first and second byte of 张.
    const folded = Buffer.concat([
      bytes.subarray(0, nameStart + 1),
      Buffer.from('\r\n '),
      bytes.subarray(nameStart + 1),
    ]);
    expect(parseVCards(folded)[0]?.fullName).toBe('张三');
  });

  it('reads common vCard 3.0 forms', () => {
    const text = [
      'BEGIN:VCARD',
      'VERSION:3.0',
      'FN:Li Si',
      'N:Li;Si;;;',
      'item1.TEL;TYPE=CELL,VOICE:+86 139 8765 4321',
      'TEL;HOME:010-1234 5678',
      'EMAIL;TYPE=INTERNET:li@example.com',
      'BDAY:1985-07-20',
      'ADR;TYPE=HOME:;;Main St 1;Springfield;;12345;USA',
      'END:VCARD',
    ].join('\n');
    expect(parseVCards(text)).toEqual([
      {
        uid: '',
        fullName: 'Li Si',
        familyName: 'Li',
        givenName: 'Si',
        phones: [
          { number: '+86 139 8765 4321', type: 'cell' },
          { number: '010-1234 5678', type: 'home' },
        ],
        emails: ['li@example.com'],
        birthday: '1985-07-20',
        address: 'Main St 1 Springfield 12345 USA',
        categories: [],
      },
    ]);
  });

  it('round-trips arbitrary text in every text property (property)', () => {
    const alphabet = fc.constantFrom(
      'a',
      'Z',
      '张',
      '😀',
      ',',
      ';',
      ':',
      '\\',
      '\n',
      ' ',
      '"',
      '=',
      'n',
      'é',
    );
    const text = fc.string({ unit: alphabet, minLength: 1, maxLength: 120 });
    fc.assert(
      fc.property(
        text,
        text,
        text,
        fc.array(
          text.filter((t) => !t.includes(',')),
          { maxLength: 3 },
        ),
        (name, note, address, tags) => {
          const contact: VCardContact = {
            uid: 'u1',
            fullName: name,
            phones: [],
            emails: [],
            note,
            address,
            categories: tags,
          };
          const [parsed] = parseVCards(writeVCards([contact]));
          expect(parsed).toEqual(contact);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('parses several cards and skips text between them', () => {
    const text = writeVCards([ZHANG, { ...ZHANG, uid: 'second', fullName: '李四' }]);
    const cards = parseVCards(`junk\r\n${text}`);
    expect(cards.map((card) => card.fullName)).toEqual(['张三', '李四']);
  });
});

describe('escapeText', () => {
  it('escapes backslash first, then line breaks, commas and semicolons', () => {
    expect(escapeText('a\\b,c;d\r\ne\nf')).toBe('a\\\\b\\,c\\;d\\ne\\nf');
  });
});
