import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../../src/main/domain/transfer/formats/csv';
import { autoMapHeaders } from '../../../src/main/domain/transfer/mapping';
import {
  parseBoolean,
  parseGender,
  parseMoney,
  parseQuantity,
  splitTags,
  toCustomerDraft,
  toPurchaseDraft,
  validateTable,
  type CustomerDraft,
  type RowOptions,
} from '../../../src/main/domain/transfer/rows';

const OPTIONS: RowOptions = { defaultCountry: 'CN', today: '2024-06-30' };

const EMPTY_CUSTOMER: CustomerDraft = {
  customer_code: null,
  member_no: null,
  name: '',
  kind: 'person',
  phone: null,
  phone_digits: null,
  phone2: null,
  email: null,
  wechat: null,
  gender: null,
  birthday: null,
  address: null,
  source: null,
  referred_by: null,
  tags: [],
  notes: null,
  company_name: null,
  industry: null,
  company_size: null,
  contact_person: null,
  contact_title: null,
  credit_rating: null,
  credit_limit_minor: null,
  consent: null,
  consent_date: null,
  joined_on: null,
};

describe('parseMoney', () => {
  it.each([
    ['¥1,234.50', 123450],
    ['￥1,234.50', 123450],
    ['1234.5', 123450],
    ['1 234.50', 123450],
    ["1'234.50", 123450],
    ['1,234,567', 123456700],
    ['0', 0],
    ['0.00', 0],
    ['-12.5', -1250],
    ['\u221212.5', -1250],
    ['(12.50)', -1250],
    ['12.50元', 1250],
    ['12元', 1200],
    ['RMB 12', 1200],
    ['CNY12.3', 1230],
    ['¥-3', -300],
    ['-¥3', -300],
    ['$ 1,000.00', 100000],
    ['１２．５', 1250],
    ['+7', 700],
    ['007.10', 710],
  ])('reads %j as %i minor units', (raw, minor) => {
    expect(parseMoney(raw)).toEqual({ ok: true, minor, rounded: false });
  });

  it('rounds extra decimals half away from zero and says so', () => {
    expect(parseMoney('10.5336')).toEqual({ ok: true, minor: 1053, rounded: true });
    expect(parseMoney('10.535')).toEqual({ ok: true, minor: 1054, rounded: true });
    expect(parseMoney('-10.535')).toEqual({ ok: true, minor: -1054, rounded: true });
    expect(parseMoney('0.005')).toEqual({ ok: true, minor: 1, rounded: true });
    expect(parseMoney('12.3400')).toEqual({ ok: true, minor: 1234, rounded: false });
  });

  it('reads comma decimals only when asked', () => {
    const comma = { decimalSeparator: ',' as const };
    expect(parseMoney('1.234,50', comma)).toEqual({ ok: true, minor: 123450, rounded: false });
    expect(parseMoney('1 234,50', comma)).toEqual({ ok: true, minor: 123450, rounded: false });
    expect(parseMoney('1234,5', comma)).toEqual({ ok: true, minor: 123450, rounded: false });
    expect(parseMoney('€ 12', comma)).toEqual({ ok: true, minor: 1200, rounded: false });
    expect(parseMoney('1,234.50', comma)).toEqual({ ok: false, reason: 'invalid' });
    expect(parseMoney('1.234,50')).toEqual({ ok: false, reason: 'invalid' });
  });

  it('uses the currency decimals', () => {
    expect(parseMoney('1500', { minorDigits: 0 })).toEqual({ ok: true, minor: 1500, rounded: false });
    expect(parseMoney('1500.6', { minorDigits: 0 })).toEqual({ ok: true, minor: 1501, rounded: true });
    expect(parseMoney('1.5', { minorDigits: 3 })).toEqual({ ok: true, minor: 1500, rounded: false });
  });

  it.each([
    ['', 'empty'],
    ['  ', 'empty'],
    ['abc', 'invalid'],
    ['1,5', 'invalid'],
    ['1,23,456', 'invalid'],
    ['12.', 'invalid'],
    ['.5', 'invalid'],
    ['1.5万', 'invalid'],
    ['10%', 'percentage'],
    ['9折', 'percentage'],
    ['1234567890123456', 'out_of_range'],
  ])('rejects %j as %s', (raw, reason) => {
    expect(parseMoney(raw)).toEqual({ ok: false, reason });
  });
});

