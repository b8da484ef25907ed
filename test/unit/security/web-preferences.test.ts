import type { WebPreferences } from 'electron';
import { describe, expect, it } from 'vitest';
import {
  FORBIDDEN_WEB_PREFERENCES,
  REQUIRED_WEB_PREFERENCES,
  findWebPreferenceViolations,
  hardenedWebPreferences,
} from '../../../src/main/app/security/web-preferences';

const preloadPath = '/opt/patron/resources/app.asar/out/preload/index.cjs';
const packaged = hardenedWebPreferences({ preloadPath, allowDevTools: false });

describe('hardenedWebPreferences', () => {
  it.each([
    ['contextIsolation', true],
    ['sandbox', true],
    ['nodeIntegration', false],
    ['nodeIntegrationInWorker', false],
    ['nodeIntegrationInSubFrames', false],
    ['webSecurity', true],
    ['allowRunningInsecureContent', false],
    ['experimentalFeatures', false],
    ['webviewTag', false],
    ['navigateOnDragDrop', false],
    ['plugins', false],
    ['spellcheck', false],
    ['enableWebSQL', false],
    ['webgl', false],
    ['safeDialogs', true],
  ] as const)('%s is %s', (name, value) => {
    expect(packaged[name]).toBe(value);
  });

  it('leaves enableBlinkFeatures and additionalArguments unset', () => {
    expect(packaged.enableBlinkFeatures).toBeUndefined();
    expect(packaged.additionalArguments).toBeUndefined();
    expect('enableBlinkFeatures' in packaged).toBe(false);
  });

  it('sets the preload and switches DevTools per build', () => {
    expect(packaged.preload).toBe(preloadPath);
    expect(packaged.devTools).toBe(false);
    expect(hardenedWebPreferences({ preloadPath, allowDevTools: true }).devTools).toBe(true);
  });

  it('is frozen, so the glue cannot weaken it in place', () => {
    expect(Object.isFrozen(packaged)).toBe(true);
    expect(Object.isFrozen(REQUIRED_WEB_PREFERENCES)).toBe(true);
    expect(() => {
      (packaged as { sandbox?: boolean }).sandbox = false;
    }).toThrow(TypeError);
  });

  it('accepts Windows preload paths and refuses relative ones', () => {
    expect(
      hardenedWebPreferences({ preloadPath: 'C:\\Patron\\resources\\preload.cjs', allowDevTools: false })
        .preload,
    ).toBe('C:\\Patron\\resources\\preload.cjs');
    expect(() =>
      hardenedWebPreferences({ preloadPath: 'out/preload/index.cjs', allowDevTools: false }),
    ).toThrow();
  });
});

describe('findWebPreferenceViolations', () => {
  it('finds nothing in the hardened preferences', () => {
    expect(findWebPreferenceViolations(packaged)).toEqual([]);
  });

  it('reports each weakened or missing requirement by name', () => {
    for (const [name, required] of Object.entries(REQUIRED_WEB_PREFERENCES)) {
      const weakened: WebPreferences = { ...packaged, [name]: !required };
      expect(findWebPreferenceViolations(weakened)).toEqual([`${name} must be ${required}, is ${!required}`]);
      const { [name as keyof WebPreferences]: _removed, ...missing } = packaged;
      expect(findWebPreferenceViolations(missing)).toEqual([`${name} must be ${required}, is unset`]);
    }
  });

  it('reports forbidden preferences and a missing preload', () => {
    for (const name of FORBIDDEN_WEB_PREFERENCES) {
      expect(
        findWebPreferenceViolations({ ...packaged, [name]: name === 'additionalArguments' ? [] : 'X' }),
      ).toEqual([`${name} must not be set`]);
    }
    const { preload: _preload, ...withoutPreload } = packaged;
    expect(findWebPreferenceViolations(withoutPreload)).toEqual(['preload must be an absolute path']);
  });

  it("flags Electron's own defaults as violations when left implicit", () => {
    expect(findWebPreferenceViolations({ preload: preloadPath })).toHaveLength(
      Object.keys(REQUIRED_WEB_PREFERENCES).length,
    );
  });
});
