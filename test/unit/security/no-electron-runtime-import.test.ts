import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const securityDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../src/main/app/security',
);
const sources = readdirSync(securityDir).filter((name) => name.endsWith('.ts'));

/** Every import/export/require of the electron module, as written. */
function electronImports(source: string): string[] {
  const pattern =
    /(?:^|\n)\s*((?:import|export)\b[^;]*?\bfrom\s*['"]electron['"]|.*\brequire\(\s*['"]electron['"]\s*\)|import\(\s*['"]electron['"]\s*\))/g;
  return [...source.matchAll(pattern)].map((match) => (match[1] ?? '').trim());
}

describe('src/main/app/security stays runnable without the Electron binary', () => {
  it('has policy modules to check', () => {
    expect(sources.length).toBeGreaterThanOrEqual(9);
  });

  it.each(sources)('%s imports only types from electron', (name) => {
    const source = readFileSync(path.join(securityDir, name), 'utf8');
    for (const statement of electronImports(source)) {
      expect(statement, `${name}: ${statement}`).toMatch(/^import type\b/);
    }
  });

  it('recognises a runtime import when it sees one', () => {
    expect(electronImports("import { shell } from 'electron';")).toEqual([
      "import { shell } from 'electron'",
    ]);
    expect(electronImports("const { app } = require('electron');")).toHaveLength(1);
    expect(electronImports("import type { Session } from 'electron';")[0]).toMatch(/^import type/);
  });
});
