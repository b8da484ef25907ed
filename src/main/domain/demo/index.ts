export { seedDemoShop, demoTimeZones, type SeedDemoOptions, type SeedDemoResult } from './demo.service';
export { demoProcessParameters, demoSpendParameters } from './customer-process';
export type { DemoLocale } from './catalogue';
