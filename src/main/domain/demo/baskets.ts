import { productDefs, productIndex, type DemoLocale } from './catalogue';
import type { MissionCode } from './personas';
import { Weighted, type Random } from './random';

const MAX_LINES = 12;

/**
 * One receipt under construction. Reused for every purchase (typed arrays,
 * no per-row objects) because the generator builds a million of them.
 * `amount` is the gross line amount (unit price × quantity) and `discount`
 * the part of it given away, so the receipt's net total is
 * Σ amount − Σ discount.
 */
export class Basket {
  readonly product = new Int32Array(MAX_LINES);
  readonly quantity = new Int32Array(MAX_LINES);
  readonly amount = new Int32Array(MAX_LINES);
  readonly discount = new Int32Array(MAX_LINES);
  size = 0;

  constructor(private readonly prices: Int32Array) {}

  clear(): void {
    this.size = 0;
  }

  /** Adds units of a product, merging with an existing line of the same product. */
  add(product: number, quantity: number): void {
    for (let i = 0; i < this.size; i++) {
      if (this.product[i] === product) {
        this.quantity[i] = this.quantity[i]! + quantity;
        this.amount[i] = this.quantity[i]! * this.prices[product]!;
        return;
      }
    }
    if (this.size === MAX_LINES) return;
    const line = this.size++;
    this.product[line] = product;
    this.quantity[line] = quantity;
    this.amount[line] = quantity * this.prices[product]!;
    this.discount[line] = 0;
  }

  gross(): number {
    let sum = 0;
    for (let i = 0; i < this.size; i++) sum += this.amount[i]!;
    return sum;
  }

  totalDiscount(): number {
    let sum = 0;
    for (let i = 0; i < this.size; i++) sum += this.discount[i]!;
    return sum;
  }

  /** Index of the line with the highest net amount (what a customer would bring back). */
  mostValuableLine(): number {
    let best = 0;
    for (let i = 1; i < this.size; i++) {
      if (this.amount[i]! - this.discount[i]! > this.amount[best]! - this.discount[best]!) best = i;
    }
    return best;
  }
}

type Companions = readonly (readonly [string, number])[];

/**
 * What goes with what. These conditional probabilities are the "truth" an
 * association-rule miner should rediscover (latte → croissant, beans →
 * filter papers, matcha latte → matcha roll, Earl Grey → scone …).
 */
const drinkCompanions: Readonly<Record<string, Companions>> = {
  latte: [
    ['croissant', 0.38],
    ['pain_au_chocolat', 0.08],
    ['muffin', 0.05],
  ],
  cappuccino: [
    ['croissant', 0.32],
    ['cinnamon_roll', 0.12],
  ],
  flat_white: [
    ['croissant', 0.25],
    ['pain_au_chocolat', 0.14],
  ],
  americano: [
    ['bagel', 0.22],
    ['sandwich', 0.1],
    ['muffin', 0.05],
  ],
  mocha: [
    ['brownie', 0.28],
    ['cookie', 0.1],
  ],
  caramel_macchiato: [
    ['cinnamon_roll', 0.24],
    ['cookie', 0.08],
  ],
  espresso: [
    ['tiramisu', 0.12],
    ['cookie', 0.06],
  ],
  cold_brew: [
    ['cookie', 0.15],
    ['bagel', 0.08],
  ],
  coconut_latte: [
    ['muffin', 0.14],
    ['croissant', 0.1],
  ],
  pour_over: [
    ['scone', 0.1],
    ['cheesecake', 0.1],
  ],
  matcha_latte: [
    ['matcha_roll', 0.36],
    ['macaron', 0.15],
  ],
  earl_grey: [
    ['scone', 0.42],
    ['macaron', 0.1],
  ],
  jasmine_tea: [
    ['macaron', 0.16],
    ['matcha_roll', 0.08],
  ],
  chai_latte: [['cinnamon_roll', 0.32]],
  lemon_tea: [
    ['sandwich', 0.15],
    ['cookie', 0.1],
  ],
  hot_chocolate: [
    ['cookie', 0.38],
    ['brownie', 0.1],
  ],
};

/** For a dessert bought as a treat: which drink comes with it (the remainder: none). */
const dessertDrinks: Readonly<Record<string, Companions>> = {
  tiramisu: [
    ['americano', 0.4],
    ['espresso', 0.3],
    ['latte', 0.2],
  ],
  cheesecake: [
    ['latte', 0.4],
    ['americano', 0.3],
    ['earl_grey', 0.1],
  ],
  matcha_roll: [
    ['matcha_latte', 0.45],
    ['jasmine_tea', 0.2],
  ],
  brownie: [
    ['mocha', 0.3],
    ['americano', 0.3],
    ['latte', 0.2],
  ],
  macaron: [
    ['earl_grey', 0.3],
    ['latte', 0.3],
    ['jasmine_tea', 0.2],
  ],
  cookie: [
    ['hot_chocolate', 0.3],
    ['latte', 0.3],
  ],
};

