import { Weighted } from './random';
import type { DemoTagCode } from './texts';

/**
 * Who the café's customers are. A persona drives when someone comes (hour
 * of day, weekday) and what they buy; how often and for how long they come
 * is drawn separately from the BG/NBD mixing distributions, so the purchase
 * process stays the textbook one while baskets and hours look real.
 */
export const personaCodes = [
  'office',
  'student',
  'neighbour',
  'enthusiast',
  'family',
  'tea_lover',
  'organization',
] as const;
export type PersonaCode = (typeof personaCodes)[number];

export const missionCodes = [
  'coffee',
  'tea',
  'treat',
  'lunch',
  'home_brew',
  'gift',
  'group',
  'family',
] as const;
export type MissionCode = (typeof missionCodes)[number];

export interface PersonaDef {
  /** Chance (0–1) that a visit planned for this weekday happens that day rather than moving on. Index 0 = Sunday. */
  readonly weekdayAcceptance: readonly number[];
  /** Mixture of visit times: [mean hour, standard deviation in hours, weight]. */
  readonly hours: readonly (readonly [number, number, number])[];
  readonly missions: Weighted<MissionCode>;
  /** Missions when the customer means to spend far more than usual. */
  readonly bigMissions: Weighted<MissionCode>;
  /** Drinks this persona tends to make a habit of. */
  readonly favouriteDrinks: readonly string[];
  readonly tag: DemoTagCode | null;
}

const weekdaysOnly = [0.15, 1, 1, 1, 1, 1, 0.2];
const weekendLeaning = [1, 0.55, 0.55, 0.55, 0.55, 0.6, 1];

export const personas: Readonly<Record<PersonaCode, PersonaDef>> = {
  office: {
    weekdayAcceptance: weekdaysOnly,
    hours: [
      [8.4, 0.6, 0.55],
      [12.6, 0.6, 0.25],
      [15.5, 1, 0.2],
    ],
    missions: new Weighted<MissionCode>([
      ['coffee', 0.62],
      ['tea', 0.1],
      ['lunch', 0.15],
      ['treat', 0.08],
      ['home_brew', 0.03],
      ['gift', 0.02],
    ]),
    bigMissions: new Weighted<MissionCode>([
      ['group', 0.35],
      ['gift', 0.25],
      ['home_brew', 0.4],
    ]),
    favouriteDrinks: ['americano', 'latte', 'flat_white', 'cold_brew', 'americano'],
    tag: 'office',
  },
  student: {
    weekdayAcceptance: [1, 0.8, 0.8, 0.8, 0.8, 0.85, 1],
    hours: [
      [14.5, 2, 0.6],
      [19, 1.1, 0.4],
    ],
    missions: new Weighted<MissionCode>([
      ['coffee', 0.4],
      ['tea', 0.25],
      ['treat', 0.25],
      ['lunch', 0.07],
      ['gift', 0.03],
    ]),
    bigMissions: new Weighted<MissionCode>([
      ['gift', 0.5],
      ['treat', 0.5],
    ]),
    favouriteDrinks: ['caramel_macchiato', 'coconut_latte', 'mocha', 'matcha_latte', 'lemon_tea'],
    tag: 'student',
  },
  neighbour: {
    weekdayAcceptance: weekendLeaning,
    hours: [
      [9.6, 1.3, 0.5],
      [15, 2, 0.5],
    ],
    missions: new Weighted<MissionCode>([
      ['coffee', 0.45],
      ['tea', 0.12],
      ['treat', 0.15],
      ['family', 0.1],
      ['home_brew', 0.1],
      ['gift', 0.05],
      ['lunch', 0.03],
    ]),
    bigMissions: new Weighted<MissionCode>([
      ['home_brew', 0.5],
      ['gift', 0.3],
      ['family', 0.2],
    ]),
    favouriteDrinks: ['latte', 'cappuccino', 'americano'],
    tag: 'neighbour',
  },
  enthusiast: {
    weekdayAcceptance: weekendLeaning,
    hours: [
      [10, 2, 0.6],
      [15, 2, 0.4],
    ],
    missions: new Weighted<MissionCode>([
      ['coffee', 0.6],
      ['home_brew', 0.25],
      ['treat', 0.08],
      ['gift', 0.07],
    ]),
    bigMissions: new Weighted<MissionCode>([
      ['home_brew', 0.8],
      ['gift', 0.2],
    ]),
    favouriteDrinks: ['pour_over', 'espresso', 'flat_white', 'americano'],
    tag: 'enthusiast',
  },
  family: {
    weekdayAcceptance: [1, 0.35, 0.35, 0.35, 0.35, 0.45, 1],
    hours: [
      [10.5, 1.5, 0.6],
      [15.5, 1.5, 0.4],
    ],
    missions: new Weighted<MissionCode>([
      ['family', 0.3],
      ['coffee', 0.35],
      ['treat', 0.2],
      ['tea', 0.15],
    ]),
    bigMissions: new Weighted<MissionCode>([
      ['family', 0.6],
      ['gift', 0.4],
    ]),
    favouriteDrinks: ['latte', 'cappuccino'],
    tag: 'family',
  },
  tea_lover: {
    weekdayAcceptance: [1, 0.8, 0.8, 0.8, 0.8, 0.8, 1],
    hours: [
      [15, 1.5, 0.6],
      [11, 1.5, 0.4],
    ],
    missions: new Weighted<MissionCode>([
      ['tea', 0.65],
      ['treat', 0.2],
      ['coffee', 0.1],
      ['gift', 0.05],
    ]),
    bigMissions: new Weighted<MissionCode>([
      ['gift', 0.6],
      ['treat', 0.4],
    ]),
    favouriteDrinks: ['earl_grey', 'jasmine_tea', 'matcha_latte', 'chai_latte'],
    tag: 'tea_lover',
  },
  organization: {
    weekdayAcceptance: [0.05, 1, 1, 1, 1, 1, 0.05],
    hours: [
      [10, 1, 0.6],
      [14.5, 1, 0.4],
    ],
    missions: new Weighted<MissionCode>([
      ['group', 0.7],
      ['gift', 0.2],
      ['coffee', 0.1],
    ]),
    bigMissions: new Weighted<MissionCode>([
      ['group', 0.8],
      ['gift', 0.2],
    ]),
    favouriteDrinks: ['americano', 'latte'],
    tag: 'corporate',
  },
};

/** Share of each persona among people (organisations are chosen separately by `kind`). */
export const personPersonas = new Weighted<PersonaCode>([
  ['office', 0.34],
  ['student', 0.16],
  ['neighbour', 0.2],
  ['enthusiast', 0.08],
  ['family', 0.12],
  ['tea_lover', 0.1],
]);
