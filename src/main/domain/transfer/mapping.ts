/**
 * Column mapping for imports: the canonical target fields, automatic matching of English and
 * Chinese header variants, a signature to remember a user's mapping per header set, and the
 * CLI `--map header=field,…` syntax.
 *
 * A mapping is positional — one entry per header, a field or null — because real files repeat
 * headers (two "电话" columns) and leave some empty.
 */
import { createHash } from 'node:crypto';

export const CUSTOMER_FIELDS = [
  'customer_code',
  'member_no',
  'name',
  'kind',
  'phone',
  'phone2',
  'email',
  'wechat',
  'gender',
  'birthday',
  'address',
  'source',
  'referred_by',
  'tags',
  'notes',
  'company_name',
  'industry',
  'company_size',
  'contact_person',
  'contact_title',
  'credit_rating',
  'credit_limit',
  'consent',
  'consent_date',
  'joined_on',
] as const;

export const PURCHASE_FIELDS = [
  'order_no',
  'customer_code',
  'member_no',
  'phone',
  'customer_name',
  'date',
  'amount',
  'product',
  'product_code',
  'category',
  'quantity',
  'unit_price',
  'discount',
  'payment_method',
  'channel',
  'staff',
  'notes',
] as const;

export type CustomerField = (typeof CUSTOMER_FIELDS)[number];
export type PurchaseField = (typeof PURCHASE_FIELDS)[number];
export type ImportKind = 'customers' | 'purchases';
export type FieldOf<K extends ImportKind> = K extends 'customers' ? CustomerField : PurchaseField;

/** One entry per header: the field that column fills, or null for "ignore". */
export type ColumnMapping<K extends ImportKind = ImportKind> = (FieldOf<K> | null)[];

interface FieldSpec {
  /** Header written on export (and always recognised on import). */
  zh: string;
  en: string;
  /** Further spellings, compared after `normalizeHeader`. */
  synonyms: readonly string[];
}

const SHARED: Record<'customer_code' | 'member_no' | 'phone' | 'notes', FieldSpec> = {
  customer_code: {
    zh: '客户编号',
    en: 'Customer ID',
    synonyms: [
      '客户编码',
      '客户代码',
      '客户ID',
      '客户号',
      '顾客编号',
      'customer code',
      'customer no',
      'client id',
      'uid',
    ],
  },
  member_no: {
    zh: '会员号',
    en: 'Member No',
    synonyms: [
      '会员编号',
      '会员卡号',
      '会员号码',
      '卡号',
      '会员卡',
      'vip卡号',
      'vip号',
      'member number',
      'membership no',
      'membership number',
      'member id',
      'card no',
      'card number',
      'loyalty card',
    ],
  },
  phone: {
    zh: '手机',
    en: 'Phone',
    synonyms: [
      '手机号',
      '手机号码',
      '电话',
      '电话号码',
      '联系电话',
      '联系方式',
      '移动电话',
      '客户电话',
      '会员手机',
      'mobile',
      'mobile phone',
      'mobile number',
      'cell',
      'cellphone',
      'cell phone',
      'tel',
      'telephone',
      'phone number',
      'phone no',
    ],
  },
  notes: {
    zh: '备注',
    en: 'Notes',
    synonyms: [
      '说明',
      '附注',
      '备注信息',
      'note',
      'remark',
      'remarks',
      'comment',
      'comments',
      'memo',
      'description',
    ],
  },
};

