import { defineCliCommand, EXIT_OK } from '../framework';
import { formatInt, withShop } from '../shared';
import { formatMoney } from '../../../shared/money';

export const statsCommand = defineCliCommand({
  name: 'stats',
  summary: 'Print the number of customers, purchases and other records.',
  usage: 'stats --db FILE [--json]',
  options: {
    db: { type: 'string', description: 'the shop file' },
    json: { type: 'boolean', description: 'print JSON instead of a table' },
  },
  required: ['db'],
  async run(values, _positionals, io) {
    return withShop(values.db, { mustExist: true }, async (client) => {
      const [stats, info] = await Promise.all([client.call('shop.stats', {}), client.call('shop.info', {})]);
      if (values.json) {
        io.out(
          JSON.stringify(
            { shop: info.profile?.name ?? null, schemaVersion: info.schemaVersion, ...stats },
            null,
            2,
          ),
        );
        return EXIT_OK;
      }
      const currency = info.profile?.currency ?? 'CNY';
      const rows: [string, string][] = [
        ['shop', info.profile?.name ?? '(not set up)'],
        ['schema version', String(info.schemaVersion)],
        ['customers', formatInt(stats.customers)],
        ['customers in recycle bin', formatInt(stats.deletedCustomers)],
        ['purchases', formatInt(stats.purchases)],
        ['purchase lines', formatInt(stats.purchaseLines)],
        ['products', formatInt(stats.products)],
        ['interactions', formatInt(stats.interactions)],
        ['complaints', formatInt(stats.complaints)],
        ['open reminders', formatInt(stats.reminders)],
        ['net revenue', formatMoney(stats.revenueMinor, currency, 'en-US')],
        ['first purchase', stats.firstPurchaseAt ?? '-'],
        ['last purchase', stats.lastPurchaseAt ?? '-'],
      ];
      for (const [label, value] of rows) io.out(`${label.padEnd(26)}${value}`);
      return EXIT_OK;
    });
  },
});
