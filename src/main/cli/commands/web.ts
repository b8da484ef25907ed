import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { openShop } from '../../core/open-shop';
import { startAnalysisSchedule } from '../../domain/analysis/analysis.service';
import { startExportWorkers } from '../../domain/transfer/transfer.commands';
import { startLoyaltyWarmUp } from '../../domain/loyalty/loyalty.commands';
import { startBackupSchedule } from '../../domain/backup/backup.service';
import { defaultDbFile } from '../../core/paths';
import { startLoopbackServer, type LoopbackServer } from '../../transport/loopback-http';
import { defineCliCommand, EXIT_OK, intOption, oneOf, UsageError } from '../framework';
import { uiLanguages } from '../../../shared/i18n-locales';
import { ensureRendererBuilt, rendererOutDir } from '../renderer-build';

export const webCommand = defineCliCommand({
  name: 'web',
  summary: 'Serve the browser preview: the real renderer and the real core on 127.0.0.1 only.',
  usage: 'web [--db FILE] [--port N] [--locale en|zh-CN] [--open]',
  options: {
    db: {
      type: 'string',
      description: "the shop file (default: the app's own data folder); created if missing",
    },
    port: { type: 'string', description: 'port on 127.0.0.1 (default 4321; 0 picks a free one)' },
    locale: { type: 'string', description: 'force the interface language for this run' },
    open: { type: 'boolean', description: 'open the preview in the default browser' },
    'no-schedule': {
      type: 'boolean',
      description: 'do not run the daily analysis and daily backup at start (tests)',
    },
    'no-build': { type: 'boolean', description: 'do not rebuild the renderer even if it looks stale' },
  },
  async run(values, _positionals, io) {
    const port = intOption(values.port, 'port', 4321);
    if (port < 0 || port > 65535) throw new UsageError('--port must be between 0 and 65535.');
    const locale = values.locale === undefined ? null : oneOf(values.locale, 'locale', uiLanguages, 'en');
    const dbFile = path.resolve(values.db ?? defaultDbFile());
    mkdirSync(path.dirname(dbFile), { recursive: true });
    if (!values['no-build']) ensureRendererBuilt((line) => io.err(line));
    const core = await openShop({ dbFile, transport: 'preview', uiLanguageOverride: locale });
    // As in the desktop app: analyse at start when the newest run is over a day old, then hourly;
    // the same for the daily backup. Neither runs on a damaged file (the recovery screen shows).
    if (!values['no-schedule']) {
      void core.startupChecked.then(() => {
        if (core.context.damaged !== null) return;
        startAnalysisSchedule(core.context);
        startBackupSchedule(core.context);
        // Keeps the Loyalty screen's stored figures fresh after runs and sales (loyalty.warmup.ts).
        startLoyaltyWarmUp(core.context);
        // The export's threads, so the first export does not wait for them to load.
        startExportWorkers(core.context);
      });
    }
    let server: LoopbackServer;
    try {
      server = await startLoopbackServer({ core, rendererDir: rendererOutDir, port });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || values.port !== undefined) {
        await core.close();
        throw error;
      }
      // The default port is taken (another preview?): any free port will do.
      server = await startLoopbackServer({ core, rendererDir: rendererOutDir, port: 0 });
    }
    io.out(`Patron browser preview ready: ${server.url}`);
    io.out(`Shop file: ${dbFile}  (Ctrl+C to stop)`);
    if (values.open) openInBrowser(server.url);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
    await server.close();
    await core.close();
    return EXIT_OK;
  },
});

function openInBrowser(url: string): void {
  const [command, args] =
    process.platform === 'win32'
      ? ['cmd', ['/c', 'start', '', url]]
      : process.platform === 'darwin'
        ? ['open', [url]]
        : ['xdg-open', [url]];
  const child = spawn(command, args as string[], { stdio: 'ignore', detached: true });
  // No desktop browser (a server, CI): the printed URL is enough.
  child.on('error', () => undefined);
  child.unref();
}