const CUSTOMER_SPECS: Record<CustomerField, FieldSpec> = {
  ...SHARED,
  customer_code: { ...SHARED.customer_code, synonyms: [...SHARED.customer_code.synonyms, 'id', '编号'] },
  name: {
    zh: '姓名',
    en: 'Name',
    synonyms: [
      '名字',
      '客户姓名',
      '客户名称',
      '顾客姓名',
      '会员姓名',
      '客户',
      '称呼',
      'full name',
      'customer name',
      'customer',
      'client name',
    ],
  },
  kind: {
    zh: '客户类型',
    en: 'Kind',
    synonyms: ['类型', '客户类别', '客户性质', 'type', 'customer type', 'customer kind'],
  },
  phone2: {
    zh: '电话2',
    en: 'Phone 2',
    synonyms: [
      '手机2',
      '备用电话',
      '备用手机',
      '其他电话',
      '座机',
      '固定电话',
      '固话',
      '办公电话',
      '家庭电话',
      'second phone',
      'secondary phone',
      'other phone',
      'alt phone',
      'landline',
      'work phone',
      'home phone',
    ],
  },
  email: {
    zh: '邮箱',
    en: 'Email',
    synonyms: ['电子邮箱', '电子邮件', '邮件', '邮箱地址', 'e-mail', 'mail', 'email address'],
  },
  wechat: { zh: '微信', en: 'WeChat', synonyms: ['微信号', '微信id', 'weixin', 'wechat id', 'wx'] },
  gender: { zh: '性别', en: 'Gender', synonyms: ['sex'] },
  birthday: {
    zh: '生日',
    en: 'Birthday',
    synonyms: [
      '出生日期',
      '出生年月日',
      '生日日期',
      '出生年月',
      'birth date',
      'date of birth',
      'dob',
      'birthdate',
    ],
  },
  address: {
    zh: '地址',
    en: 'Address',
    synonyms: [
      '住址',
      '联系地址',
      '通讯地址',
      '家庭住址',
      '收货地址',
      '详细地址',
      'street address',
      'mailing address',
    ],
  },
  source: {
    zh: '来源',
    en: 'Source',
    synonyms: [
      '客户来源',
      '来源渠道',
      '获客渠道',
      '获客来源',
      'lead source',
      'referral source',
      'acquisition channel',
    ],
  },
  referred_by: { zh: '推荐人', en: 'Referred By', synonyms: ['介绍人', '推荐会员', 'referrer', 'referred'] },
  tags: { zh: '标签', en: 'Tags', synonyms: ['客户标签', '会员标签', 'tag', 'labels', 'label'] },
  company_name: {
    zh: '公司',
    en: 'Company',
    synonyms: [
      '公司名称',
      '单位',
      '工作单位',
      '单位名称',
      '企业',
      '企业名称',
      '机构名称',
      'company name',
      'organization',
      'organisation',
      'organization name',
      'org',
    ],
  },
  industry: { zh: '行业', en: 'Industry', synonyms: ['所属行业', '行业类别'] },
  company_size: {
    zh: '公司规模',
    en: 'Company Size',
    synonyms: ['规模', '企业规模', '员工人数', 'employees', 'size'],
  },
  contact_person: { zh: '联系人', en: 'Contact Person', synonyms: ['联系人姓名', 'contact', 'contact name'] },
  contact_title: {
    zh: '职位',
    en: 'Contact Title',
    synonyms: ['职务', '联系人职位', '联系人职务', '职称', 'title', 'job title', 'position'],
  },
  credit_rating: {
    zh: '信用等级',
    en: 'Credit Rating',
    synonyms: ['信用评级', '信用', '资信等级', 'credit', 'credit grade'],
  },
  credit_limit: {
    zh: '信用额度',
    en: 'Credit Limit',
    synonyms: ['挂账额度', '赊账额度', '授信额度', 'credit line'],
  },
  consent: {
    zh: '营销许可',
    en: 'Marketing Consent',
    synonyms: [
      '同意营销',
      '接受营销',
      '是否同意营销',
      '营销同意',
      '接收推广',
      'consent',
      'opt in',
      'optin',
      'subscribed',
    ],
  },
  consent_date: { zh: '许可日期', en: 'Consent Date', synonyms: ['同意日期', '营销许可日期', 'opt in date'] },
  joined_on: {
    zh: '入会日期',
    en: 'Joined On',
    synonyms: [
      '注册日期',
      '建档日期',
      '开卡日期',
      '加入日期',
      '注册时间',
      '创建日期',
      '创建时间',
      'joined',
      'join date',
      'member since',
      'registered',
      'registration date',
      'created',
      'created at',
      'signup date',
    ],
  },
};