describe('small value parsers', () => {
  it('reads gender words in both languages', () => {
    for (const raw of ['男', '男性', '先生', 'M', 'male', 'Male '])
      expect(parseGender(raw)).toEqual({ ok: true, value: 'male' });
    for (const raw of ['女', '女士', '小姐', 'F', 'female', 'ｆ'])
      expect(parseGender(raw)).toEqual({ ok: true, value: 'female' });
    for (const raw of ['其他', 'other', 'X']) expect(parseGender(raw)).toEqual({ ok: true, value: 'other' });
    for (const raw of ['', '未知', '保密', 'unknown'])
      expect(parseGender(raw)).toEqual({ ok: true, value: null });
    expect(parseGender('3')).toEqual({ ok: false });
  });

  it('reads yes/no words', () => {
    for (const raw of ['是', '同意', 'yes', 'Y', 'true', '1', '√', '✓'])
      expect(parseBoolean(raw)).toEqual({ ok: true, value: true });
    for (const raw of ['否', '不同意', 'no', 'N', 'FALSE', '0', '×'])
      expect(parseBoolean(raw)).toEqual({ ok: true, value: false });
    expect(parseBoolean('')).toEqual({ ok: true, value: null });
    expect(parseBoolean('maybe')).toEqual({ ok: false });
  });

  it('splits tags on every common separator, trimming and de-duplicating', () => {
    expect(splitTags('VIP, 咖啡，拿铁;周末；常客|学生、VIP\n夜猫子')).toEqual([
      'VIP',
      '咖啡',
      '拿铁',
      '周末',
      '常客',
      '学生',
      '夜猫子',
    ]);
    expect(splitTags(' , ,')).toEqual([]);
  });

  it('reads quantities with an optional unit word', () => {
    expect(parseQuantity('2')).toBe(2);
    expect(parseQuantity('1.5')).toBe(1.5);
    expect(parseQuantity('1,5')).toBe(1.5);
    expect(parseQuantity('2件')).toBe(2);
    expect(parseQuantity('3 pcs')).toBe(3);
    expect(parseQuantity('-1')).toBe(-1);
    expect(parseQuantity('0')).toBeNull();
    expect(parseQuantity('two')).toBeNull();
    expect(parseQuantity('1.2345')).toBeNull();
  });
});

