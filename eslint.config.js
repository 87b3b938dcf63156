// Lint for Caliper: typescript-eslint's recommended rules, React's rules of hooks, and the layer rules
// of ARCHITECTURE.md as boundaries between folders (shared/ imports nothing outside itself; renderer/
// only shared/; electron/backend shared/ and Node; main, preload, host and cli are thin adapters).
// Node's built-in modules are refused in shared/ and renderer/ by their full list (node:module), so
// `fs/promises` or `readline` cannot slip through.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/** Each layer and what it may import (ARCHITECTURE.md, "Runtimes and folders"). */
const layers = {
  shared: ['shared'],
  renderer: ['renderer', 'shared'],
  backend: ['backend', 'shared'],
  main: ['main', 'backend', 'shared'],
  preload: ['preload', 'shared'],
  host: ['host', 'backend', 'shared'],
  cli: ['cli', 'host', 'backend', 'shared'],
};

const noNode = (layer, also = []) => ({
  paths: [
    ...nodeBuiltins.map((name) => ({ name, message: `${layer} runs without Node: no Node built-ins here.` })),
    ...also.map((name) => ({ name, message: `${layer} is pure TypeScript: ${name} belongs to the renderer.` })),
  ],
  patterns: [{ regex: '^electron(/|$)', message: `${layer} never imports Electron.` }],
});

export default tseslint.config(
  {
    ignores: ['dist/**', 'release/**', 'node_modules/**', 'coverage/**', '**/*.d.ts', 'renderer/public/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  {
    files: ['shared/**/*.ts', 'electron/**/*.ts', 'renderer/**/*.{ts,tsx}'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': [
        { type: 'shared', pattern: 'shared/**', partialMatch: false },
        { type: 'renderer', pattern: 'renderer/**', partialMatch: false },
        { type: 'backend', pattern: 'electron/backend/**', partialMatch: false },
        { type: 'main', pattern: 'electron/main/**', partialMatch: false },
        { type: 'preload', pattern: 'electron/preload/**', partialMatch: false },
        { type: 'host', pattern: 'electron/host/**', partialMatch: false },
        { type: 'cli', pattern: 'electron/cli/**', partialMatch: false },
      ],
      'import/resolver': { node: { extensions: ['.ts', '.tsx', '.js', '.mjs'] } },
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          message: 'The {{from.type}} layer may not import the {{to.type}} layer (ARCHITECTURE.md).',
          policies: [
            ...Object.entries(layers).map(([from, allowed]) => ({
              from: { element: { type: from } },
              allow: { to: { element: { types: { anyOf: allowed } } } },
            })),
            // Packages are not layers: what each layer may use of them is checked below.
            { allow: { to: { module: { origin: 'external' } } } },
            { allow: { to: { module: { origin: 'core' } } } },
          ],
        },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', noNode('shared/', ['react', 'react-dom', 'zustand'])] },
  },
  { files: ['renderer/**/*.{ts,tsx}'], rules: { 'no-restricted-imports': ['error', noNode('renderer/')] } },
  {
    // Dynamic imports are not covered by no-restricted-imports.
    files: ['shared/**/*.ts', 'renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'ImportExpression[source.value=/^node:/]', message: 'This layer runs without Node.' },
      ],
    },
  },
  {
    files: ['electron/backend/**/*.ts', 'electron/host/**/*.ts', 'electron/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'electron/*'], message: 'Only electron/main and the preload import Electron.' },
          ],
        },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        ...[
          'window',
          'document',
          'navigator',
          'localStorage',
          'sessionStorage',
          'fetch',
          'EventSource',
          'process',
          'Buffer',
        ].map((name) => ({ name, message: 'shared/ runs in every layer: no DOM or Node globals.' })),
      ],
    },
  },
);
