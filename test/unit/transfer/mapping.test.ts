import { describe, expect, it } from 'vitest';
import {
  applyRememberedMapping,
  autoMapHeaders,
  CUSTOMER_FIELDS,
  duplicateFields,
  fieldLabel,
  headerSetSignature,
  normalizeHeader,
  parseMapSpec,
  PURCHASE_FIELDS,
  rememberMapping,
} from '../../../src/main/domain/transfer/mapping';

describe('normalizeHeader', () => {
  it('ignores case, width, spaces and punctuation', () => {
    expect(normalizeHeader(' Phone No. ')).toBe('phoneno');
    expect(normalizeHeader('phone_no')).toBe('phoneno');
    expect(normalizeHeader('ＰＨＯＮＥ\u3000ＮＯ')).toBe('phoneno');
    expect(normalizeHeader('手机号码：')).toBe('手机号码');
  });
});

describe('autoMapHeaders', () => {
  it('maps a typical Chinese customer sheet', () => {
    const headers = [
      '客户编号',
      '会员号',
      '姓名',
      '手机',
      '电话',
      '邮箱',
      '微信',
      '生日',
      '性别',
      '地址',
      '标签',
      '备注',
      '公司',
    ];
    expect(autoMapHeaders('customers', headers)).toEqual({
      mapping: [
        'customer_code',
        'member_no',
        'name',
        'phone',
        'phone2',
        'email',
        'wechat',
        'birthday',
        'gender',
        'address',
        'tags',
        'notes',
        'company_name',
      ],
      unmatched: [],
    });
  });

  it('maps a typical English customer sheet with noise in the headers', () => {
    const headers = [
      'Customer ID',
      'Full Name',
      'Mobile Phone',
      'E-mail',
      'Date of Birth',
      'Sex',
      'Tags',
      'Remarks',
      'Opt-in',
    ];
    expect(autoMapHeaders('customers', headers).mapping).toEqual([
      'customer_code',
      'name',
      'phone',
      'email',
      'birthday',
      'gender',
      'tags',
      'notes',
      'consent',
    ]);
  });

  it('maps a Chinese till export of purchases', () => {
    const headers = [
      '单号',
      '会员卡号',
      '顾客姓名',
      '手机号',
      '消费日期',
      '实付金额（元）',
      '商品名称',
      '数量',
      '单价',
      '优惠',
      '支付方式',
      '收银员',
    ];
    expect(autoMapHeaders('purchases', headers)).toEqual({
      mapping: [
        'order_no',
        'member_no',
        'customer_name',
        'phone',
        'date',
        'amount',
        'product',
        'quantity',
        'unit_price',
        'discount',
        'payment_method',
        'staff',
      ],
      unmatched: [],
    });
  });

  it('drops bracketed notes and required markers', () => {
    expect(autoMapHeaders('purchases', ['金额(元)', 'Amount (CNY)', '日期*']).mapping).toEqual([
      'amount',
      null,
      'date',
    ]);
  });

  it('matches compound headers by their last word, and refuses to guess between fields', () => {
    const result = autoMapHeaders('customers', ['会员手机号', '客户生日日期', '本人联系电话1', '紧急联系人']);
    // "紧急联系人" ends with 联系人 (contact person).
    expect(result.mapping).toEqual(['phone', 'birthday', 'phone2', 'contact_person']);
    const purchases = autoMapHeaders('purchases', ['本次消费金额', '会员手机号', '商品编码和名称']);
    // "商品编码和名称" contains both 商品编码 and 商品 and ends with neither: left for the user.
    expect(purchases.mapping).toEqual(['amount', 'phone', null]);
    expect(purchases.unmatched).toEqual([{ index: 2, header: '商品编码和名称' }]);
  });

  it('sends a repeated phone column to phone2 and leaves a third one unmatched', () => {
    const result = autoMapHeaders('customers', ['姓名', '电话', '电话', '电话']);
    expect(result.mapping).toEqual(['name', 'phone', 'phone2', null]);
    expect(result.unmatched).toEqual([{ index: 3, header: '电话' }]);
  });

  it('never maps two columns to one field, and lists unknown and empty headers', () => {
    const result = autoMapHeaders('customers', ['姓名', '名字', '', '积分余额']);
    expect(result.mapping).toEqual(['name', null, null, null]);
    expect(result.unmatched.map((item) => item.index)).toEqual([1, 2, 3]);
  });

  it('maps back every header the export writes, in both languages', () => {
    for (const locale of ['zh', 'en'] as const) {
      const customerHeaders = CUSTOMER_FIELDS.map((field) => fieldLabel('customers', field, locale));
      expect(autoMapHeaders('customers', customerHeaders).mapping).toEqual([...CUSTOMER_FIELDS]);
      const purchaseHeaders = PURCHASE_FIELDS.map((field) => fieldLabel('purchases', field, locale));
      expect(autoMapHeaders('purchases', purchaseHeaders).mapping).toEqual([...PURCHASE_FIELDS]);
      // Field names themselves are accepted too (what the CLI and API speak).
      expect(autoMapHeaders('customers', [...CUSTOMER_FIELDS]).mapping).toEqual([...CUSTOMER_FIELDS]);
    }
  });
});

