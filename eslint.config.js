import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/**
 * Layering, enforced so nobody has to remember it (after VS Code's layer
 * rules): only the Electron shell imports `electron`; src/shared is pure;
 * the renderer reaches the core only through the command contract; the
 * analysis maths does no I/O; domain code knows no transport.
 */
const electronOnlyInShell = {
  paths: [{ name: 'electron', message: 'Only src/main/app and src/preload may import electron; the core runs without it.' }],
};
const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'worker_threads', 'http', 'crypto'];

export default tseslint.config(
  {
    ignores: ['out/**', 'dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'docs/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/app/**', 'src/main/transport/electron-ipc.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { ...electronOnlyInShell, patterns: [{ group: ['**/renderer/**'], message: 'The core never imports the renderer.' }] },
      ],
    },
  },
  {
    files: ['src/main/domain/**/*.ts', 'src/main/db/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...electronOnlyInShell,
          patterns: [
            { group: ['**/renderer/**'], message: 'The core never imports the renderer.' },
            { group: ['**/transport/**', '**/cli/**', '**/app/**'], message: 'Domain and db code know no transport, CLI or shell.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/main/analysis/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...electronOnlyInShell,
          patterns: [
            { group: [...nodeBuiltins, 'better-sqlite3'], message: 'Analysis maths is pure: no I/O.' },
            { group: ['**/db/**', '**/domain/**', '**/transport/**', '**/cli/**', '**/app/**', '**/renderer/**'], message: 'Analysis maths is pure.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...electronOnlyInShell,
          patterns: [
            { group: [...nodeBuiltins, 'better-sqlite3'], message: 'src/shared runs in the renderer too: no Node APIs.' },
            { group: ['**/main/**', '**/renderer/**', '**/preload/**'], message: 'src/shared imports nothing but itself.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          ...electronOnlyInShell,
          patterns: [
            { group: [...nodeBuiltins, 'better-sqlite3'], message: 'The renderer has no Node APIs.' },
            { group: ['**/main/**', '**/preload/index'], message: 'The renderer reaches the core only through the command contract (src/shared).' },
          ],
        },
      ],
    },
  },
  {
    files: ['scripts/**/*.{js,mjs}', '*.config.{js,mjs,ts,mts}'],
    languageOptions: { globals: { ...globals.node } },
  },
);
