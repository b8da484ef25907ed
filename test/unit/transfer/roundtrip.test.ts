/**
 * Export → import must lose nothing: drafts are written with the export helpers, read back with
 * the import pipeline (read → auto-map → validate) and compared field by field.
 */
import { describe, expect, it } from 'vitest';
import { readCsv, writeCsv } from '../../../src/main/domain/transfer/formats/csv';
import type { ParsedTable } from '../../../src/main/domain/transfer/formats/table';
import { readXlsx, writeXlsx } from '../../../src/main/domain/transfer/formats/xlsx';
import {
  autoMapHeaders,
  CUSTOMER_FIELDS,
  fieldLabel,
  PURCHASE_FIELDS,
  type ImportKind,
} from '../../../src/main/domain/transfer/mapping';
import {
  CUSTOMER_EXPORT_TYPES,
  customerDraftToValues,
  PURCHASE_EXPORT_TYPES,
  purchaseDraftToValues,
  validateTable,
  type CustomerDraft,
  type DraftOf,
  type PurchaseDraft,
  type RowOptions,
} from '../../../src/main/domain/transfer/rows';

const OPTIONS: RowOptions = { defaultCountry: 'CN' };

const BLANK: CustomerDraft = {
  customer_code: null,
  member_no: null,
  name: 'x',
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

const CUSTOMERS: CustomerDraft[] = [
  {
    customer_code: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
    member_no: '=1+1',
    name: '张"三", =cmd|\'/c calc\'!A0',
    kind: 'person',
    phone: '+8613812345678',
    phone_digits: '13812345678',
    phone2: '+442079460958',
    email: 'zhang@example.com',
    wechat: '@wx_zhang',
    gender: 'female',
    birthday: '--02-29',
    address: '北京市朝阳区, 建国路88号; "3单元"\n501室',
    source: 'online',
    referred_by: '-李四',
    tags: ['+plus', 'VIP', '😀 emoji', '咖啡 拿铁'],
    notes: "=SUM(A1:A9)\n第二行\t带制表符 🎉\n'引号'",
    company_name: '知客咖啡',
    industry: '餐饮',
    company_size: '10-50',
    contact_person: '@张经理',
    contact_title: '店长',
    credit_rating: 'B',
    credit_limit_minor: 123456,
    consent: true,
    consent_date: '2024-03-05',
    joined_on: '2019-12-31',
  },
  { ...BLANK, name: 'Li' },
  {
    ...BLANK,
    name: '-5',
    kind: 'organization',
    company_name: '星河科技有限公司',
    phone2: '+861012345678',
    consent: false,
    credit_limit_minor: -1,
  },
  {
    ...BLANK,
    name: "'=already quoted",
    gender: 'male',
    birthday: '1990-01-15',
    source: 'walk_in',
    tags: ['a'],
  },
];

const PURCHASES: PurchaseDraft[] = [
  {
    order_no: 'R-0001',
    customer_code: null,
    member_no: 'M001',
    phone: '+8613812345678',
    customer_name: '张三',
    date: '2024-03-05',
    time: '14:30:15',
    utc_offset_minutes: null,
    amount_minor: 3800,
    is_return: false,
    discount_minor: 200,
    product: '拿铁, 大杯',
    product_code: '=SKU1',
    category: '咖啡',
    quantity: 2,
    unit_price_minor: 1900,
    payment_method: '微信',
    channel: '门店',
    staff: '小李',
    notes: '多糖\n少冰',
  },
  {
    order_no: null,
    customer_code: 'C-2',
    member_no: null,
    phone: null,
    customer_name: null,
    date: '2024-03-06',
    time: '00:00:00',
    utc_offset_minutes: 480,
    amount_minor: -1999,
    is_return: true,
    discount_minor: 0,
    product: null,
    product_code: null,
    category: null,
    quantity: -1.5,
    unit_price_minor: null,
    payment_method: null,
    channel: null,
    staff: null,
    notes: null,
  },
  {
    order_no: 'R-0003',
    customer_code: null,
    member_no: null,
    phone: null,
    customer_name: '王五',
    date: '2024-02-29',
    time: null,
    utc_offset_minutes: null,
    amount_minor: 0,
    is_return: false,
    discount_minor: 0,
    product: '赠品',
    product_code: null,
    category: null,
    quantity: 1,
    unit_price_minor: 0,
    payment_method: null,
    channel: null,
    staff: null,
    notes: null,
  },
];

function importTable<K extends ImportKind>(kind: K, table: ParsedTable): DraftOf<K>[] {
  const { mapping, unmatched } = autoMapHeaders(kind, table.headers);
  expect(unmatched).toEqual([]);
  expect(table.problems).toEqual([]);
  const result = validateTable(kind, table, mapping, OPTIONS);
  expect(result.rejected).toEqual([]);
  return result.accepted.map((row) => row.draft);
}

describe.each(['zh', 'en'] as const)('customer export → import round trip (%s headers)', (locale) => {
  const headers = CUSTOMER_FIELDS.map((field) => fieldLabel('customers', field, locale));

  it('loses nothing through CSV', () => {
    const rows = CUSTOMERS.map((draft) => {
      const values = customerDraftToValues(draft, locale, { moneyAs: 'text' });
      return CUSTOMER_FIELDS.map((field) => values[field]);
    });
    const bytes = writeCsv(headers, rows);
    expect(importTable('customers', readCsv(bytes))).toEqual(CUSTOMERS);
  });

  it('loses nothing through XLSX', async () => {
    const columns = CUSTOMER_FIELDS.map((field) => ({
      header: fieldLabel('customers', field, locale),
      type: CUSTOMER_EXPORT_TYPES[field],
    }));
    const rows = CUSTOMERS.map((draft) => {
      const values = customerDraftToValues(draft, locale, { moneyAs: 'minor' });
      return CUSTOMER_FIELDS.map((field) => values[field]);
    });
    const buffer = await writeXlsx(columns, rows);
    expect(importTable('customers', await readXlsx(buffer))).toEqual(CUSTOMERS);
  });
});

describe('purchase export → import round trip', () => {
  const headers = PURCHASE_FIELDS.map((field) => fieldLabel('purchases', field, 'zh'));

  it('loses nothing through CSV', () => {
    const rows = PURCHASES.map((draft) => {
      const values = purchaseDraftToValues(draft, { moneyAs: 'text' });
      return PURCHASE_FIELDS.map((field) => values[field]);
    });
    expect(importTable('purchases', readCsv(writeCsv(headers, rows, { delimiter: ';' })))).toEqual(PURCHASES);
  });

  it('loses nothing through XLSX', async () => {
    const columns = PURCHASE_FIELDS.map((field) => ({
      header: fieldLabel('purchases', field, 'en'),
      type: PURCHASE_EXPORT_TYPES[field],
    }));
    const rows = PURCHASES.map((draft) => {
      const values = purchaseDraftToValues(draft, { moneyAs: 'minor' });
      return PURCHASE_FIELDS.map((field) => values[field]);
    });
    expect(importTable('purchases', await readXlsx(await writeXlsx(columns, rows)))).toEqual(PURCHASES);
  });
});
