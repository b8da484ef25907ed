import { describe, expect, it } from 'vitest';
import { activeNavPath } from '../../src/renderer/src/app/nav-active';

const NAV = ['/today', '/customers', '/card', '/complaints', '/loyalty', '/transfer', '/audit', '/settings'];

describe('which navigation entry is lit', () => {
  it('a customer record (card or its edit form) lights "Card", wherever it was opened from', () => {
    expect(activeNavPath('/customers/0190a1b2-c3d4', NAV)).toBe('/card');
    expect(activeNavPath('/customers/0190a1b2-c3d4/edit', NAV)).toBe('/card');
    expect(activeNavPath('/card', NAV)).toBe('/card');
  });

  it('the archive and its own screens light "Customers"', () => {
    expect(activeNavPath('/customers', NAV)).toBe('/customers');
    expect(activeNavPath('/customers/duplicates', NAV)).toBe('/customers');
    expect(activeNavPath('/customers/bin', NAV)).toBe('/customers');
  });

  it('other screens light their own entry, unknown paths none', () => {
    expect(activeNavPath('/loyalty', NAV)).toBe('/loyalty');
    expect(activeNavPath('/today', NAV)).toBe('/today');
    expect(activeNavPath('/nowhere', NAV)).toBeNull();
  });
});
