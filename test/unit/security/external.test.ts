import { describe, expect, it } from 'vitest';
import {
  MAX_EXTERNAL_URL_LENGTH,
  isAllowedExternalUrl,
  normalizeExternalUrl,
} from '../../../src/main/app/security/external';

describe('isAllowedExternalUrl', () => {
  it.each([
    'https://example.com/',
    'http://example.com/page?q=1#top',
    'https://例子.中国/路径',
    'mailto:owner@example.com',
    'mailto:owner@example.com?subject=Hello&body=Hi',
    'tel:+86-138-0013-8000',
    'tel:13800138000',
  ])('allows %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(true);
  });

  it.each([
    ['javascript', 'javascript:alert(1)'],
    ['javascript split by a tab (stripped by the URL parser)', 'java\tscript:alert(1)'],
    ['leading space', ' https://example.com/'],
    ['newline inside', 'https://exa\nmple.com/'],
    ['file', 'file:///C:/Windows/System32/calc.exe'],
    ['UNC file', 'file://attacker/share/payload.exe'],
    ['smb', 'smb://attacker/share'],
    ['ms-msdt (Follina)', 'ms-msdt:/id PCWDiagnostic'],
    ['custom app scheme', 'weixin://dl/business'],
    ['data', 'data:text/html,hi'],
    ['credentials', 'https://user:pass@example.com/'],
    ['user only', 'https://user@example.com/'],
    ['loopback preview', 'http://127.0.0.1:48123/api'],
    ['localhost', 'http://localhost:3000/'],
    ['decimal loopback', 'http://2130706433/'],
    ['hex loopback', 'http://0x7f.1/'],
    ['IPv6 loopback', 'http://[::1]/'],
    ['IPv4-mapped loopback', 'http://[::ffff:127.0.0.1]/'],
    ['unspecified address', 'http://0/'],
    ['mailto attaching a local file', 'mailto:a@example.com?attach=C:/secrets.db'],
    ['empty mailto', 'mailto:'],
    ['tel with letters', 'tel:call-me'],
    ['tel with parameters', 'tel:+8613800138000;ext=1'],
    ['empty', ''],
    ['relative', '/customers/1'],
  ])('rejects %s', (_label, url) => {
    expect(isAllowedExternalUrl(url)).toBe(false);
  });

  it('rejects overly long URLs but allows one at the limit', () => {
    const prefix = 'https://example.com/';
    const atLimit = prefix + 'a'.repeat(MAX_EXTERNAL_URL_LENGTH - prefix.length);
    expect(atLimit).toHaveLength(MAX_EXTERNAL_URL_LENGTH);
    expect(isAllowedExternalUrl(atLimit)).toBe(true);
    expect(isAllowedExternalUrl(atLimit + 'a')).toBe(false);
  });

  it('returns the normalised form, which is what must be opened', () => {
    expect(normalizeExternalUrl('HTTPS://EXAMPLE.com')).toBe('https://example.com/');
    expect(normalizeExternalUrl('https://例子.中国/')).toBe('https://xn--fsqu00a.xn--fiqs8s/');
    expect(normalizeExternalUrl('javascript:alert(1)')).toBeNull();
  });
});
