import type { DemoLocale } from './catalogue';

type Localized<T> = Readonly<Record<DemoLocale, T>>;

export const demoTagCodes = [
  'vip',
  'student',
  'office',
  'neighbour',
  'enthusiast',
  'family',
  'tea_lover',
  'corporate',
  'deal_seeker',
] as const;
export type DemoTagCode = (typeof demoTagCodes)[number];

/** Tag names as the owner would type them, with Mantine colour names. */
export const demoTags: Readonly<
  Record<DemoTagCode, { readonly names: Localized<string>; readonly color: string }>
> = {
  vip: { names: { 'zh-CN': 'VIP', en: 'VIP' }, color: 'red' },
  student: { names: { 'zh-CN': '学生', en: 'Student' }, color: 'blue' },
  office: { names: { 'zh-CN': '上班族', en: 'Office worker' }, color: 'indigo' },
  neighbour: { names: { 'zh-CN': '附近居民', en: 'Neighbour' }, color: 'teal' },
  enthusiast: { names: { 'zh-CN': '咖啡发烧友', en: 'Coffee geek' }, color: 'orange' },
  family: { names: { 'zh-CN': '亲子家庭', en: 'Family' }, color: 'pink' },
  tea_lover: { names: { 'zh-CN': '爱喝茶', en: 'Tea lover' }, color: 'green' },
  corporate: { names: { 'zh-CN': '企业客户', en: 'Corporate' }, color: 'grape' },
  deal_seeker: { names: { 'zh-CN': '优惠敏感', en: 'Deal seeker' }, color: 'yellow' },
};

export const staffNames: Localized<readonly string[]> = {
  'zh-CN': ['小王', '小李', '阿杰', '陈姐', '小周'],
  en: ['Emma', 'Jake', 'Priya', 'Luis', 'Hannah'],
};

export const discountNotes: Localized<Readonly<Record<string, string>>> = {
  'zh-CN': {
    member_10: '会员九折',
    happy_hour_20: '会员日八折',
    second_cup_half: '第二杯半价',
    coupon: '满减券',
  },
  en: {
    member_10: 'Member 10% off',
    happy_hour_20: 'Happy hour 20% off',
    second_cup_half: 'Second cup half price',
    coupon: 'Coupon',
  },
};

export const returnNote: Localized<string> = { 'zh-CN': '退货退款', en: 'Refund' };

export const interactionSummaries: Localized<readonly string[]> = {
  'zh-CN': [
    '询问会员积分和储值余额',
    '反馈新品口味，建议少糖',
    '预订周末生日蛋糕',
    '电话回访满意度',
    '咨询咖啡豆研磨度',
    '微信咨询外卖配送范围',
    '推荐朋友办卡',
    '询问是否可以包场',
    '反馈店内Wi-Fi较慢',
    '表扬咖啡师服务热情',
    '咨询企业团购价格',
    '领取会员生日礼',
  ],
  en: [
    'Asked about loyalty points and balance',
    'Feedback on the new seasonal drink: less sweet please',
    'Ordered a birthday cake for the weekend',
    'Satisfaction follow-up call',
    'Asked which grind size suits a moka pot',
    'Asked about the delivery area',
    'Referred a friend to the loyalty club',
    'Asked about booking the shop for a private event',
    'Mentioned the Wi-Fi is slow',
    'Praised the barista',
    'Asked for office catering prices',
    'Collected the birthday treat',
  ],
};

export const complaintCauses = ['quality', 'communication', 'waiting', 'attitude', 'price', 'other'] as const;
export type ComplaintCause = (typeof complaintCauses)[number];

