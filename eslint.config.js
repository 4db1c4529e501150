// ESLint flat config for the whole repository.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import globals from 'globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = import.meta.dirname;
const workspaces = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).workspaces;
const testFiles = [
  '**/*.test.ts',
  '**/*.e2e.ts',
  '**/*.bench.ts',
  '**/test/**',
  '**/scripts/**',
  '*.config.{js,ts}',
  'console/vite.config.ts',
  'console/codegen.ts',
];

// Each workspace declares what it imports; test and script files may also use the root's dev tools.
const dependencyRules = workspaces.map((ws) => ({
  files: [`${ws}/**/*.ts`],
  rules: {
    'import-x/no-extraneous-dependencies': [
      'error',
      { devDependencies: testFiles, packageDir: [join(root, ws), root] },
    ],
  },
}));

// Only a subgraph's store/ (and its demo seed/) talks to the database driver (issue 15 item 5):
// resolvers and domain code call store functions. Subgraphs are listed here as they move to
// that layout.
const storeLayoutSubgraphs = ['resources', 'identity', 'datacenter', 'spaces'];
const storeOnlyRule = {
  files: storeLayoutSubgraphs.map((s) => `subgraphs/${s}/src/**/*.ts`),
  ignores: storeLayoutSubgraphs.flatMap((s) => [`subgraphs/${s}/src/store/**`, `subgraphs/${s}/src/seed/**`]),
  rules: {
    'no-restricted-imports': [
      'error',
      ...['mongoose', 'mongodb'].map((name) => ({
        name,
        message: `Only the subgraph's store/ imports ${name}: call a function of store/ instead.`,
      })),
    ],
  },
};

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '.tools/**',
      'data/**',
      '**/dist/**',
      '.turbo/**',
      'bench-results/**',
      'console/src/gql/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,js}'],
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2024, sourceType: 'module' },
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver': { node: true } },
    rules: {
      'import-x/no-extraneous-dependencies': ['error', { devDependencies: testFiles, packageDir: [root] }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
    },
  },
  ...dependencyRules,
  storeOnlyRule,
  // The operator console runs in the browser (React, TSX).
  {
    files: ['console/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver': { node: true } },
    rules: {
      'import-x/no-extraneous-dependencies': ['error', { packageDir: [join(root, 'console'), root] }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
);
