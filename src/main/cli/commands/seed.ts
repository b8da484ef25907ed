import { defineCliCommand, EXIT_FAILURE, EXIT_OK, intOption, oneOf, UsageError } from '../framework';
import { formatInt, withShop } from '../shared';
import { uiLanguages } from '../../../shared/i18n-locales';
import { seedDemoShop } from '../../domain/demo';
import { createShop, demoProfile, readProfile } from '../../domain/shop/shop.service';
import { countRows } from '../../domain/shop/shop.repo';

export const seedCommand = defineCliCommand({
  name: 'seed',
  summary: 'Fill a shop file with a realistic demo café (deterministic for a given --seed).',
  usage: 'seed --db FILE --customers N [--months M] [--seed S] [--locale zh-CN|en]',
  options: {
    db: { type: 'string', description: 'the shop file (created if missing)' },
    customers: { type: 'string', description: 'number of customers, e.g. 100000' },
    months: { type: 'string', description: 'months of purchase history (default 24)' },
    seed: { type: 'string', description: 'random seed (default 1)' },
    locale: { type: 'string', description: 'zh-CN (Chinese names, CNY) or en (default zh-CN)' },
  },
  required: ['db', 'customers'],
  async run(values, _positionals, io) {
    const customers = intOption(values.customers, 'customers');
    if (customers < 1 || customers > 5_000_000)
      throw new UsageError('--customers must be between 1 and 5,000,000.');
    const months = intOption(values.months, 'months', 24);
    if (months < 1 || months > 240) throw new UsageError('--months must be between 1 and 240.');
    const seed = intOption(values.seed, 'seed', 1);
    const locale = oneOf(values.locale, 'locale', uiLanguages, 'zh-CN');
    return withShop(values.db, { mustExist: false }, async (_client, core) => {
      const db = core.db;
      if (countRows(db, 'customers') > 0) {
        io.err(`${values.db} already has customers; seed an empty file instead.`);
        return EXIT_FAILURE;
      }
      let lastPercent = -1;
      const result = db.transaction(() => {
        if (!readProfile(db)) createShop(db, demoProfile(locale), core.context.clock);
        return seedDemoShop(db, {
          customers,
          months,
          seed,
          locale,
          endDate: core.context.clock(),
          onProgress: (done, total) => {
            const percent = Math.floor((done / Math.max(total, 1)) * 10) * 10;
            if (percent !== lastPercent && process.stderr.isTTY)
              process.stderr.write(`\r  seeding… ${percent}%`);
            lastPercent = percent;
          },
        });
      })();
      if (process.stderr.isTTY) process.stderr.write('\r');
      io.out(
        `Seeded ${formatInt(result.customers)} customers, ${formatInt(result.purchases)} purchases ` +
          `(${formatInt(result.purchaseLines)} lines), ${formatInt(result.interactions)} interactions, ` +
          `${formatInt(result.complaints)} complaints in ${result.seconds.toFixed(1)} s`,
      );
      return EXIT_OK;
    });
  },
});
