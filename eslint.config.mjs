// @ts-check
// NestJS's configuration (as `nest new` writes it for NestJS 11/12): typescript-eslint's recommended
// type-checked rules and Prettier through eslint-plugin-prettier.
import eslint from '@eslint/js';
import eslintPluginPrettierRecommended from 'eslint-plugin-prettier/recommended';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    // The code base is TypeScript; its few .js files (jest.config.js, a worker fixture) are outside the TS project.
    ignores: ['eslint.config.mjs', '**/*.js', 'dist/**', 'node_modules/**', '.cache/**', 'coverage/**'],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  eslintPluginPrettierRecommended,
  {
    languageOptions: {
      globals: {
        ...globals.node,
        ...globals.jest,
      },
      sourceType: 'commonjs',
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-floating-promises': 'warn',
      '@typescript-eslint/no-unsafe-argument': 'warn',
      // Warning until the repository is formatted once (123 files differ at printWidth 190; see .prettierrc):
      // `npm run format:check` lists them. Then back to NestJS's 'error'.
      'prettier/prettier': ['warn', { endOfLine: 'auto' }],
      // A leading underscore, or a rest sibling, marks a member left out on purpose (`const { a, ...rest } = x`).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // Warnings, not errors, until fixed file by file (many files, edited by other work now); count when the
      // configuration came (problems / files): they are type-level untidiness, not known faults.
      '@typescript-eslint/no-unnecessary-type-assertion': 'warn', // 153 / 50
      '@typescript-eslint/no-unsafe-member-access': 'warn', // 75 / 22
      '@typescript-eslint/no-unsafe-assignment': 'warn', // 72 / 28
      '@typescript-eslint/require-await': 'warn', // 51 / 23
      '@typescript-eslint/no-unsafe-return': 'warn', // 24 / 16
      '@typescript-eslint/no-unsafe-call': 'warn', // 8 / 3
      '@typescript-eslint/unbound-method': 'warn', // 5 / 4
      '@typescript-eslint/restrict-template-expressions': 'warn', // 5 / 3
      '@typescript-eslint/no-base-to-string': 'warn', // 5 / 5
      '@typescript-eslint/prefer-promise-reject-errors': 'warn', // 3 / 3
      '@typescript-eslint/no-unsafe-enum-comparison': 'warn', // 2 / 1
      '@typescript-eslint/no-unsafe-function-type': 'warn', // 2 / 1
      '@typescript-eslint/no-misused-promises': 'warn', // 1 / 1
      'preserve-caught-error': 'warn', // 1 / 1
      'no-useless-assignment': 'warn', // 2 / 2
    },
  },
);