export const complaintDescriptions: Localized<Readonly<Record<ComplaintCause, readonly string[]>>> = {
  'zh-CN': {
    quality: ['拿铁太凉，奶泡不够', '可颂不新鲜，口感发硬', '咖啡豆烘焙日期太久', '蛋糕里吃到异物'],
    communication: [
      '点的燕麦奶却做成了牛奶',
      '会员折扣没有说清楚',
      '外卖备注没有被看到',
      '预订的蛋糕日期被记错',
    ],
    waiting: ['高峰期等了二十多分钟', '外卖送达太慢，咖啡已经凉了', '排队很久没人招呼'],
    attitude: ['店员态度冷淡', '投诉时店员不耐烦', '结账时被催促'],
    price: ['价格比菜单上贵', '储值卡扣款金额不对'],
    other: ['店内太吵', '洗手间不干净'],
  },
  en: {
    quality: [
      'Latte served lukewarm, flat milk',
      'Croissant was stale',
      'Beans were roasted months ago',
      'Found something hard in the cake',
    ],
    communication: [
      'Asked for oat milk, got dairy',
      'Member discount was not explained',
      'Delivery note was ignored',
      'Cake order was written down for the wrong day',
    ],
    waiting: [
      'Waited over 20 minutes at the morning rush',
      'Delivery arrived late and cold',
      'Nobody served us for ages',
    ],
    attitude: [
      'Staff were unfriendly',
      'Staff were impatient when I raised a problem',
      'Felt rushed at the till',
    ],
    price: ['Charged more than the menu price', 'Gift card was charged the wrong amount'],
    other: ['Too noisy inside', 'Restroom was not clean'],
  },
};

export const complaintResolutions: Localized<readonly string[]> = {
  'zh-CN': ['重做饮品并致歉', '退款并赠送一张饮品券', '已培训店员并电话致歉', '调整高峰期排班', '补发商品'],
  en: [
    'Remade the drink and apologised',
    'Refunded and gave a free-drink voucher',
    'Coached the staff and called to apologise',
    'Added a barista to the morning rush',
    'Replaced the item',
  ],
};

export const complaintEventNotes: Localized<Readonly<Record<string, string>>> = {
  'zh-CN': {
    received: '已受理',
    cause_analysed: '已分析原因',
    in_progress: '处理中',
    resolved: '已解决',
    followed_up: '已回访',
  },
  en: {
    received: 'Logged',
    cause_analysed: 'Cause analysed',
    in_progress: 'Being handled',
    resolved: 'Resolved',
    followed_up: 'Followed up',
  },
};

export const reminderTitles: Localized<Readonly<Record<string, string>>> = {
  'zh-CN': {
    birthday: '生日关怀：送一杯生日饮品',
    complaint_follow_up: '投诉回访：确认顾客是否满意',
    large_purchase: '大额消费回访',
    win_back: '老客唤回：发一张回归券',
    anniversary: '首购周年纪念',
  },
  en: {
    birthday: 'Birthday: offer a birthday drink',
    complaint_follow_up: 'Complaint follow-up: check the customer is satisfied',
    large_purchase: 'Thank-you call after a large order',
    win_back: 'Win-back: send a come-back voucher',
    anniversary: 'Anniversary of the first visit',
  },
};

export interface DemoCampaign {
  readonly name: string;
  readonly channel: 'sms' | 'wechat' | 'email' | 'in_store';
  readonly offer: string;
  /** When it ran, as a fraction of the demo window (0 = start, 1 = end date). */
  readonly at: number;
  readonly days: number;
}

export const demoCampaigns: Localized<readonly DemoCampaign[]> = {
  'zh-CN': [
    { name: '开业周年庆', channel: 'wechat', offer: '全场八折', at: 0.45, days: 7 },
    { name: '春季抹茶季', channel: 'wechat', offer: '抹茶拿铁第二杯半价', at: 0.6, days: 21 },
    { name: '双十一咖啡豆特惠', channel: 'sms', offer: '咖啡豆满200减40', at: 0.75, days: 3 },
    { name: '老客回归礼', channel: 'sms', offer: '15元无门槛券', at: 0.88, days: 30 },
    { name: '会员日', channel: 'in_store', offer: '每周三会员八折', at: 0.95, days: 14 },
  ],
  en: [
    { name: 'First anniversary week', channel: 'email', offer: '20% off everything', at: 0.45, days: 7 },
    { name: 'Matcha spring', channel: 'email', offer: 'Second matcha latte half price', at: 0.6, days: 21 },
    { name: 'Black Friday beans', channel: 'sms', offer: '$8 off $40 of beans', at: 0.75, days: 3 },
    { name: 'We miss you', channel: 'sms', offer: '$3 voucher, no minimum', at: 0.88, days: 30 },
    {
      name: 'Member Wednesdays',
      channel: 'in_store',
      offer: '20% off for members on Wednesdays',
      at: 0.95,
      days: 14,
    },
  ],
};

