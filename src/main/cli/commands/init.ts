import { defineCliCommand, EXIT_OK, oneOf } from '../framework';
import { withShop } from '../shared';
import { uiLanguages } from '../../../shared/i18n-locales';

export const initCommand = defineCliCommand({
  name: 'init',
  summary: 'Create a new, empty shop file (or set up an empty one).',
  usage:
    'init --db FILE [--name NAME] [--currency CNY|USD|…] [--locale zh-CN|en] [--country CN] [--timezone Asia/Shanghai]',
  options: {
    db: { type: 'string', description: 'the shop file to create' },
    name: { type: 'string', description: 'the shop name (default: My shop / 我的小店)' },
    currency: { type: 'string', description: 'ISO 4217 currency code (default CNY)' },
    locale: { type: 'string', description: 'zh-CN or en (default zh-CN)' },
    country: { type: 'string', description: 'ISO country for phone numbers (default CN)' },
    timezone: { type: 'string', description: 'IANA time zone (default Asia/Shanghai)' },
  },
  required: ['db'],
  async run(values, _positionals, io) {
    const locale = oneOf(values.locale, 'locale', uiLanguages, 'zh-CN');
    return withShop(values.db, { mustExist: false }, async (client) => {
      const info = await client.call('shop.create', {
        name: values.name ?? (locale === 'zh-CN' ? '我的小店' : 'My shop'),
        currency: values.currency?.toUpperCase() ?? (locale === 'zh-CN' ? 'CNY' : 'USD'),
        locale,
        country: values.country?.toUpperCase() ?? (locale === 'zh-CN' ? 'CN' : 'US'),
        timezone: values.timezone ?? (locale === 'zh-CN' ? 'Asia/Shanghai' : 'America/New_York'),
      });
      io.out(`Created shop "${info.profile?.name ?? ''}" (schema ${info.schemaVersion}) in ${values.db}`);
      return EXIT_OK;
    });
  },
});