interface ResolvedCompanion {
  readonly product: number;
  readonly probability: number;
}

function resolve(table: Readonly<Record<string, Companions>>): Map<number, readonly ResolvedCompanion[]> {
  return new Map(
    Object.entries(table).map(([key, companions]) => [
      productIndex(key),
      companions.map(([other, probability]) => ({ product: productIndex(other), probability })),
    ]),
  );
}

function weightedProducts(entries: Companions): Weighted<number> {
  return new Weighted(entries.map(([key, weight]) => [productIndex(key), weight] as const));
}

const companionsOfDrink = resolve(drinkCompanions);
const drinksOfDessert = resolve(dessertDrinks);

const popularCoffee = weightedProducts([
  ['latte', 0.25],
  ['americano', 0.2],
  ['cappuccino', 0.1],
  ['flat_white', 0.08],
  ['coconut_latte', 0.12],
  ['caramel_macchiato', 0.07],
  ['mocha', 0.05],
  ['cold_brew', 0.06],
  ['espresso', 0.03],
  ['pour_over', 0.04],
]);
const popularTea = weightedProducts([
  ['matcha_latte', 0.3],
  ['earl_grey', 0.15],
  ['jasmine_tea', 0.15],
  ['chai_latte', 0.12],
  ['lemon_tea', 0.18],
  ['hot_chocolate', 0.1],
]);
const treatDesserts = weightedProducts([
  ['tiramisu', 0.22],
  ['cheesecake', 0.22],
  ['matcha_roll', 0.16],
  ['brownie', 0.14],
  ['macaron', 0.14],
  ['cookie', 0.12],
]);
const pastries = weightedProducts([
  ['croissant', 0.3],
  ['muffin', 0.2],
  ['cookie', 0.1],
  ['bagel', 0.1],
  ['cinnamon_roll', 0.1],
  ['scone', 0.1],
  ['brownie', 0.05],
]);
const beans = weightedProducts([
  ['beans_ethiopia', 0.4],
  ['beans_yunnan', 0.3],
  ['beans_blend', 0.3],
]);
const gifts = weightedProducts([
  ['gift_box', 0.35],
  ['travel_mug', 0.25],
  ['tote_bag', 0.2],
  ['drip_bags', 0.2],
]);
const lunchDrinks = weightedProducts([
  ['americano', 0.45],
  ['lemon_tea', 0.3],
  ['latte', 0.25],
]);

const P = {
  sandwich: productIndex('sandwich'),
  cookie: productIndex('cookie'),
  croissant: productIndex('croissant'),
  latte: productIndex('latte'),
  hotChocolate: productIndex('hot_chocolate'),
  cinnamonRoll: productIndex('cinnamon_roll'),
  muffin: productIndex('muffin'),
  filterPapers: productIndex('filter_papers'),
  dripper: productIndex('dripper'),
  dripBags: productIndex('drip_bags'),
  handGrinder: productIndex('hand_grinder'),
  pourOver: productIndex('pour_over'),
  beansEthiopia: productIndex('beans_ethiopia'),
  toteBag: productIndex('tote_bag'),
};

const isCoffee = productDefs.map((def) => def.category === 'coffee');
const isTea = productDefs.map((def) => def.category === 'tea');

/**
 * Builds receipts for the demo café: a mission (coffee run, treat, home
 * brewing …) fixes the core of the basket and its companions; a per-visit
 * spend target drawn from the customer's own Gamma-Gamma spend level then
 * adds drinks for friends or extra pastries, so how much someone spends is a
 * stable trait of the customer, as the Gamma-Gamma model assumes.
 */
export class BasketBuilder {
  readonly prices: Int32Array;

  constructor(locale: DemoLocale) {
    this.prices = Int32Array.from(productDefs.map((def) => def.prices[locale]));
  }

  newBasket(): Basket {
    return new Basket(this.prices);
  }