const PURCHASE_SPECS: Record<PurchaseField, FieldSpec> = {
  ...SHARED,
  order_no: {
    zh: '单号',
    en: 'Order No',
    synonyms: [
      '订单号',
      '订单编号',
      '流水号',
      '小票号',
      '交易号',
      '交易编号',
      '单据号',
      'order id',
      'order number',
      'receipt no',
      'receipt number',
      'transaction id',
      'invoice no',
      'invoice number',
    ],
  },
  customer_name: {
    zh: '姓名',
    en: 'Customer Name',
    synonyms: [
      '客户姓名',
      '客户名称',
      '顾客姓名',
      '会员姓名',
      '客户',
      '顾客',
      '会员',
      'name',
      'customer',
      'client',
    ],
  },
  date: {
    zh: '日期',
    en: 'Date',
    synonyms: [
      '消费日期',
      '购买日期',
      '交易日期',
      '下单日期',
      '销售日期',
      '时间',
      '消费时间',
      '交易时间',
      '下单时间',
      '购买时间',
      'purchase date',
      'order date',
      'transaction date',
      'sale date',
      'time',
      'datetime',
    ],
  },
  amount: {
    zh: '金额',
    en: 'Amount',
    synonyms: [
      '消费金额',
      '实付金额',
      '实收金额',
      '交易金额',
      '订单金额',
      '销售金额',
      '总额',
      '总金额',
      '合计',
      '实付',
      '实收',
      'total',
      'total amount',
      'amount paid',
      'paid',
      'net amount',
      'sales',
      'revenue',
    ],
  },
  product: {
    zh: '商品',
    en: 'Product',
    synonyms: [
      '商品名称',
      '产品',
      '产品名称',
      '品名',
      '项目',
      '服务项目',
      '服务',
      '菜品',
      'item',
      'product name',
      'item name',
      'service',
    ],
  },
  product_code: {
    zh: '商品编码',
    en: 'Product Code',
    synonyms: ['商品编号', '货号', '条码', '条形码', 'sku', 'barcode', 'item code', 'product id'],
  },
  category: {
    zh: '类别',
    en: 'Category',
    synonyms: ['品类', '商品类别', '分类', '商品分类', '产品类别', 'product category', 'item category'],
  },
  quantity: { zh: '数量', en: 'Quantity', synonyms: ['件数', '购买数量', 'qty', 'count', 'units'] },
  unit_price: { zh: '单价', en: 'Unit Price', synonyms: ['价格', '售价', '零售价', 'price'] },
  discount: {
    zh: '优惠金额',
    en: 'Discount',
    synonyms: ['折扣', '优惠', '折扣金额', '减免', 'discount amount'],
  },
  payment_method: {
    zh: '支付方式',
    en: 'Payment Method',
    synonyms: ['付款方式', '结算方式', '支付', '付款', 'payment', 'pay method', 'paid by', 'tender'],
  },
  channel: { zh: '渠道', en: 'Channel', synonyms: ['销售渠道', '消费渠道', '购买渠道', 'sales channel'] },
  staff: {
    zh: '员工',
    en: 'Staff',
    synonyms: [
      '店员',
      '导购',
      '销售员',
      '营业员',
      '服务人员',
      '经手人',
      '收银员',
      '技师',
      '美发师',
      '服务员',
      'employee',
      'salesperson',
      'sales rep',
      'cashier',
      'served by',
      'seller',
    ],
  },
};

function specsFor(kind: ImportKind): Record<string, FieldSpec> {
  return kind === 'customers' ? CUSTOMER_SPECS : PURCHASE_SPECS;
}

export function fieldsFor<K extends ImportKind>(kind: K): readonly FieldOf<K>[] {
  return (kind === 'customers' ? CUSTOMER_FIELDS : PURCHASE_FIELDS) as readonly FieldOf<K>[];
}

/** The header export writes for a field; importing it maps back to the same field. */
export function fieldLabel(
  kind: ImportKind,
  field: CustomerField | PurchaseField,
  locale: 'zh' | 'en',
): string {
  const spec = specsFor(kind)[field];
  if (spec === undefined) throw new Error(`unknown ${kind} field ${field}`);
  return spec[locale];
}

/**
 * Case, width, space and punctuation-insensitive key: "Phone No." = "phone_no" = "ＰＨＯＮＥ ＮＯ" (full width).
 * Letters and digits of every script survive; everything else goes.
 */
export function normalizeHeader(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Drops bracketed notes and required-markers: "金额（元）", "手机号*", "Amount (CNY)". */
function stripDecorations(header: string): string {
  return header
    .normalize('NFKC')
    .replace(/\([^)]*\)|\[[^\]]*\]|【[^】]*】|<[^>]*>/g, '')
    .replace(/[*＊]/g, '');
}

interface SynonymIndex {
  exact: Map<string, string>;
  /** [normalised synonym, field], longest first, for the containment pass. */
  ordered: [string, string][];
}

const indexCache = new Map<ImportKind, SynonymIndex>();

