import { applyDiscount, BasketBuilder, type DiscountKind } from './baskets';
import { basketColumnsOf } from '../sales/basket';
import type { BasketIds } from '../sales/basket-ids.repo';
import { categoryNames, productDefs } from './catalogue';
import { demoSpendParameters, type EventLog } from './customer-process';
import type { CustomerColumns, DemoContext } from './demo-context';
import { paymentMethods } from './demo-customers';
import { personaCodes, personas } from './personas';
import { Weighted } from './random';
import { discountNotes, returnNote } from './texts';

const discountKindWeights = new Weighted<DiscountKind>([
  ['member_10', 0.35],
  ['happy_hour_20', 0.25],
  ['second_cup_half', 0.15],
  ['coupon', 0.25],
]);

/** A purchase this many times the mean ticket, in the last two weeks, earns a thank-you call. */
const LARGE_PURCHASE_FACTOR = 6;
const LARGE_PURCHASE_WINDOW_SECONDS = 14 * 86_400;

export interface LargePurchase {
  readonly customer: number;
  readonly purchaseId: string;
  readonly seconds: number;
  readonly totalMinor: number;
}

export interface WrittenPurchases {
  readonly purchases: number;
  readonly returns: number;
  readonly lines: number;
  readonly recentLargePurchases: readonly LargePurchase[];
}

/**
 * Writes the purchase events in time order, so purchases and their lines are
 * inserted the way a till would have written them (primary keys grow, pages
 * fill), building each basket at the moment it is written.
 *
 * Money rule (documented for every reader of the demo data): each line's
 * amount_minor is unit price × quantity before discount and discount_minor the
 * part given away on that line; a purchase's discount_minor is the sum of its
 * lines' discounts and total_minor = Σ amount_minor − Σ discount_minor. A
 * return is a purchase with is_return = 1 whose line has negative quantity and
 * negative amount (the net price paid), no discount, and a negative total.
 */
