// ESLint (flat config): the recommended rules of ESLint and typescript-eslint, Prettier's
// switch-offs (Prettier formats, ESLint judges), and the import boundaries between the
// top-level folders (each folder's README says what it may import and why).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Folders product code must never import: tooling, tests and benchmarks. */
const TOOLING = ['**/scripts/**', '**/build/**', '**/tests/**', '**/bench/**'];

/** One folder's boundary: the folders (globs of import paths) it must not import, and why. */
const boundary = (files, forbidden, message, extra = {}) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', { patterns: [{ group: forbidden, message }, ...(extra.patterns ?? [])], paths: extra.paths ?? [] }],
  },
});

const NODE_BUILTINS = ['node:*', 'fs', 'path', 'child_process', 'os', 'crypto', 'http', 'https', 'net', 'worker_threads'];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'out/', 'test-output/', '.vite/', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // Unused names are a smell, but an argument named `_event` is how a callback skips one.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // `import type` keeps type-only imports out of bundles (the preload, the renderer).
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  { files: ['renderer/**'], languageOptions: { globals: { ...globals.browser } } },
  { files: ['tests/**', 'bench/**'], rules: { '@typescript-eslint/no-non-null-assertion': 'off' } },

  // The boundaries. The renderer runs in a browser sandbox: no Node, no database, no network client of its own.
  boundary(
    ['renderer/**'],
    [
      '**/terminal/store/**',
      '**/terminal/sync/**',
      '**/terminal/terminal-core',
      '**/server/**',
      '**/web/**',
      '**/electron/**',
      ...TOOLING,
      ...NODE_BUILTINS,
    ],
    'The screens reach the terminal only through the method table (terminal/terminal-api.ts); see renderer/README.md.',
    { paths: ['better-sqlite3', 'pino', 'axios', 'fastify', 'kysely', 'pg'] },
  ),
  // The wire contract is shared by both sides: it depends on nothing of either.
  boundary(
    ['protocol/**'],
    ['**/terminal/**', '**/server/**', '**/renderer/**', '**/web/**', '**/electron/**', ...TOOLING, ...NODE_BUILTINS],
    'protocol/ is the contract both sides share: TypeBox only (protocol/README.md).',
  ),
  boundary(
    ['terminal/**'],
    ['**/server/**', '**/renderer/**', '**/web/**', '**/electron/**', ...TOOLING],
    'The terminal core knows only protocol/ (terminal/README.md).',
  ),
  boundary(
    ['server/**'],
    ['**/terminal/**', '**/renderer/**', '**/web/**', '**/electron/**', ...TOOLING],
    'The back office knows only protocol/ (server/README.md).',
  ),
  boundary(
    ['web/**'],
    ['**/server/**', '**/renderer/**', '**/electron/**', ...TOOLING],
    'The web host serves the terminal core to the screens (web/README.md).',
  ),
  boundary(
    ['electron/**'],
    ['**/server/**', '**/renderer/**', '**/web/**', ...TOOLING],
    'The desktop shell hosts the terminal core and the built screens (electron/README.md).',
  ),
);
