/**
 * Session permission policy (Electron security checklist item 5).
 *
 * Electron grants every permission request unless the app installs handlers, so both the request
 * handler and the check handler are set from this one table. The table is a `Record` over
 * Electron's own permission union: when an Electron upgrade adds a permission, typechecking fails
 * here until someone decides what Patron does with it.
 *
 * The single grant: `clipboard-sanitized-write`, for the app's own top-level page. Chromium asks
 * for it before every `navigator.clipboard.writeText`, which Mantine's `CopyButton`/`useClipboard`
 * use for "copy phone number / member number / coupon code" at the counter; denying it makes those
 * buttons fail silently. It is write-only (sanitised: no reading what the user copied elsewhere)
 * and Chromium still requires a user gesture. Reading the clipboard stays denied.
 *
 * `openExternal` is denied on purpose: it is the permission Chromium asks for when a page navigates
 * to an external protocol (`mailto:`, custom schemes), which would reach the OS without passing
 * external.ts. External links go through `windowOpenPolicy`/`decideNavigation` instead.
 */
import type { PermissionCheckHandlerHandlerDetails, PermissionRequest, Session, WebContents } from 'electron';
import { isSameOrigin } from './origin';

type PermissionRequestHandler = NonNullable<Parameters<Session['setPermissionRequestHandler']>[0]>;
type PermissionCheckHandler = NonNullable<Parameters<Session['setPermissionCheckHandler']>[0]>;
type DevicePermissionHandler = NonNullable<Parameters<Session['setDevicePermissionHandler']>[0]>;

/** Every permission name Electron 45 can ask about. */
export type ElectronPermission = Parameters<PermissionRequestHandler>[1];

/**
 * - `deny`: never granted.
 * - `app-top-frame`: granted only to the app's own origin in the top-level frame (no iframes,
 *   which Patron does not use and `frame-src 'none'` forbids anyway).
 */
export type PermissionRule = 'deny' | 'app-top-frame';

export const PERMISSION_POLICY: Readonly<Record<ElectronPermission, PermissionRule>> = Object.freeze({
  'clipboard-sanitized-write': 'app-top-frame',

  ar: 'deny',
  'automatic-fullscreen': 'deny',
  'background-fetch': 'deny',
  'background-sync': 'deny',
  'captured-surface-control': 'deny',
  'clipboard-read': 'deny',
  'deprecated-sync-clipboard-read': 'deny',
  'display-capture': 'deny',
  fileSystem: 'deny',
  fullscreen: 'deny',
  geolocation: 'deny',
  'geolocation-approximate': 'deny',
  'hand-tracking': 'deny',
  hid: 'deny',
  'idle-detection': 'deny',
  keyboardLock: 'deny',
  'local-fonts': 'deny',
  'local-network': 'deny',
  'local-network-access': 'deny',
  'loopback-network': 'deny',
  media: 'deny',
  mediaKeySystem: 'deny',
  midi: 'deny',
  midiSysex: 'deny',
  nfc: 'deny',
  notifications: 'deny',
  openExternal: 'deny',
  'payment-handler': 'deny',
  'periodic-background-sync': 'deny',
  'persistent-storage': 'deny',
  pointerLock: 'deny',
  'screen-wake-lock': 'deny',
  sensors: 'deny',
  serial: 'deny',
  'smart-card': 'deny',
  'speaker-selection': 'deny',
  'storage-access': 'deny',
  'system-wake-lock': 'deny',
  'top-level-storage-access': 'deny',
  usb: 'deny',
  vr: 'deny',
  'web-app-installation': 'deny',
  'web-printing': 'deny',
  'window-management': 'deny',
  unknown: 'deny',
});

export interface PermissionQuery {
  /** Typed as string: Chromium may send names newer than the typings, which must be denied. */
  readonly permission: string;
  /** URL (or origin) of the frame asking. */
  readonly requestingUrl: string | null | undefined;
  readonly isMainFrame: boolean;
}

function ruleFor(permission: string): PermissionRule {
  return Object.hasOwn(PERMISSION_POLICY, permission)
    ? PERMISSION_POLICY[permission as ElectronPermission]
    : 'deny';
}

/** The decision both handlers share. Unknown permission names are denied. */
export function isPermissionGranted(query: PermissionQuery, appOrigin: string): boolean {
  const rule = ruleFor(query.permission);
  if (rule === 'deny') return false;
  return query.isMainFrame && isSameOrigin(query.requestingUrl, appOrigin);
}

/** Handler for `session.setPermissionRequestHandler`. */
export function createPermissionRequestHandler(appOrigin: string): PermissionRequestHandler {
  return (_webContents: WebContents, permission, callback, details) => {
    const request: PermissionRequest = details;
    callback(
      isPermissionGranted(
        { permission, requestingUrl: request.requestingUrl, isMainFrame: request.isMainFrame },
        appOrigin,
      ),
    );
  };
}

/**
 * Handler for `session.setPermissionCheckHandler`. Checks carry the requesting *origin* as an
 * argument; `details.requestingUrl` is optional, so the origin is what is compared.
 */
export function createPermissionCheckHandler(appOrigin: string): PermissionCheckHandler {
  return (
    _webContents: WebContents | null,
    permission,
    requestingOrigin: string,
    details: PermissionCheckHandlerHandlerDetails,
  ) =>
    isPermissionGranted(
      { permission, requestingUrl: requestingOrigin, isMainFrame: details.isMainFrame },
      appOrigin,
    );
}

/** Handler for `session.setDevicePermissionHandler`: no HID, serial or USB device access. */
export const denyAllDevicePermissions: DevicePermissionHandler = () => false;