function synonymIndex(kind: ImportKind): SynonymIndex {
  const cached = indexCache.get(kind);
  if (cached !== undefined) return cached;
  const exact = new Map<string, string>();
  for (const [field, spec] of Object.entries(specsFor(kind))) {
    for (const variant of [field, spec.zh, spec.en, ...spec.synonyms]) {
      const key = normalizeHeader(variant);
      const existing = exact.get(key);
      if (existing !== undefined && existing !== field) {
        throw new Error(`header synonym "${variant}" is claimed by ${existing} and ${field}`);
      }
      exact.set(key, field);
    }
  }
  const ordered = [...exact.entries()].sort((a, b) => b[0].length - a[0].length);
  const index = { exact, ordered };
  indexCache.set(kind, index);
  return index;
}

const CJK = /\p{Script=Han}/u;

/** Where a header names the same field twice, the second column goes to the sibling field. */
const OVERFLOW: Partial<Record<string, string>> = { phone: 'phone2' };

export interface AutoMapResult<K extends ImportKind> {
  mapping: ColumnMapping<K>;
  /** Headers that matched nothing, or whose field was already taken. */
  unmatched: { index: number; header: string }[];
}

/**
 * Matches headers in three passes, each only filling fields still free:
 * 1. the whole normalised header equals a known spelling;
 * 2. the same after dropping bracketed notes and `*` ("金额(元)", "手机号*");
 * 3. the header contains known spellings (Chinese of ≥ 2 characters, Latin of ≥ 4): the longest
 *    one it ends with wins ("会员手机号" → phone, "本次消费金额" → amount); otherwise it is taken
 *    only when all contained spellings name one field ("电话1" → phone).
 */
export function autoMapHeaders<K extends ImportKind>(kind: K, headers: readonly string[]): AutoMapResult<K> {
  const index = synonymIndex(kind);
  const mapping: (string | null)[] = headers.map(() => null);
  const taken = new Set<string>();

  const assign = (column: number, field: string | undefined): void => {
    if (field === undefined || mapping[column] !== null) return;
    if (!taken.has(field)) {
      mapping[column] = field;
      taken.add(field);
      return;
    }
    const sibling = OVERFLOW[field];
    if (sibling !== undefined && !taken.has(sibling)) {
      mapping[column] = sibling;
      taken.add(sibling);
    }
  };

  headers.forEach((header, column) => assign(column, index.exact.get(normalizeHeader(header))));
  headers.forEach((header, column) =>
    assign(column, index.exact.get(normalizeHeader(stripDecorations(header)))),
  );
  headers.forEach((header, column) => {
    if (mapping[column] !== null) return;
    const key = normalizeHeader(stripDecorations(header));
    const hits = index.ordered.filter(
      ([synonym]) =>
        synonym.length >= (CJK.test(synonym) ? 2 : 4) && synonym !== key && key.includes(synonym),
    );
    // Compound headers put the head noun last ("会员手机号", "本次消费金额"): prefer a suffix.
    const suffix = hits.find(([synonym]) => key.endsWith(synonym));
    if (suffix !== undefined) return assign(column, suffix[1]);
    const fields = new Set(hits.map(([, field]) => field));
    if (fields.size === 1) assign(column, hits[0]?.[1]);
  });

  const unmatched = headers
    .map((header, column) => ({ index: column, header }))
    .filter(({ index: column }) => mapping[column] === null);
  return { mapping: mapping as ColumnMapping<K>, unmatched };
}

/**
 * Identifies a header set independently of column order and spelling noise, so a mapping the user
 * fixed once is offered again for next month's export of the same till system.
 */
export function headerSetSignature(headers: readonly string[]): string {
  const keys = headers.map(normalizeHeader).sort();
  return `h1:${createHash('sha256').update(JSON.stringify(keys)).digest('hex').slice(0, 32)}`;
}

/**
 * A remembered mapping keyed by normalised header plus occurrence ("电话", "电话#2"), so it can be
 * stored as JSON next to `headerSetSignature` and applied to the columns in any order.
 */
export type RememberedMapping = Record<string, string | null>;

function occurrenceKeys(headers: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return headers.map((header) => {
    const key = normalizeHeader(header);
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    return count === 1 ? key : `${key}#${count}`;
  });
}

