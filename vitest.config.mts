import { defineConfig } from 'vitest/config';

// Unit tests are pure and fast; integration tests open real SQLite files and
// spawn real worker threads, so they run in forks with a longer timeout.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          // Pure renderer logic (no DOM) runs here too; tsconfig.web.json typechecks it.
          include: ['test/unit/**/*.test.ts', 'test/renderer/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          pool: 'forks',
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
