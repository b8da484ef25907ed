import { describe, expect, it } from 'vitest';
import { z } from 'zod';

describe('toolchain', () => {
  it('runs TypeScript tests with zod available', () => {
    expect(z.number().int().parse(3)).toBe(3);
  });
});
