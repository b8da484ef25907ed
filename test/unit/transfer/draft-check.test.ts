import { describe, expect, it } from 'vitest';
import {
  CUSTOMER_DRAFT_CHECK,
  PURCHASE_DRAFT_CHECK,
  customerDraftSchema,
  purchaseDraftSchema,
  toCustomerDraft,
  toPurchaseDraft,
  type DraftCheck,
  type RowOptions,
} from '../../../src/main/domain/transfer/rows';

const OPTIONS: RowOptions = { defaultCountry: 'CN', today: '2024-06-30' };

function validDraft(outcome: { ok: boolean; draft?: unknown }): Record<string, unknown> {
  if (!outcome.ok) throw new Error('the fixture row should be valid');
  return { ...(outcome as { draft: Record<string, unknown> }).draft };
}

const purchase = validDraft(
  toPurchaseDraft(
    {
      order_no: 'R-1',
      member_no: 'M1',
      phone: '13812345678',
      date: '2024-03-05 14:30+08:00',
      amount: '38',
      discount: '2',
      unit_price: '19',
      quantity: '2',
      product: '拿铁',
    },
    2,
    OPTIONS,
  ),
);
const customer = validDraft(
  toCustomerDraft(
    {
      name: '张三',
      member_no: 'M1',
      phone: '13812345678',
      email: 'a@b.cn',
      tags: 'VIP、常客',
      credit_limit: '100',
      birthday: '1990-03-05',
    },
    2,
    OPTIONS,
  ),
);

const cases = [
  ['purchase', PURCHASE_DRAFT_CHECK, purchaseDraftSchema, purchase],
  ['customer', CUSTOMER_DRAFT_CHECK, customerDraftSchema, customer],
] as const;

/** The fast path may only say yes where zod says yes, to the same draft. */
function expectAgreement(
  check: DraftCheck,
  schema: typeof check.schema,
  draft: Record<string, unknown>,
): void {
  const zod = schema.safeParse(draft);
  if (check.passes(draft)) {
    expect(zod.success).toBe(true);
    expect(zod.data).toEqual(draft);
  } else {
    expect(zod.success).toBe(false);
  }
}

describe.each(cases)('the fast %s draft check', (_name, check, schema, valid) => {
  it('sorts every schema field into exactly one list', () => {
    const listed = [
      ...check.lengths.map((limit) => limit.field),
      ...check.integers.map((integer) => integer.field),
      ...Object.keys(check.constructed),
    ];
    expect(new Set(listed).size).toBe(listed.length);
    expect([...listed].sort()).toEqual(Object.keys(schema.shape).sort());
  });

  it('accepts the converter’s own valid draft, as zod does', () => {
    expect(check.passes(valid)).toBe(true);
    expectAgreement(check, schema, valid);
  });

  it('agrees with zod at and past every text limit', () => {
    for (const limit of check.lengths) {
      for (const value of [
        'x'.repeat(limit.max),
        'x'.repeat(limit.max + 1),
        'x'.repeat(limit.min),
        '',
        null,
        42,
      ]) {
        expectAgreement(check, schema, { ...valid, [limit.field]: value });
      }
      expect(check.passes({ ...valid, [limit.field]: 'x'.repeat(limit.max + 1) })).toBe(false);
    }
  });

  it('agrees with zod on fractions, unsafe integers, negatives and nulls', () => {
    for (const { field } of check.integers) {
      for (const value of [0, 7, -1, 1.5, 2 ** 53, Number.NaN, null, '5']) {
        expectAgreement(check, schema, { ...valid, [field]: value });
      }
    }
  });
});

describe('the fast customer check beyond plain text', () => {
  it('agrees with zod on email length and on tag count and lengths', () => {
    const agree = (draft: Record<string, unknown>): void =>
      expectAgreement(CUSTOMER_DRAFT_CHECK, customerDraftSchema, { ...customer, ...draft });
    agree({ email: `${'a'.repeat(240)}@example.com` });
    agree({ email: `${'a'.repeat(250)}@example.com` });
    agree({ tags: Array.from({ length: 50 }, (_, i) => `t${i}`) });
    agree({ tags: Array.from({ length: 51 }, (_, i) => `t${i}`) });
    agree({ tags: ['x'.repeat(50)] });
    agree({ tags: ['x'.repeat(51)] });
    agree({ tags: [''] });
    expect(CUSTOMER_DRAFT_CHECK.passes({ ...customer, tags: ['x'.repeat(51)] })).toBe(false);
  });
});
