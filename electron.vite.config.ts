import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { rendererConfig } from './vite.renderer.config';

/**
 * The desktop build. Only the Electron entry, the analysis worker and the
 * preload are bundled for main; the loopback preview server and the CLI are
 * not entries, so they never ship inside the packaged app.
 */
export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      rollupOptions: {
        input: {
          index: resolve(import.meta.dirname, 'src/main/app/index.ts'),
          // A second entry, so the app finds out/main/analysis.worker.js next to index.js.
          'analysis.worker': resolve(import.meta.dirname, 'src/main/workers/analysis.worker.ts'),
          // The loyalty warm-up's worker, found as out/main/loyalty.worker.js (loyalty.warmup.ts).
          'loyalty.worker': resolve(import.meta.dirname, 'src/main/domain/loyalty/loyalty.worker.ts'),
          // The import's parser and writer, found as out/main/import.worker.js (transfer/import-worker.ts).
          'import.worker': resolve(import.meta.dirname, 'src/main/domain/transfer/import.worker.ts'),
          // Its helper for purchase files, found as out/main/import-prepare.worker.js (import-feed.ts).
          'import-prepare.worker': resolve(
            import.meta.dirname,
            'src/main/domain/transfer/import-prepare.worker.ts',
          ),
          // The export's part writers, found as out/main/export.worker.js (transfer/export-worker.ts).
          'export.worker': resolve(import.meta.dirname, 'src/main/domain/transfer/export.worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'src/preload/index.ts') },
        // A sandboxed preload must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: rendererConfig,
});