export function writePurchases(
  context: DemoContext,
  columns: CustomerColumns,
  log: EventLog,
  productIds: readonly string[],
  onEvent: (done: number, total: number) => void,
): WrittenPurchases {
  const { random, ids, window, repo, locale, staff } = context;
  const builder = new BasketBuilder(locale);
  const basket = builder.newBasket();
  const productNames = productDefs.map((def) => def.names[locale]);
  const productCategories = productDefs.map((def) => categoryNames[def.category][locale]);
  const payments = paymentMethods[locale];
  const notes = discountNotes[locale];
  const refundNote = returnNote[locale];
  const appChannel = locale === 'zh-CN' ? 'mini_program' : 'online';
  const bigTicket = 3.5 * context.meanTicketMinor;
  const largePurchaseMinor = LARGE_PURCHASE_FACTOR * context.meanTicketMinor;
  const { p } = demoSpendParameters;

  const order = log.timeOrder(window.startSeconds);
  const recentLargePurchases: LargePurchase[] = [];
  let purchases = 0;
  let returns = 0;
  let lines = 0;

  for (let k = 0; k < order.length; k++) {
    const event = order[k]!;
    const customer = log.customer[event]!;
    const seconds = log.time[event]!;
    const ms = seconds * 1000 + random.int(1000);
    const at = window.calendar.iso(ms);
    const customerId = columns.customerId(customer);
    const purchaseId = ids.at(ms);
    const staffMember = staff[random.int(staff.length)]!;

    if (log.isReturn[event] === 1) {
      const product = columns.lastProduct[customer]!;
      if (product < 0) continue;
      const refund = columns.lastUnitNetMinor[customer]!;
      repo.insertPurchase.run(
        purchaseId,
        customerId,
        at,
        -refund,
        0,
        1,
        payments[columns.preferredPayment[customer]!]!,
        'in_store',
        staffMember,
        refundNote,
        at,
        at,
        ...basketColumnsOfDemo([product], 1, productNames, productCategories, repo.basketIds),
      );
      repo.insertPurchaseLine.run(
        ids.at(ms),
        purchaseId,
        productIds[product]!,
        productNames[product]!,
        productCategories[product]!,
        -1,
        -refund,
        0,
        at,
      );
      columns.netSpendMinor[customer] = columns.netSpendMinor[customer]! - refund;
      returns++;
      lines++;
      continue;
    }

    const persona = personas[personaCodes[columns.persona[customer]!]!];
    // Gamma-Gamma: this visit's spend target z ~ Gamma(p, ν) around the customer's own mean p/ν.
    const target = random.gamma(p, 1 / columns.spendRate[customer]!);
    const mission = (target > bigTicket ? persona.bigMissions : persona.missions).draw(random);
    builder.build(basket, random, mission, columns.favouriteDrink[customer]!, target);
    let note: string | null = null;
    if (random.next() < columns.discountProbability[customer]!) {
      const kind = discountKindWeights.draw(random);
      applyDiscount(basket, kind, locale, builder.prices);
      note = notes[kind] ?? null;
      columns.discountedPurchases[customer] = columns.discountedPurchases[customer]! + 1;
    }
    const discount = basket.totalDiscount();
    const total = basket.gross() - discount;

    let payment = payments[columns.preferredPayment[customer]!]!;
    if (columns.onAccount[customer] === 1 && random.chance(0.6)) payment = 'on_account';
    else if (random.chance(0.15)) payment = payments[random.int(payments.length)]!;
    const channelDraw = random.next();
    const channel =
      channelDraw < (mission === 'group' ? 0.4 : 0.07)
        ? 'delivery'
        : channelDraw > 0.96
          ? appChannel
          : 'in_store';

    repo.insertPurchase.run(
      purchaseId,
      customerId,
      at,
      total,
      discount,
      0,
      payment,
      channel,
      staffMember,
      note,
      at,
      at,
      ...basketColumnsOfDemo(basket.product, basket.size, productNames, productCategories, repo.basketIds),
    );
    for (let line = 0; line < basket.size; line++) {
      const product = basket.product[line]!;
      repo.insertPurchaseLine.run(
        ids.at(ms),
        purchaseId,
        productIds[product]!,
        productNames[product]!,
        productCategories[product]!,
        basket.quantity[line]!,
        basket.amount[line]!,
        basket.discount[line]!,
        at,
      );
    }
    lines += basket.size;
    purchases++;

    const refundLine = basket.mostValuableLine();
    columns.lastProduct[customer] = basket.product[refundLine]!;
    columns.lastUnitNetMinor[customer] = Math.floor(
      (basket.amount[refundLine]! - basket.discount[refundLine]!) / basket.quantity[refundLine]!,
    );
    columns.purchases[customer] = columns.purchases[customer]! + 1;
    columns.netSpendMinor[customer] = columns.netSpendMinor[customer]! + total;
    if (total >= largePurchaseMinor && seconds >= window.endSeconds - LARGE_PURCHASE_WINDOW_SECONDS) {
      recentLargePurchases.push({ customer, purchaseId, seconds, totalMinor: total });
    }
    onEvent(k + 1, order.length);
  }
  onEvent(order.length, order.length);
  return { purchases, returns, lines, recentLargePurchases };
}

/** The purchase's basket columns and basket number from the first `size` products of a demo basket. */
function basketColumnsOfDemo(
  products: ArrayLike<number>,
  size: number,
  productNames: readonly string[],
  productCategories: readonly string[],
  basketIds: BasketIds,
): [string | null, string | null, number | null] {
  const lines: { productName: string; category: string }[] = [];
  for (let line = 0; line < size; line++) {
    const product = products[line]!;
    lines.push({ productName: productNames[product]!, category: productCategories[product]! });
  }
  const { products: names, categories } = basketColumnsOf(lines);
  return [names, categories, basketIds.idOf(names, categories)];
}
