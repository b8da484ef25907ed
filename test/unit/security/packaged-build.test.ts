import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import builderConfig from '../../../electron-builder.config';
import { findFuseViolations } from '../../../src/main/app/security/fuses';
import { devRendererUrl, shellPaths } from '../../../src/main/app/paths';

const repoRoot = path.resolve(import.meta.dirname, '../../..');

/** Every repo file reachable by relative imports from `entry` (static and dynamic). */
function importGraph(entry: string): Set<string> {
  const seen = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop() ?? '';
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/(?:from\s+|import\s*\(\s*)['"](\.[^'"]+)['"]/g)) {
      const base = path.resolve(path.dirname(file), match[1] ?? '');
      const candidate = [`${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')].find(existsSync);
      if (candidate) pending.push(candidate);
    }
  }
  return seen;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : /\.tsx?$/.test(name) ? [full] : [];
  });
}

describe('the packaged build', () => {
  const graph = [...importGraph(path.join(repoRoot, 'src/main/app/index.ts'))].map((f) =>
    path.relative(repoRoot, f),
  );

  it('does not contain the loopback preview transport or the CLI', () => {
    expect(graph).toContain('src/main/core/core.ts');
    expect(graph.filter((f) => f.startsWith('src/main/transport/') || f.startsWith('src/main/cli/'))).toEqual(
      [],
    );
  });

  it('packs only the electron-vite output, in an asar, with every fuse set', () => {
    expect(builderConfig.asar).toBe(true);
    expect(builderConfig.files).toEqual(['out/main/**', 'out/preload/**', 'out/renderer/**', 'package.json']);
    expect(findFuseViolations(builderConfig.electronFuses)).toEqual([]);
    expect(builderConfig.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
    });
  });

  it('calls shell.openExternal in exactly one place, fed only by the allow-list policies', () => {
    const callers = sourceFiles(path.join(repoRoot, 'src')).filter((f) =>
      /\bopenExternal\s*\(/.test(readFileSync(f, 'utf8')),
    );
    expect(callers.map((f) => path.relative(repoRoot, f))).toEqual(['src/main/app/window.ts']);
    const windowSource = readFileSync(path.join(repoRoot, 'src/main/app/window.ts'), 'utf8');
    expect(windowSource.match(/openExternal\(/g)).toHaveLength(1);
    const openOutsideArgs = [...windowSource.matchAll(/openOutside\(([^)]*)\)/g)]
      .map((m) => m[1])
      .filter((a) => a !== 'url: string | null');
    expect(openOutsideArgs).toEqual(['decision.externalUrl', 'decision.externalUrl']);
  });

  it('ignores a dev server URL once packaged, and accepts only loopback http in development', () => {
    expect(devRendererUrl(true, { ELECTRON_RENDERER_URL: 'http://localhost:5173' })).toBeNull();
    expect(devRendererUrl(false, { ELECTRON_RENDERER_URL: 'http://localhost:5173/' })).toBe(
      'http://localhost:5173',
    );
    expect(devRendererUrl(false, { ELECTRON_RENDERER_URL: 'https://evil.example' })).toBeNull();
    const paths = shellPaths('/app/out/main', '/home/u/.config/Patron', {});
    expect(paths).toEqual({
      dbFile: '/home/u/.config/Patron/patron.db',
      rendererRoot: '/app/out/renderer',
      preloadPath: '/app/out/preload/index.cjs',
    });
    expect(shellPaths('/app/out/main', '/x', { PATRON_DB: '/tmp/a.db' }).dbFile).toBe('/tmp/a.db');
  });
});
