export type DemoLocale = 'zh-CN' | 'en';

export const categoryCodes = ['coffee', 'tea', 'bakery', 'desserts', 'beans_retail', 'merch'] as const;
export type CategoryCode = (typeof categoryCodes)[number];

export const categoryNames: Readonly<Record<CategoryCode, Readonly<Record<DemoLocale, string>>>> = {
  coffee: { 'zh-CN': '咖啡', en: 'Coffee' },
  tea: { 'zh-CN': '茶饮', en: 'Tea & chocolate' },
  bakery: { 'zh-CN': '烘焙', en: 'Bakery' },
  desserts: { 'zh-CN': '甜点', en: 'Desserts' },
  beans_retail: { 'zh-CN': '咖啡豆与零售', en: 'Beans & retail' },
  merch: { 'zh-CN': '周边', en: 'Merch' },
};

export interface ProductDef {
  /** Stable key the basket rules refer to; never shown. */
  readonly key: string;
  readonly category: CategoryCode;
  readonly sku: string;
  readonly names: Readonly<Record<DemoLocale, string>>;
  /** Shelf price in minor units of the locale's currency (分 for CNY, cents for USD). */
  readonly prices: Readonly<Record<DemoLocale, number>>;
  /** Share of the price that is cost of goods, for margin-based CLV. */
  readonly costShare: number;
}

function product(
  key: string,
  category: CategoryCode,
  sku: string,
  zh: string,
  en: string,
  priceCny: number,
  priceUsd: number,
  costShare: number,
): ProductDef {
  return {
    key,
    category,
    sku,
    names: { 'zh-CN': zh, en },
    prices: { 'zh-CN': priceCny, en: priceUsd },
    costShare,
  };
}

/** The demo café's menu. Prices are typical of a Chinese specialty café and a US neighbourhood one. */
export const productDefs: readonly ProductDef[] = [
  product('americano', 'coffee', 'CF-01', '美式咖啡', 'Americano', 2200, 375, 0.18),
  product('latte', 'coffee', 'CF-02', '拿铁', 'Latte', 2800, 495, 0.22),
  product('cappuccino', 'coffee', 'CF-03', '卡布奇诺', 'Cappuccino', 2800, 475, 0.22),
  product('flat_white', 'coffee', 'CF-04', '澳白', 'Flat white', 3000, 495, 0.22),
  product('mocha', 'coffee', 'CF-05', '摩卡', 'Mocha', 3200, 550, 0.25),
  product('caramel_macchiato', 'coffee', 'CF-06', '焦糖玛奇朵', 'Caramel macchiato', 3200, 575, 0.25),
  product('espresso', 'coffee', 'CF-07', '意式浓缩', 'Espresso', 1800, 300, 0.15),
  product('cold_brew', 'coffee', 'CF-08', '冷萃咖啡', 'Cold brew', 3000, 525, 0.2),
  product('coconut_latte', 'coffee', 'CF-09', '生椰拿铁', 'Oat milk latte', 3200, 575, 0.26),
  product('pour_over', 'coffee', 'CF-10', '手冲咖啡', 'Pour-over', 3800, 650, 0.24),
  product('matcha_latte', 'tea', 'TE-01', '抹茶拿铁', 'Matcha latte', 3000, 550, 0.25),
  product('earl_grey', 'tea', 'TE-02', '伯爵红茶', 'Earl Grey tea', 2200, 375, 0.12),
  product('jasmine_tea', 'tea', 'TE-03', '茉莉花茶', 'Jasmine green tea', 2000, 350, 0.12),
  product('chai_latte', 'tea', 'TE-04', '印度奶茶', 'Chai latte', 2800, 495, 0.22),
  product('lemon_tea', 'tea', 'TE-05', '冰柠檬茶', 'Iced lemon tea', 2000, 375, 0.15),
  product('hot_chocolate', 'tea', 'TE-06', '热巧克力', 'Hot chocolate', 2600, 425, 0.25),
  product('croissant', 'bakery', 'BK-01', '牛角可颂', 'Butter croissant', 1600, 375, 0.3),
  product('pain_au_chocolat', 'bakery', 'BK-02', '巧克力可颂', 'Pain au chocolat', 1800, 425, 0.32),
  product('bagel', 'bakery', 'BK-03', '贝果', 'Bagel', 1500, 350, 0.28),
  product('scone', 'bakery', 'BK-04', '司康', 'Scone', 1400, 350, 0.28),
  product('sandwich', 'bakery', 'BK-05', '火腿芝士三明治', 'Ham & cheese sandwich', 3200, 895, 0.4),
  product('cinnamon_roll', 'bakery', 'BK-06', '肉桂卷', 'Cinnamon roll', 1800, 425, 0.3),
  product('muffin', 'bakery', 'BK-07', '蓝莓玛芬', 'Blueberry muffin', 1500, 375, 0.3),
  product('tiramisu', 'desserts', 'DS-01', '提拉米苏', 'Tiramisu', 3200, 650, 0.35),
  product('cheesecake', 'desserts', 'DS-02', '纽约芝士蛋糕', 'New York cheesecake', 3000, 625, 0.35),
  product('matcha_roll', 'desserts', 'DS-03', '抹茶蛋糕卷', 'Matcha roll cake', 2800, 575, 0.35),
  product('cookie', 'desserts', 'DS-04', '巧克力曲奇', 'Chocolate chip cookie', 800, 275, 0.25),
  product('macaron', 'desserts', 'DS-05', '马卡龙', 'Macaron', 1200, 250, 0.35),
  product('brownie', 'desserts', 'DS-06', '布朗尼', 'Brownie', 1800, 395, 0.3),
  product(
    'beans_ethiopia',
    'beans_retail',
    'RT-01',
    '埃塞俄比亚耶加雪菲 250g',
    'Ethiopia Yirgacheffe beans 250 g',
    9800,
    1895,
    0.45,
  ),
  product(
    'beans_yunnan',
    'beans_retail',
    'RT-02',
    '云南保山咖啡豆 250g',
    'Colombia Huila beans 250 g',
    7800,
    1695,
    0.45,
  ),
  product(
    'beans_blend',
    'beans_retail',
    'RT-03',
    '意式拼配豆 500g',
    'House espresso blend 500 g',
    12800,
    2495,
    0.42,
  ),
  product(
    'drip_bags',
    'beans_retail',
    'RT-04',
    '挂耳咖啡 10包',
    'Drip coffee bags, 10-pack',
    5900,
    1495,
    0.4,
  ),
  product('filter_papers', 'beans_retail', 'RT-05', '滤纸 100张', 'Paper filters, 100', 2500, 695, 0.35),
  product('dripper', 'merch', 'MC-01', 'V60 滤杯', 'V60 dripper', 8900, 2400, 0.45),
  product('travel_mug', 'merch', 'MC-02', '保温随行杯', 'Insulated travel mug', 12800, 2800, 0.4),
  product('tote_bag', 'merch', 'MC-03', '帆布袋', 'Canvas tote bag', 6800, 1800, 0.35),
  product('hand_grinder', 'merch', 'MC-04', '手摇磨豆机', 'Hand grinder', 29800, 4900, 0.5),
  product('gift_box', 'merch', 'MC-05', '咖啡礼盒', 'Coffee gift box', 19800, 3900, 0.45),
];

const indexByKey = new Map(productDefs.map((def, index) => [def.key, index]));

/** Position of a product in `productDefs`; throws on a typo so a rule cannot silently point nowhere. */
export function productIndex(key: string): number {
  const index = indexByKey.get(key);
  if (index === undefined) throw new Error(`unknown demo product ${key}`);
  return index;
}
