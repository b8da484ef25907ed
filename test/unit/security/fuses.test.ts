import { describe, expect, it } from 'vitest';
import {
  ELECTRON_FUSES,
  FUSE_PACKAGING_REQUIREMENTS,
  findFuseViolations,
} from '../../../src/main/app/security/fuses';

describe('ELECTRON_FUSES', () => {
  it.each([
    ['runAsNode', false],
    ['enableNodeOptionsEnvironmentVariable', false],
    ['enableNodeCliInspectArguments', false],
    ['grantFileProtocolExtraPrivileges', false],
    ['loadBrowserProcessSpecificV8Snapshot', false],
    ['enableCookieEncryption', true],
    ['enableEmbeddedAsarIntegrityValidation', true],
    ['onlyLoadAppFromAsar', true],
  ] as const)('%s is %s', (name, value) => {
    expect(ELECTRON_FUSES[name]).toBe(value);
  });

  it('sets every fuse electron-builder knows, explicitly', () => {
    expect(Object.keys(ELECTRON_FUSES).sort()).toEqual([
      'enableCookieEncryption',
      'enableEmbeddedAsarIntegrityValidation',
      'enableNodeCliInspectArguments',
      'enableNodeOptionsEnvironmentVariable',
      'grantFileProtocolExtraPrivileges',
      'loadBrowserProcessSpecificV8Snapshot',
      'onlyLoadAppFromAsar',
      'runAsNode',
    ]);
    expect(Object.isFrozen(ELECTRON_FUSES)).toBe(true);
  });

  it('requires asar packaging, without which onlyLoadAppFromAsar cannot start the app', () => {
    expect(FUSE_PACKAGING_REQUIREMENTS.asar).toBe(true);
  });
});

describe('findFuseViolations', () => {
  it('accepts the hardened set (as spread into an electron-builder config)', () => {
    expect(findFuseViolations({ ...ELECTRON_FUSES })).toEqual([]);
  });

  it('reports a missing electronFuses block as eight violations', () => {
    expect(findFuseViolations(undefined)).toHaveLength(8);
    expect(findFuseViolations(null)).toHaveLength(8);
  });

  it('names the weakened fuse', () => {
    expect(findFuseViolations({ ...ELECTRON_FUSES, runAsNode: true })).toEqual([
      'runAsNode must be false, is true',
    ]);
    const { onlyLoadAppFromAsar: _omitted, ...rest } = ELECTRON_FUSES;
    expect(findFuseViolations(rest)).toEqual(['onlyLoadAppFromAsar must be true, is unset']);
  });
});
