import type { PermissionCheckHandlerHandlerDetails, PermissionRequest, WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import { APP_ORIGIN } from '../../../src/main/app/security/origin';
import {
  PERMISSION_POLICY,
  createPermissionCheckHandler,
  createPermissionRequestHandler,
  denyAllDevicePermissions,
  isPermissionGranted,
  type ElectronPermission,
} from '../../../src/main/app/security/permissions';

// The handlers never touch webContents; a bare object stands in for it.
const someWebContents = {} as unknown as WebContents;

const grantedPermissions = Object.entries(PERMISSION_POLICY)
  .filter(([, rule]) => rule !== 'deny')
  .map(([name]) => name);

const deniedPermissions = (Object.keys(PERMISSION_POLICY) as ElectronPermission[]).filter(
  (name) => PERMISSION_POLICY[name] === 'deny',
);

describe('PERMISSION_POLICY', () => {
  it('grants exactly one permission: sanitised clipboard writes', () => {
    expect(grantedPermissions).toEqual(['clipboard-sanitized-write']);
  });

  it('denies the dangerous ones explicitly', () => {
    for (const name of [
      'openExternal',
      'clipboard-read',
      'media',
      'notifications',
      'hid',
      'usb',
      'serial',
    ] as const) {
      expect(PERMISSION_POLICY[name]).toBe('deny');
    }
  });

  it('is frozen', () => {
    expect(Object.isFrozen(PERMISSION_POLICY)).toBe(true);
  });
});

describe('isPermissionGranted', () => {
  it.each(deniedPermissions)('denies %s even to the app itself', (permission) => {
    expect(
      isPermissionGranted({ permission, requestingUrl: 'app://patron/', isMainFrame: true }, APP_ORIGIN),
    ).toBe(false);
  });

  it('grants clipboard-sanitized-write to the app top frame only', () => {
    const permission = 'clipboard-sanitized-write';
    expect(
      isPermissionGranted({ permission, requestingUrl: 'app://patron/x', isMainFrame: true }, APP_ORIGIN),
    ).toBe(true);
    expect(
      isPermissionGranted({ permission, requestingUrl: 'app://patron/x', isMainFrame: false }, APP_ORIGIN),
    ).toBe(false);
    expect(
      isPermissionGranted(
        { permission, requestingUrl: 'https://example.com/', isMainFrame: true },
        APP_ORIGIN,
      ),
    ).toBe(false);
    expect(isPermissionGranted({ permission, requestingUrl: null, isMainFrame: true }, APP_ORIGIN)).toBe(
      false,
    );
  });

  it('denies permission names Electron may add later', () => {
    expect(
      isPermissionGranted(
        { permission: 'brand-new-permission', requestingUrl: APP_ORIGIN, isMainFrame: true },
        APP_ORIGIN,
      ),
    ).toBe(false);
    expect(
      isPermissionGranted(
        { permission: 'toString', requestingUrl: APP_ORIGIN, isMainFrame: true },
        APP_ORIGIN,
      ),
    ).toBe(false);
  });
});

describe('Electron handler adapters', () => {
  it('request handler answers through the callback', () => {
    const handler = createPermissionRequestHandler(APP_ORIGIN);
    const answers: boolean[] = [];
    const fromApp: PermissionRequest = { requestingUrl: 'app://patron/index.html', isMainFrame: true };
    handler(someWebContents, 'clipboard-sanitized-write', (granted) => answers.push(granted), fromApp);
    handler(someWebContents, 'media', (granted) => answers.push(granted), fromApp);
    handler(someWebContents, 'clipboard-sanitized-write', (granted) => answers.push(granted), {
      requestingUrl: 'https://evil.example/',
      isMainFrame: true,
    });
    expect(answers).toEqual([true, false, false]);
  });

  it('check handler uses the requesting origin', () => {
    const handler = createPermissionCheckHandler(APP_ORIGIN);
    const details: PermissionCheckHandlerHandlerDetails = { isMainFrame: true };
    expect(handler(null, 'clipboard-sanitized-write', 'app://patron', details)).toBe(true);
    expect(handler(null, 'clipboard-sanitized-write', 'https://evil.example', details)).toBe(false);
    expect(handler(null, 'geolocation', 'app://patron', details)).toBe(false);
  });

  it('device handler denies every device', () => {
    expect(denyAllDevicePermissions({ deviceType: 'usb', origin: APP_ORIGIN, device: {} as never })).toBe(
      false,
    );
  });
});
