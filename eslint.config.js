import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/', 'web/dist/', 'node_modules/', 'data/', 'bench/results/', 'test-results/'] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    languageOptions: {
      parserOptions: {
        // Each file is typed by its nearest tsconfig.json: the root one (src, test, bench, scripts), web/'s or e2e/'s.
        projectService: {
          // Vite's config belongs to no tsconfig (web/'s is for the browser); it is typed with the root one's options.
          allowDefaultProject: ['web/vite.config.ts'],
          defaultProject: 'tsconfig.json',
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // node:test's `test` and `describe` return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'suite', 'test'] }] },
      ],
      // Fastify plugins and hooks are `async` by contract (the promise says when they are done) and often await nothing.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Migrations are frozen: they talk to `Kysely<any>`, never to the app's Database type, which describes today's schema
    // (and so does the runner that hands them the instance).
    files: ['src/db/migrations/**', 'src/db/migrate.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Tests read response bodies (`harness.call()` gives `body: any`, the JSON as received) and parsed JSON field by field, then compare whole
    // values with `assert.deepStrictEqual`, which is the check. Typing every body would mean a cast per assertion.
    files: ['test/**'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // Plain JavaScript (this file) has no types to check.
    files: ['**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