export function rememberMapping(headers: readonly string[], mapping: ColumnMapping): RememberedMapping {
  const keys = occurrenceKeys(headers);
  return Object.fromEntries(keys.map((key, column) => [key, mapping[column] ?? null]));
}

/** Fields not valid for `kind` (a stale stored mapping) come back as null. */
export function applyRememberedMapping<K extends ImportKind>(
  kind: K,
  headers: readonly string[],
  remembered: RememberedMapping,
): ColumnMapping<K> {
  const valid = new Set<string>(fieldsFor(kind));
  return occurrenceKeys(headers).map((key) => {
    const field = remembered[key];
    return typeof field === 'string' && valid.has(field) ? (field as FieldOf<K>) : null;
  });
}

export type MapSpecError =
  | { code: 'syntax'; item: string }
  | { code: 'unknown_field'; item: string; field: string }
  | { code: 'unknown_header'; item: string; header: string }
  | { code: 'duplicate_field'; item: string; field: string };

export type MapSpecResult<K extends ImportKind> =
  { ok: true; mapping: ColumnMapping<K> } | { ok: false; errors: MapSpecError[] };

const IGNORE_WORDS = new Set(['', '-', 'ignore', 'skip', 'none', '忽略']);

function splitSpecItems(spec: string): string[] {
  const items: string[] = [];
  let current = '';
  let inQuotes = false;
  for (const char of spec) {
    if (char === '"') inQuotes = !inQuotes;
    else if (char === ',' && !inQuotes) {
      items.push(current);
      current = '';
      continue;
    }
    current += char;
  }
  items.push(current);
  return items.map((item) => item.trim()).filter((item) => item !== '');
}

/**
 * Parses the CLI's `--map "姓名=name,手机=phone,Col 3=ignore"` on top of a base mapping (usually
 * the automatic one). A header containing a comma is written in double quotes; `#3=phone` names
 * the third column (1-based) when headers repeat. The field comes after the last `=`, so headers
 * may contain `=`. A header is found by exact text first, then by `normalizeHeader`.
 */
export function parseMapSpec<K extends ImportKind>(
  kind: K,
  spec: string,
  headers: readonly string[],
  base: ColumnMapping<K> = headers.map(() => null),
): MapSpecResult<K> {
  const valid = new Set<string>(fieldsFor(kind));
  const mapping = [...base];
  const errors: MapSpecError[] = [];
  const explicit = new Map<string, number>();
  for (const item of splitSpecItems(spec)) {
    const equals = item.lastIndexOf('=');
    if (equals < 0) {
      errors.push({ code: 'syntax', item });
      continue;
    }
    const header = item
      .slice(0, equals)
      .trim()
      .replace(/^"(.*)"$/, '$1');
    const field = item
      .slice(equals + 1)
      .trim()
      .toLowerCase();
    const ignore = IGNORE_WORDS.has(field);
    if (!ignore && !valid.has(field)) {
      errors.push({ code: 'unknown_field', item, field });
      continue;
    }
    const position = /^#(\d+)$/.exec(header);
    let column = position ? Number(position[1]) - 1 : headers.indexOf(header);
    if (column < 0 && !position)
      column = headers.findIndex((candidate) => normalizeHeader(candidate) === normalizeHeader(header));
    if (column < 0 || column >= headers.length) {
      errors.push({ code: 'unknown_header', item, header });
      continue;
    }
    if (!ignore) {
      if (explicit.has(field) && explicit.get(field) !== column) {
        errors.push({ code: 'duplicate_field', item, field });
        continue;
      }
      explicit.set(field, column);
    }
    mapping[column] = ignore ? null : (field as FieldOf<K>);
  }
  // An explicit choice wins over the automatic mapping of the same field elsewhere.
  for (const [field, column] of explicit) {
    mapping.forEach((mapped, other) => {
      if (mapped === field && other !== column) mapping[other] = null;
    });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, mapping };
}

/** Columns mapped to the same field more than once (a hand-edited mapping the UI must refuse). */
export function duplicateFields(mapping: ColumnMapping): string[] {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const field of mapping) {
    if (field === null) continue;
    if (seen.has(field)) duplicates.add(field);
    seen.add(field);
  }
  return [...duplicates];
}

/** Where the wizard keeps a corrected mapping: per import kind and header set (local_settings). */
export function rememberedMappingKey(kind: ImportKind, headers: readonly string[]): string {
  return `import.mapping.${kind}.${headerSetSignature(headers)}`;
}
