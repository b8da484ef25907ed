import { describe, expect, it } from 'vitest';
import {
  decideNavigation,
  isAllowedNavigation,
  windowOpenPolicy,
} from '../../../src/main/app/security/navigation';
import { APP_ORIGIN } from '../../../src/main/app/security/origin';

describe('isAllowedNavigation', () => {
  it.each(['app://patron/', 'app://patron/index.html', 'app://patron/customers/42?tab=visits#notes'])(
    'allows the app origin: %s',
    (url) => {
      expect(isAllowedNavigation(url, APP_ORIGIN)).toBe(true);
    },
  );

  it.each([
    ['another app host', 'app://evil/index.html'],
    ['credentials smuggled before the host', 'app://evil@patron/'],
    ['look-alike host', 'app://patron.evil/'],
    ['file', 'file:///etc/passwd'],
    ['file on Windows', 'file:///C:/Windows/System32/calc.exe'],
    ['javascript', 'javascript:alert(1)'],
    ['data', 'data:text/html,<script>alert(1)</script>'],
    ['blob', 'blob:app://patron/2a7c'],
    ['http', 'http://example.com/'],
    ['https', 'https://example.com/'],
    ['the loopback preview', 'http://127.0.0.1:48123/'],
    ['about:blank', 'about:blank'],
    ['empty', ''],
    ['garbage', 'not a url'],
  ])('denies %s', (_label, url) => {
    expect(isAllowedNavigation(url, APP_ORIGIN)).toBe(false);
  });

  it('compares the port for http origins (the dev server or preview)', () => {
    expect(isAllowedNavigation('http://127.0.0.1:5173/x', 'http://127.0.0.1:5173')).toBe(true);
    expect(isAllowedNavigation('http://127.0.0.1:5174/x', 'http://127.0.0.1:5173')).toBe(false);
    expect(isAllowedNavigation('https://127.0.0.1:5173/x', 'http://127.0.0.1:5173')).toBe(false);
  });

  it('denies everything when the expected origin itself is invalid (fails closed)', () => {
    expect(isAllowedNavigation('app://patron/', '')).toBe(false);
    expect(isAllowedNavigation('app://patron/', 'garbage')).toBe(false);
  });
});

describe('decideNavigation', () => {
  it('lets in-app navigation proceed', () => {
    expect(decideNavigation('app://patron/index.html', APP_ORIGIN)).toEqual({
      allow: true,
      externalUrl: null,
    });
  });

  it('cancels a web link but offers it to the system browser', () => {
    expect(decideNavigation('https://example.com/help', APP_ORIGIN)).toEqual({
      allow: false,
      externalUrl: 'https://example.com/help',
    });
  });

  it('cancels file: and javascript: without offering anything', () => {
    expect(decideNavigation('file:///etc/passwd', APP_ORIGIN)).toEqual({ allow: false, externalUrl: null });
    expect(decideNavigation('javascript:alert(1)', APP_ORIGIN)).toEqual({ allow: false, externalUrl: null });
  });
});

describe('windowOpenPolicy', () => {
  it('always denies the in-app window', () => {
    for (const url of ['app://patron/', 'https://example.com', 'file:///etc/passwd', 'about:blank']) {
      expect(windowOpenPolicy({ url }).action).toBe('deny');
    }
  });

  it('reports allow-listed external URLs to open, normalised', () => {
    expect(windowOpenPolicy({ url: 'HTTPS://Example.COM/a' }).externalUrl).toBe('https://example.com/a');
    expect(windowOpenPolicy({ url: 'mailto:owner@example.com' }).externalUrl).toBe(
      'mailto:owner@example.com',
    );
  });

  it('reports nothing for URLs that must not leave the app', () => {
    expect(windowOpenPolicy({ url: 'app://patron/customers' }).externalUrl).toBeNull();
    expect(windowOpenPolicy({ url: 'file:///C:/x.exe' }).externalUrl).toBeNull();
    expect(windowOpenPolicy({ url: 'ms-msdt:/id PCWDiagnostic' }).externalUrl).toBeNull();
  });
});
