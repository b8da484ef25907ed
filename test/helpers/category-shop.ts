/**
 * A hand-built café whose category rules are obvious, for the category-level cross-selling tests
 * (DOMAIN.md §3.9). 20 customers with 5 tickets each, 100 categorised tickets in all:
 *
 *   tickets  0–39  Coffee + Bakery       (customers 0–7)
 *   tickets 40–69  Coffee (+ one uncategorised line on every third)   (customers 8–13)
 *   tickets 70–89  Tea                   (customers 14–17)
 *   tickets 90–99  Tea + Desserts        (customers 18–19)
 *
 * plus 5 tickets of only an uncategorised gift card (customer 19), which are product baskets but
 * no category baskets. Products vary within each category (ten coffees, seven pastries …) so that
 * no product pair reaches 5 % support: the rules at 5 % are category rules only.
 *
 * Counts over the 100 category baskets: Coffee 70, Bakery 40, Tea 30, Desserts 10; Coffee∧Bakery 40,
 * Tea∧Desserts 10. With support ≥ 5 %, confidence ≥ 30 %, lift > 1 exactly four rules hold:
 *   Bakery → Coffee    support .4  confidence 1      lift 1/.7
 *   Coffee → Bakery    support .4  confidence 40/70  lift (40/70)/.4
 *   Desserts → Tea     support .1  confidence 1      lift 1/.3
 *   Tea → Desserts     support .1  confidence 1/3    lift (1/3)/.1
 * (Tea ↔ Coffee never meet, so no other pair is frequent.)
 */

export interface CategoryShopLine {
  readonly productName: string;
  /** '' for an uncategorised line. */
  readonly category: string;
}

export interface CategoryShopTicket {
  readonly customer: number;
  /** Days before the reference date. */
  readonly daysAgo: number;
  readonly lines: readonly CategoryShopLine[];
}

export const CATEGORY_SHOP_CUSTOMERS = 20;
export const CATEGORY_SHOP_CATEGORISED_TICKETS = 100;
export const CATEGORY_SHOP_TICKETS = 105;

export const categoryShopSettings = { rules: { minSupport: 0.05, minConfidence: 0.3, minLift: 1 } } as const;

export const expectedCategoryRules = [
  { antecedent: ['Bakery'], consequent: 'Coffee', support: 0.4, confidence: 1, lift: 1 / 0.7 },
  { antecedent: ['Coffee'], consequent: 'Bakery', support: 0.4, confidence: 40 / 70, lift: 40 / 70 / 0.4 },
  { antecedent: ['Desserts'], consequent: 'Tea', support: 0.1, confidence: 1, lift: 1 / 0.3 },
  { antecedent: ['Tea'], consequent: 'Desserts', support: 0.1, confidence: 1 / 3, lift: 1 / 3 / 0.1 },
] as const;

const coffee = (k: number): CategoryShopLine => ({ productName: `Coffee no. ${k % 10}`, category: 'Coffee' });
const bakery = (k: number): CategoryShopLine => ({ productName: `Pastry no. ${(k * 3 + 1) % 7}`, category: 'Bakery' });
const tea = (k: number): CategoryShopLine => ({ productName: `Tea no. ${k % 6}`, category: 'Tea' });
const dessert = (k: number): CategoryShopLine => ({ productName: `Dessert no. ${k % 5}`, category: 'Desserts' });
const giftCard: CategoryShopLine = { productName: 'Gift card', category: '' };

function linesOf(ticket: number): CategoryShopLine[] {
  if (ticket < 40) return [coffee(ticket), bakery(ticket)];
  if (ticket < 70) return ticket % 3 === 0 ? [coffee(ticket), giftCard] : [coffee(ticket)];
  if (ticket < 90) return [tea(ticket)];
  return [tea(ticket), dessert(ticket)];
}

export const categoryShopTickets: readonly CategoryShopTicket[] = [
  ...Array.from({ length: CATEGORY_SHOP_CATEGORISED_TICKETS }, (_, ticket) => ({
    customer: Math.floor(ticket / 5),
    daysAgo: 3 + (ticket % 5) * 20,
    lines: linesOf(ticket),
  })),
  ...Array.from({ length: CATEGORY_SHOP_TICKETS - CATEGORY_SHOP_CATEGORISED_TICKETS }, (_, i) => ({
    customer: 19,
    daysAgo: 5 + i * 20,
    lines: [giftCard],
  })),
];