  build(
    basket: Basket,
    random: Random,
    mission: MissionCode,
    favouriteDrink: number,
    targetMinor: number,
  ): void {
    basket.clear();
    let mainDrink = -1;
    switch (mission) {
      case 'coffee':
      case 'tea': {
        const wantsFavourite =
          random.chance(0.65) && (mission === 'coffee' ? isCoffee[favouriteDrink] : isTea[favouriteDrink]);
        mainDrink = wantsFavourite
          ? favouriteDrink
          : (mission === 'coffee' ? popularCoffee : popularTea).draw(random);
        basket.add(mainDrink, 1);
        this.addCompanions(basket, random, companionsOfDrink.get(mainDrink));
        break;
      }
      case 'treat': {
        const dessert = treatDesserts.draw(random);
        basket.add(dessert, 1);
        mainDrink = this.addOneOf(basket, random, drinksOfDessert.get(dessert));
        break;
      }
      case 'lunch': {
        basket.add(P.sandwich, 1);
        mainDrink = lunchDrinks.draw(random);
        basket.add(mainDrink, 1);
        if (random.chance(0.2)) basket.add(P.cookie, 1);
        break;
      }
      case 'home_brew': {
        basket.add(beans.draw(random), random.chance(0.15) ? 2 : 1);
        if (random.chance(0.45)) basket.add(P.filterPapers, 1);
        if (random.chance(0.08)) basket.add(P.dripper, 1);
        if (random.chance(0.15)) basket.add(P.dripBags, 1);
        if (random.chance(0.03)) basket.add(P.handGrinder, 1);
        if (random.chance(0.3)) {
          mainDrink = P.pourOver;
          basket.add(mainDrink, 1);
        }
        break;
      }
      case 'gift': {
        const gift = gifts.draw(random);
        basket.add(gift, 1);
        if (random.chance(0.2)) basket.add(P.beansEthiopia, 1);
        if (gift !== P.dripBags && random.chance(0.2)) basket.add(P.dripBags, 1);
        if (gift !== P.toteBag && random.chance(0.15)) basket.add(P.toteBag, 1);
        if (random.chance(0.4)) {
          mainDrink = favouriteDrink;
          basket.add(mainDrink, 1);
        }
        break;
      }
      case 'group': {
        const cups = random.between(4, 14);
        const kinds = random.between(2, 4);
        mainDrink = favouriteDrink;
        basket.add(mainDrink, cups - (kinds - 1));
        for (let k = 1; k < kinds; k++) basket.add(popularCoffee.draw(random), 1);
        if (random.chance(0.5)) basket.add(P.croissant, random.between(2, 6));
        if (random.chance(0.3)) basket.add(P.cookie, random.between(2, 8));
        break;
      }
      case 'family': {
        basket.add(P.hotChocolate, random.chance(0.3) ? 2 : 1);
        if (random.chance(0.7)) {
          mainDrink = isCoffee[favouriteDrink] ? favouriteDrink : P.latte;
          basket.add(mainDrink, 1);
        }
        if (random.chance(0.5)) basket.add(P.cookie, random.between(1, 2));
        if (random.chance(0.3)) basket.add(P.cinnamonRoll, 1);
        if (random.chance(0.2)) basket.add(P.muffin, 1);
        break;
      }
    }
    this.topUpToward(basket, random, mainDrink, targetMinor);
  }

  private addCompanions(
    basket: Basket,
    random: Random,
    companions: readonly ResolvedCompanion[] | undefined,
  ): void {
    if (!companions) return;
    for (const companion of companions) {
      if (random.chance(companion.probability)) basket.add(companion.product, 1);
    }
  }

  private addOneOf(
    basket: Basket,
    random: Random,
    companions: readonly ResolvedCompanion[] | undefined,
  ): number {
    if (!companions) return -1;
    let u = random.next();
    for (const companion of companions) {
      if (u < companion.probability) {
        basket.add(companion.product, 1);
        return companion.product;
      }
      u -= companion.probability;
    }
    return -1;
  }

  /** Someone who came to spend more than the core basket buys a round for friends or something extra. */
  private topUpToward(basket: Basket, random: Random, mainDrink: number, targetMinor: number): void {
    for (let step = 0; step < 6 && basket.gross() < 0.7 * targetMinor; step++) {
      const u = random.next();
      if (u < 0.5 && mainDrink >= 0) basket.add(mainDrink, 1);
      else if (u < 0.8) basket.add(pastries.draw(random), 1);
      else basket.add(treatDesserts.draw(random), 1);
    }
  }
}

export const discountKinds = ['member_10', 'happy_hour_20', 'second_cup_half', 'coupon'] as const;
export type DiscountKind = (typeof discountKinds)[number];

const couponMinor: Readonly<Record<DemoLocale, number>> = { 'zh-CN': 500, en: 100 };

/**
 * Spreads a discount over the lines (rounded per line), so the receipt's
 * discount is exactly the sum of its lines' discounts.
 */
export function applyDiscount(
  basket: Basket,
  kind: DiscountKind,
  locale: DemoLocale,
  prices: Int32Array,
): void {
  switch (kind) {
    case 'member_10':
    case 'happy_hour_20': {
      const share = kind === 'member_10' ? 0.1 : 0.2;
      for (let i = 0; i < basket.size; i++) basket.discount[i] = Math.round(basket.amount[i]! * share);
      return;
    }
    case 'second_cup_half': {
      for (let i = 0; i < basket.size; i++) {
        if (basket.quantity[i]! >= 2) {
          basket.discount[i] = Math.round(prices[basket.product[i]!]! / 2);
          return;
        }
      }
      for (let i = 0; i < basket.size; i++) basket.discount[i] = Math.round(basket.amount[i]! * 0.1);
      return;
    }
    case 'coupon': {
      const line = basket.mostValuableLine();
      basket.discount[line] = Math.min(couponMinor[locale], basket.amount[line]!);
      return;
    }
  }
}
