import path from 'node:path';
import { test as base } from '@playwright/test';
import { runCli, startPreview, tempDir, type RunningPreview } from '../../helpers/cli';

export interface PreviewOptions {
  /** 'empty' leaves the file for first-run; 'init' creates a named shop; 'demo' seeds customers. */
  readonly shop: 'empty' | 'init' | { readonly demoCustomers: number; readonly locale?: 'en' | 'zh-CN' };
  readonly locale?: 'en' | 'zh-CN';
  readonly name?: string;
}

interface Fixtures {
  /** Starts the browser preview on a fresh shop file of its own. */
  openPreview(options: PreviewOptions): Promise<RunningPreview>;
}

export const test = base.extend<Fixtures>({
  openPreview: async ({ page: _page }, use) => {
    const running: RunningPreview[] = [];
    await use(async (options) => {
      const dbFile = path.join(tempDir('patron-e2e-'), 'shop.db');
      if (options.shop === 'init') {
        const init = runCli([
          'init',
          '--db',
          dbFile,
          '--name',
          options.name ?? 'Test Shop',
          '--locale',
          options.locale ?? 'en',
        ]);
        if (init.status !== 0) throw new Error(`init failed: ${init.stderr}`);
      } else if (options.shop !== 'empty') {
        const seed = runCli([
          'seed',
          '--db',
          dbFile,
          '--customers',
          String(options.shop.demoCustomers),
          '--seed',
          '7',
          '--locale',
          options.shop.locale ?? options.locale ?? 'en',
        ]);
        if (seed.status !== 0) throw new Error(`seed failed: ${seed.stderr}`);
      }
      const preview = await startPreview(dbFile, options.locale ? ['--locale', options.locale] : []);
      running.push(preview);
      return preview;
    });
    await Promise.all(running.map((p) => p.stop()));
  },
});

export { expect } from '@playwright/test';