describe('toCustomerDraft', () => {
  it('builds a complete draft from messy but valid values', () => {
    const outcome = toCustomerDraft(
      {
        customer_code: ' C-001 ',
        member_no: 'Ｍ００１',
        name: ' 张三 ',
        kind: '',
        phone: '１３８ １２３４ ５６７８',
        phone2: '010-12345678',
        email: 'zhang@example.com',
        wechat: 'zhangsan_88',
        gender: '男',
        birthday: '1990年1月15日',
        address: '北京市朝阳区',
        source: '朋友介绍',
        referred_by: '李四',
        tags: 'VIP，咖啡',
        notes: '第一行\n第二行',
        credit_rating: 'a级',
        credit_limit: '¥5,000',
        consent: '是',
        consent_date: '2024/3/5',
        joined_on: '45356',
      },
      7,
      OPTIONS,
    );
    expect(outcome).toEqual({
      ok: true,
      line: 7,
      warnings: [],
      draft: {
        ...EMPTY_CUSTOMER,
        customer_code: 'C-001',
        member_no: 'M001',
        name: '张三',
        phone: '+8613812345678',
        phone_digits: '13812345678',
        phone2: '+861012345678',
        email: 'zhang@example.com',
        wechat: 'zhangsan_88',
        gender: 'male',
        birthday: '1990-01-15',
        address: '北京市朝阳区',
        source: 'referral',
        referred_by: '李四',
        tags: ['VIP', '咖啡'],
        notes: '第一行\n第二行',
        credit_rating: 'A',
        credit_limit_minor: 500000,
        consent: true,
        consent_date: '2024-03-05',
        joined_on: '2024-03-05',
      },
    });
  });

  it('accepts a birthday without a year', () => {
    const outcome = toCustomerDraft({ name: '王五', birthday: '3月5日' }, 2, OPTIONS);
    expect(outcome).toMatchObject({ ok: true, draft: { birthday: '--03-05' } });
  });

  it('takes an organisation name from the company column', () => {
    const outcome = toCustomerDraft(
      { kind: '企业', company_name: '星河科技', contact_person: '赵六' },
      2,
      OPTIONS,
    );
    expect(outcome).toMatchObject({
      ok: true,
      draft: { kind: 'organization', name: '星河科技', company_name: '星河科技', contact_person: '赵六' },
    });
  });

  it('lists every problem of a rejected row with codes, fields, values and params', () => {
    const outcome = toCustomerDraft(
      {
        name: '',
        phone: '138123',
        email: 'not-an-email',
        gender: '3',
        birthday: '2024-02-30',
        consent: 'maybe',
        joined_on: '2030-01-01',
        credit_limit: '10%',
        kind: 'alien',
      },
      12,
      OPTIONS,
    );
    expect(outcome).toEqual({
      ok: false,
      line: 12,
      warnings: [],
      issues: [
        { code: 'invalid_kind', field: 'kind', value: 'alien' },
        { code: 'required', field: 'name', value: '' },
        { code: 'invalid_phone', field: 'phone', value: '138123', params: { reason: 'too_short' } },
        { code: 'invalid_email', field: 'email', value: 'not-an-email' },
        { code: 'invalid_gender', field: 'gender', value: '3' },
        { code: 'invalid_date', field: 'birthday', value: '2024-02-30', params: { reason: 'invalid_date' } },
        { code: 'invalid_money', field: 'credit_limit', value: '10%', params: { reason: 'percentage' } },
        { code: 'invalid_boolean', field: 'consent', value: 'maybe' },
        { code: 'future_date', field: 'joined_on', value: '2030-01-01', params: { today: '2024-06-30' } },
      ],
    });
  });

  it('keeps the row and drops bad optional values under the drop policy', () => {
    const outcome = toCustomerDraft(
      { name: '张三', phone: '13812345678', email: 'nope', gender: '3', tags: 'a' },
      3,
      { ...OPTIONS, invalidOptional: 'drop' },
    );
    expect(outcome).toEqual({
      ok: true,
      line: 3,
      draft: {
        ...EMPTY_CUSTOMER,
        name: '张三',
        phone: '+8613812345678',
        phone_digits: '13812345678',
        tags: ['a'],
      },
      warnings: [
        { code: 'field_dropped', field: 'email', value: 'nope', params: { reason: 'invalid_email' } },
        { code: 'field_dropped', field: 'gender', value: '3', params: { reason: 'invalid_gender' } },
      ],
    });
  });

  it('warns about an unknown source, a repeated phone and a rounded amount', () => {
    const outcome = toCustomerDraft(
      {
        name: '张三',
        phone: '13812345678',
        phone2: '+86 138 1234 5678',
        source: '隔壁老王',
        credit_limit: '99.999',
      },
      4,
      OPTIONS,
    );
    expect(outcome).toMatchObject({
      ok: true,
      draft: { source: 'other', phone2: null, credit_limit_minor: 10000 },
      warnings: [
        { code: 'duplicate_phone', field: 'phone2', value: '+86 138 1234 5678' },
        { code: 'source_unrecognised', field: 'source', value: '隔壁老王' },
        { code: 'money_rounded', field: 'credit_limit', value: '99.999', params: { minor: 10000 } },
      ],
    });
  });

  it('refuses member numbers Excel turned into scientific notation, and overlong text', () => {
    const outcome = toCustomerDraft({ name: '张'.repeat(201), member_no: '1.23457E+15' }, 5, OPTIONS);
    expect(outcome).toEqual({
      ok: false,
      line: 5,
      warnings: [],
      issues: [
        {
          code: 'invalid_code',
          field: 'member_no',
          value: '1.23457E+15',
          params: { reason: 'scientific_notation' },
        },
      ],
    });
    const long = toCustomerDraft({ name: '张'.repeat(201) }, 6, OPTIONS);
    expect(long).toMatchObject({
      ok: false,
      issues: [{ code: 'too_long', field: 'name', params: { max: 200 } }],
    });
  });
});

