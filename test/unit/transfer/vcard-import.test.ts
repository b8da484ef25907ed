import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { parseVCardsWithLines } from '../../../src/main/domain/transfer/formats';
import { importFileFormat, readImportFile } from '../../../src/main/domain/transfer/import-file';

/** vCard 2.1 as Android phones export it: quoted-printable UTF-8, a soft line break in the note. */
const ANDROID = [
  'BEGIN:VCARD',
  'VERSION:2.1',
  'N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E5=BC=A0;=E4=B8=89;;;',
  'FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E5=BC=A0=E4=B8=89',
  'TEL;CELL:138 1234 5678',
  'TEL;HOME:010-62345678',
  'NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E5=96=9C=E6=AC=A2=E6=8B=BF=E9=93=81=EF=BC=8C=',
  '=E5=B0=91=E7=B3=96',
  'END:VCARD',
  // vCard 3.0 as an iPhone writes it: grouped properties, several TYPEs, no FN, a yearless birthday.
  'BEGIN:VCARD',
  'VERSION:3.0',
  'N:Smith;Anna;;;',
  'item1.EMAIL;type=INTERNET;type=pref:anna@example.com',
  'TEL;type=CELL;type=VOICE;type=pref:+1 (646) 555-0188',
  'BDAY;value=date:--04-12',
  'END:VCARD',
  '',
].join('\r\n');

describe('reading vCard files for the customer import', () => {
  it('decodes quoted-printable values across soft line breaks and names cards without FN from N', () => {
    const cards = parseVCardsWithLines(Buffer.from(ANDROID, 'latin1'));
    expect(cards.map((card) => card.line)).toEqual([1, 10]);
    expect(cards[0]!.contact).toMatchObject({
      fullName: '张三',
      phones: [
        { number: '138 1234 5678', type: 'cell' },
        { number: '010-62345678', type: 'home' },
      ],
      note: '喜欢拿铁，少糖',
    });
    expect(cards[1]!.contact).toMatchObject({
      fullName: 'Anna Smith',
      emails: ['anna@example.com'],
      birthday: '--04-12',
    });
  });

  it('reads a file in GB18030 (older Chinese phones) and a Chinese name given only as N', () => {
    const text = 'BEGIN:VCARD\r\nVERSION:2.1\r\nN:李;四\r\nTEL:13900001111\r\nEND:VCARD\r\n';
    const [card] = parseVCardsWithLines(iconv.encode(text, 'gb18030'));
    expect(card?.contact.fullName).toBe('李四');
  });

  it('knows a vCard by its name or, whatever the name, by its first line', () => {
    expect(importFileFormat(Buffer.from('name,phone\n'), 'contacts.VCF')).toBe('vcard');
    expect(importFileFormat(Buffer.from('\uFEFFBEGIN:VCARD\r\n'), 'export.txt')).toBe('vcard');
    expect(importFileFormat(Buffer.from('name,phone\n'), 'contacts.csv')).toBe('csv');
  });

  it('turns the cards into a customer table the wizard maps by itself, numbered by their lines', async () => {
    const { table, format, encoding } = await readImportFile(Buffer.from(ANDROID, 'latin1'), 'phone.vcf');
    expect(format).toBe('vcard');
    expect(encoding).toBeNull();
    expect(table.headers).toEqual([
      'name',
      'kind',
      'phone',
      'phone2',
      'email',
      'wechat',
      'birthday',
      'address',
      'company_name',
      'contact_title',
      'tags',
      'notes',
    ]);
    expect(table.rows.map((row) => [row.line, row.cells[0], row.cells[2], row.cells[3]])).toEqual([
      [1, '张三', '138 1234 5678', '010-62345678'],
      [10, 'Anna Smith', '+1 (646) 555-0188', ''],
    ]);
  });
});
