import { describe, expect, it } from 'vitest';
import { isTrustedSender } from '../../../src/main/app/security/ipc-sender';
import { APP_ORIGIN } from '../../../src/main/app/security/origin';

describe('isTrustedSender', () => {
  it('trusts the top frame of the app origin', () => {
    expect(isTrustedSender('app://patron/index.html', true, APP_ORIGIN)).toBe(true);
    expect(isTrustedSender('app://patron/customers/42?x=1#y', true, APP_ORIGIN)).toBe(true);
  });

  it('rejects sub-frames even on the app origin', () => {
    expect(isTrustedSender('app://patron/index.html', false, APP_ORIGIN)).toBe(false);
  });

  it('rejects a frame that is gone (senderFrame null after navigation or destruction)', () => {
    expect(isTrustedSender(null, true, APP_ORIGIN)).toBe(false);
    expect(isTrustedSender(undefined, true, APP_ORIGIN)).toBe(false);
    expect(isTrustedSender('', true, APP_ORIGIN)).toBe(false);
  });

  it.each([
    'https://example.com/',
    'http://127.0.0.1:48123/',
    'file:///C:/patron/out/renderer/index.html',
    'about:blank',
    'data:text/html,hi',
    'app://evil/index.html',
    'app://patron@evil/',
    'app://evil@patron/',
    'devtools://devtools/bundled/inspector.html',
    'chrome-error://chromewebdata/',
  ])('rejects %s', (url) => {
    expect(isTrustedSender(url, true, APP_ORIGIN)).toBe(false);
  });

  it('works for an http origin (the dev server) including the port', () => {
    expect(isTrustedSender('http://localhost:5173/', true, 'http://localhost:5173')).toBe(true);
    expect(isTrustedSender('http://localhost:5174/', true, 'http://localhost:5173')).toBe(false);
  });
});
