import { BrowserWindow, app, shell, type Session as ElectronSession, type WebContents } from 'electron';
import { decideNavigation, windowOpenPolicy } from './security/navigation';
import {
  createPermissionCheckHandler,
  createPermissionRequestHandler,
  denyAllDevicePermissions,
} from './security/permissions';
import { findWebPreferenceViolations, hardenedWebPreferences } from './security/web-preferences';
import { logger } from '../core/logger';

/**
 * Opens an allow-listed URL in the system browser / mail / phone app. Only called from navigation
 * and window-open events, i.e. from a click in the page; the URL was normalised by the policy.
 */
function openOutside(url: string | null): void {
  // The URL passed normalizeExternalUrl (http/https/mailto/tel allow-list); reviewed for the scanner:
  if (url !== null) void shell.openExternal(url); /* eng-disable OPEN_EXTERNAL_JS_CHECK */
}

/** Navigation, new windows and webviews for every web contents the app creates (items 11–14). */
export function guardWebContents(contents: WebContents, allowedOrigin: string): void {
  const onNavigate = (event: { preventDefault(): void; url: string }): void => {
    const decision = decideNavigation(event.url, allowedOrigin);
    if (decision.allow) return;
    event.preventDefault();
    openOutside(decision.externalUrl);
  };
  contents.on('will-navigate', onNavigate);
  contents.on('will-frame-navigate', onNavigate);
  contents.on('will-redirect', onNavigate);
  contents.setWindowOpenHandler((details) => {
    const decision = windowOpenPolicy(details);
    openOutside(decision.externalUrl);
    return { action: decision.action };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Permission requests and device pickers answered "no" (item 5). */
export function guardSession(session: ElectronSession, allowedOrigin: string): void {
  session.setPermissionRequestHandler(createPermissionRequestHandler(allowedOrigin));
  session.setPermissionCheckHandler(createPermissionCheckHandler(allowedOrigin));
  session.setDevicePermissionHandler(denyAllDevicePermissions);
  session.on('select-hid-device', (event, _details, callback) => {
    event.preventDefault();
    callback(null);
  });
  session.on('select-serial-port', (event, _ports, _contents, callback) => {
    event.preventDefault();
    callback('');
  });
  session.on('select-usb-device', (event, _details, callback) => {
    event.preventDefault();
    callback();
  });
}

export interface MainWindowOptions {
  readonly preloadPath: string;
  readonly startUrl: string;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const policy = {
    ...hardenedWebPreferences({ preloadPath: options.preloadPath, allowDevTools: !app.isPackaged }),
    // Middle-click would open links in a new window, bypassing the window-open handler's intent.
    disableBlinkFeatures: 'Auxclick',
  };
  const violations = findWebPreferenceViolations(policy);
  if (violations.length > 0) throw new Error(`unsafe webPreferences: ${violations.join('; ')}`);
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Patron 知客',
    // The checked policy, with its critical values repeated literally so the build scanner
    // (electronegativity), which reads only literals here, can see them.
    webPreferences: {
      ...policy,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      disableBlinkFeatures: 'Auxclick',
    },
  });
  window.once('ready-to-show', () => window.show());
  window.webContents.on('render-process-gone', (_event, details) => {
    logger.error('renderer process gone', details.reason);
  });
  void window.loadURL(options.startUrl);
  return window;
}
