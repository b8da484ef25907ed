/**
 * The Electron main entry: opens the shop file with the core, serves the renderer over app://,
 * one command channel for all windows (one Session each), and the security wiring of
 * src/main/app/security. The loopback preview server is not imported here, so it is not in the
 * packaged build.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BrowserWindow, Menu, app, session as electronSession } from 'electron';
import type { PatronCore } from '../core/core';
import { openShop } from '../core/open-shop';
import { configureAnalysisWorker, startAnalysisSchedule } from '../domain/analysis/analysis.service';
import { startLoyaltyWarmUp } from '../domain/loyalty/loyalty.commands';
import { startBackupSchedule } from '../domain/backup/backup.service';
import { startExportWorkers } from '../domain/transfer/transfer.commands';
import { logger } from '../core/logger';
import { registerCommandChannel, type WindowBinding } from './ipc';
import { buildAppMenu } from './menu';
import { devRendererUrl, shellPaths } from './paths';
import { registerAppScheme, serveAppScheme } from './protocol';
import { APP_ORIGIN } from './security/origin';
import { createMainWindow, guardSession, guardWebContents } from './window';

const mainDir = path.dirname(fileURLToPath(import.meta.url));
const bindings = new Map<number, WindowBinding>();
let core: PatronCore | null = null;
let disposeChannel: (() => void) | null = null;

registerAppScheme();

function openWindow(openedCore: PatronCore, preloadPath: string, origin: string): void {
  const window = createMainWindow({ preloadPath, startUrl: `${origin}/` });
  const contents = window.webContents;
  const id = contents.id;
  bindings.set(id, { contents, session: openedCore.createSession('electron'), origin });
  window.on('closed', () => bindings.delete(id));
}

async function start(): Promise<void> {
  const paths = shellPaths(mainDir, app.getPath('userData'));
  const devUrl = devRendererUrl(app.isPackaged);
  const origin = devUrl ?? APP_ORIGIN;

  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, origin));
  await app.whenReady();
  guardSession(electronSession.defaultSession, origin);
  if (!devUrl) serveAppScheme(paths.rendererRoot);
  Menu.setApplicationMenu(buildAppMenu());

  // The bundle may move the pool's module into a chunk; name the worker entry explicitly.
  configureAnalysisWorker({ url: pathToFileURL(path.join(mainDir, 'analysis.worker.js')) });
  // A damaged file opens the recovery screen; a pending migration is backed up first.
  core = await openShop({ dbFile: paths.dbFile, transport: 'electron' });
  const opened = core;
  void opened.startupChecked.then(() => {
    if (opened.context.damaged !== null) return;
    startAnalysisSchedule(opened.context);
    startBackupSchedule(opened.context);
    startLoyaltyWarmUp(opened.context);
    startExportWorkers(opened.context);
  });
  disposeChannel = registerCommandChannel(core, bindings);
  openWindow(core, paths.preloadPath, origin);

  app.on('activate', () => {
    if (core && BrowserWindow.getAllWindows().length === 0) openWindow(core, paths.preloadPath, origin);
  });
}

// One process owns the shop file: a second launch focuses the first window instead.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows();
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
    if (!core) return;
    event.preventDefault();
    const closing = core;
    core = null;
    disposeChannel?.();
    void closing.close().finally(() => app.quit());
  });
  start().catch((error: unknown) => {
    logger.error(
      'Patron failed to start',
      error instanceof Error ? (error.stack ?? error.message) : String(error),
    );
    app.exit(1);
  });
}