describe('header set signature and remembered mappings', () => {
  it('is stable across column order and spelling noise, and differs for other headers', () => {
    const base = headerSetSignature(['姓名', '手机', 'Email']);
    expect(headerSetSignature(['手机', ' email ', '姓名'])).toBe(base);
    expect(headerSetSignature(['姓名', '手机'])).not.toBe(base);
    expect(headerSetSignature(['姓名', '手机', 'Email', 'Email'])).not.toBe(base);
    expect(base).toMatch(/^h1:[0-9a-f]{32}$/);
  });

  it('re-applies a remembered mapping to reordered columns, including repeated headers', () => {
    const headers = ['电话', '姓名', '电话', '会员等级'];
    const remembered = rememberMapping(headers, ['phone', 'name', 'phone2', 'notes']);
    expect(remembered).toEqual({ 电话: 'phone', 姓名: 'name', '电话#2': 'phone2', 会员等级: 'notes' });
    expect(applyRememberedMapping('customers', ['会员等级', '电话', '电话', '姓名'], remembered)).toEqual([
      'notes',
      'phone',
      'phone2',
      'name',
    ]);
  });

  it('drops remembered fields that do not belong to the import kind', () => {
    expect(applyRememberedMapping('purchases', ['a', 'b'], { a: 'gender', b: 'amount' })).toEqual([
      null,
      'amount',
    ]);
  });
});

describe('parseMapSpec', () => {
  const headers = ['Name', 'Col,3', 'Tel', 'x=y', 'Tel'];

  it('applies header=field pairs over the automatic mapping', () => {
    const base = autoMapHeaders('customers', headers).mapping;
    const result = parseMapSpec(
      'customers',
      'Name=ignore, "Col,3"=name, x=y=notes, #5=phone2',
      headers,
      base,
    );
    expect(result).toEqual({ ok: true, mapping: [null, 'name', 'phone', 'notes', 'phone2'] });
  });

  it('moves a field the user names explicitly away from its automatic column', () => {
    const base = autoMapHeaders('customers', headers).mapping;
    expect(base[2]).toBe('phone');
    const result = parseMapSpec('customers', '#5=phone', headers, base);
    expect(result).toEqual({ ok: true, mapping: ['name', null, null, null, 'phone'] });
  });

  it('matches headers loosely when the exact text is not there', () => {
    expect(parseMapSpec('customers', 'name=name, TEL=phone', headers)).toEqual({
      ok: true,
      mapping: ['name', null, 'phone', null, null],
    });
  });

  it('reports every bad item', () => {
    const result = parseMapSpec(
      'customers',
      'Name=nombre, Missing=phone, Tel, Name=email, Tel=email',
      headers,
    );
    expect(result).toEqual({
      ok: false,
      errors: [
        { code: 'unknown_field', item: 'Name=nombre', field: 'nombre' },
        { code: 'unknown_header', item: 'Missing=phone', header: 'Missing' },
        { code: 'syntax', item: 'Tel' },
        { code: 'duplicate_field', item: 'Tel=email', field: 'email' },
      ],
    });
  });
});

describe('duplicateFields', () => {
  it('finds fields used by more than one column, in the order the repeats appear', () => {
    expect(duplicateFields(['name', 'phone', null, 'phone', 'name', null])).toEqual(['phone', 'name']);
    expect(duplicateFields(['name', null, null])).toEqual([]);
  });
});