/** Organisation names are a brand word plus a line of business (whose industry index is given). */
export const organizationBrands: Localized<readonly string[]> = {
  'zh-CN': [
    '星河',
    '启明',
    '锦程',
    '华远',
    '蓝湾',
    '恒信',
    '青禾',
    '云帆',
    '和光',
    '瑞丰',
    '安宁',
    '同心',
    '致远',
    '博雅',
    '嘉禾',
    '泰和',
  ],
  en: [
    'Brightline',
    'Harbor',
    'Maple & Finch',
    'Northwind',
    'Greenleaf',
    'Summit',
    'Bluebird',
    'Riverside',
    'Oakridge',
    'Cedar',
    'Atlas',
    'Pioneer',
    'Hudson',
    'Keystone',
    'Lantern',
    'Ironwood',
  ],
};

export const organizationKinds: Localized<readonly (readonly [suffix: string, industry: number])[]> = {
  'zh-CN': [
    ['科技有限公司', 0],
    ['软件', 0],
    ['教育咨询', 1],
    ['律师事务所', 2],
    ['建筑设计院', 3],
    ['文化传媒', 4],
    ['会计师事务所', 5],
    ['口腔诊所', 6],
    ['物业服务', 7],
  ],
  en: [
    [' Software', 0],
    [' Labs', 0],
    [' Learning Center', 1],
    [' Legal LLP', 2],
    [' Architects', 3],
    [' Media', 4],
    [' Accounting', 5],
    [' Dental Group', 6],
    [' Realty', 7],
  ],
};

/** Told apart when two organisations share a name. */
export const districts: Localized<readonly string[]> = {
  'zh-CN': ['徐汇', '静安', '长宁', '黄浦', '浦东', '杨浦'],
  en: ['Brooklyn', 'Queens', 'Midtown', 'Harlem', 'SoHo', 'Astoria'],
};

export const industries: Localized<readonly string[]> = {
  'zh-CN': ['科技', '教育', '法律', '建筑', '传媒', '金融', '医疗', '物业'],
  en: ['Technology', 'Education', 'Legal', 'Architecture', 'Media', 'Finance', 'Healthcare', 'Real estate'],
};

export const contactTitles: Localized<readonly string[]> = {
  'zh-CN': ['行政经理', '办公室主任', '前台主管', '人事专员'],
  en: ['Office manager', 'Executive assistant', 'Operations lead', 'HR coordinator'],
};

export const positions: Localized<readonly string[]> = {
  'zh-CN': ['工程师', '设计师', '会计', '律师', '产品经理', '销售'],
  en: ['Engineer', 'Designer', 'Accountant', 'Lawyer', 'Product manager', 'Sales rep'],
};

export const streets: Localized<readonly string[]> = {
  'zh-CN': ['梧桐路', '长乐路', '复兴中路', '建国西路', '永康路', '安福路'],
  en: ['Main St', 'Maple Ave', 'Elm St', 'Park Ave', 'Bedford Ave', 'Court St'],
};

export const customerNotes: Localized<readonly string[]> = {
  'zh-CN': ['不加糖', '对坚果过敏', '喜欢靠窗的位置', '常点燕麦奶', '周末常带孩子来'],
  en: [
    'No sugar',
    'Nut allergy',
    'Likes the window seat',
    'Usually oat milk',
    'Comes with the kids at weekends',
  ],
};