describe('toPurchaseDraft', () => {
  it('builds a purchase with time, quantity and discount', () => {
    const outcome = toPurchaseDraft(
      {
        order_no: 'R-1001',
        member_no: 'M001',
        date: '2024/3/5 14:30',
        amount: '¥38.00',
        product: '拿铁',
        category: '咖啡',
        quantity: '2杯',
        unit_price: '19',
        discount: '2',
        payment_method: '微信',
        staff: '小李',
      },
      9,
      OPTIONS,
    );
    expect(outcome).toEqual({
      ok: true,
      line: 9,
      warnings: [],
      draft: {
        order_no: 'R-1001',
        customer_code: null,
        member_no: 'M001',
        phone: null,
        customer_name: null,
        date: '2024-03-05',
        time: '14:30:00',
        utc_offset_minutes: null,
        amount_minor: 3800,
        is_return: false,
        discount_minor: 200,
        product: '拿铁',
        product_code: null,
        category: '咖啡',
        quantity: 2,
        unit_price_minor: 1900,
        payment_method: '微信',
        channel: null,
        staff: '小李',
        notes: null,
      },
    });
  });

  it('derives a missing amount from unit price and quantity, and marks returns', () => {
    expect(
      toPurchaseDraft(
        { phone: '13812345678', date: '2024-03-05', unit_price: '12.50', quantity: '3' },
        2,
        OPTIONS,
      ),
    ).toMatchObject({
      ok: true,
      draft: { amount_minor: 3750, phone: '+8613812345678' },
      warnings: [
        { code: 'amount_derived', field: 'amount', params: { unit_price_minor: 1250, quantity: 3 } },
      ],
    });
    expect(
      toPurchaseDraft(
        { customer_name: '张三', date: '2024-03-05', amount: '-19', quantity: '-1' },
        3,
        OPTIONS,
      ),
    ).toMatchObject({
      ok: true,
      draft: { amount_minor: -1900, is_return: true, quantity: -1 },
    });
  });

  it('rejects rows without customer, date or amount, and bad links even under the drop policy', () => {
    expect(toPurchaseDraft({ product: '拿铁' }, 4, OPTIONS)).toEqual({
      ok: false,
      line: 4,
      warnings: [],
      issues: [
        { code: 'missing_customer', field: null },
        { code: 'required', field: 'date', value: '' },
        { code: 'required', field: 'amount', value: '' },
      ],
    });
    const dropPolicy = { ...OPTIONS, invalidOptional: 'drop' as const };
    expect(
      toPurchaseDraft({ phone: '12345', date: '2024-07-01', amount: '1,5', discount: '-3' }, 5, dropPolicy),
    ).toEqual({
      ok: false,
      line: 5,
      warnings: [
        { code: 'field_dropped', field: 'discount', value: '-3', params: { reason: 'invalid_discount' } },
      ],
      issues: [
        { code: 'invalid_phone', field: 'phone', value: '12345', params: { reason: 'too_short' } },
        { code: 'future_date', field: 'date', value: '2024-07-01', params: { today: '2024-06-30' } },
        { code: 'invalid_money', field: 'amount', value: '1,5', params: { reason: 'invalid' } },
      ],
    });
  });
});

describe('validateTable on a messy customer file', () => {
  it('accepts the good rows and lists every rejected line with its reasons', () => {
    const text = [
      '姓名;手机号码;生日;性别;标签;备注;', // 1
      '张三;138 1234 5678;1990/1/15;男;VIP，咖啡;"=HYPERLINK(""http://evil"")";', // 2
      '', // 3
      '李四;1.38123E+10;1985-02-30;女;;;', // 4
      '王五;+86 139 8765 4321;3月5日;;学生;"两行', // 5
      '备注";', // 6
      ';;;;;;', // 7
      '赵六;13812345678/13987654321;;未知;;;', // 8
      ';13700001111;2000-01-01;;;;', // 9
      '钱七;"13600001111;x;;;;', // 10: unterminated quote
      '孙八;13500001111;05/03/1992;F;;;', // 11: ambiguous without an order
      '',
    ].join('\r\n');
    const table = readCsv(iconv.encode(text, 'gbk'));
    const { mapping, unmatched } = autoMapHeaders('customers', table.headers);
    expect(mapping).toEqual(['name', 'phone', 'birthday', 'gender', 'tags', 'notes']);
    expect(unmatched).toEqual([]);

    const result = validateTable('customers', table, mapping, OPTIONS);
    expect(
      result.accepted.map((row) => [
        row.line,
        row.draft.name,
        row.draft.phone,
        row.draft.birthday,
        row.draft.notes,
      ]),
    ).toEqual([
      [2, '张三', '+8613812345678', '1990-01-15', '=HYPERLINK("http://evil")'],
      [5, '王五', '+8613987654321', '--03-05', '两行\r\n备注'],
    ]);
    expect(result.accepted[0]?.draft.tags).toEqual(['VIP', '咖啡']);
    expect(result.rejected).toEqual([
      {
        line: 4,
        issues: [
          {
            code: 'invalid_phone',
            field: 'phone',
            value: '1.38123E+10',
            params: { reason: 'scientific_notation' },
          },
          {
            code: 'invalid_date',
            field: 'birthday',
            value: '1985-02-30',
            params: { reason: 'invalid_date' },
          },
        ],
      },
      {
        line: 8,
        issues: [
          {
            code: 'invalid_phone',
            field: 'phone',
            value: '13812345678/13987654321',
            params: { reason: 'multiple_numbers' },
          },
        ],
      },
      { line: 9, issues: [{ code: 'required', field: 'name', value: '' }] },
      { line: 10, issues: [{ code: 'unterminated_quote', field: null, params: {} }] },
      {
        line: 11,
        issues: [
          {
            code: 'invalid_date',
            field: 'birthday',
            value: '05/03/1992',
            params: { reason: 'ambiguous_date' },
          },
        ],
      },
    ]);

    // The same file with the day-first order chosen: line 11 is accepted.
    const dayFirst = validateTable('customers', table, mapping, { ...OPTIONS, dateOrder: 'dmy' });
    expect(dayFirst.accepted.find((row) => row.line === 11)?.draft.birthday).toBe('1992-03-05');
  });
});
