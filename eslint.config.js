/**
 * ESLint: type-aware rules that catch bugs tsc lets through (a promise nobody awaits, a switch
 * that forgets a new case, an `any` leaking out of JSON.parse), and the rules of hooks for the
 * renderer. Style is not linted and nothing is formatted: tsc's strict settings and review cover it.
 * TypeScript sources only; each file is checked against its own tsconfig (the renderer's and the
 * bench's have the DOM, the root one has Node), found by the project service.
 */
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const typeScriptSources = ['**/*.ts', '**/*.tsx', '**/*.cts', '**/*.mts'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'kiosk-data/**', 'test-results/**', 'playwright-report/**'] },
  {
    files: typeScriptSources,
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // A switch over a union of intentions, events or states must name every member, so adding
      // one fails here until someone decides what it does. A `default` is an explicit decision.
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      // A `return promise` inside try/catch escapes the catch; awaiting it there keeps the handler.
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
      // `[10, 9].sort()` sorts as strings; numbers need a comparator.
      '@typescript-eslint/require-array-sort-compare': ['error', { ignoreStringArrays: true }],
      // A condition that is always true or false is dead code or a wrong type; loops on `true` are intended.
      '@typescript-eslint/no-unnecessary-condition': ['error', { allowConstantLoopConditions: 'only-allowed-literals' }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      // `import x = require('…')` is TypeScript's typed CommonJS import, the form a .cts file
      // (the Electron preload) needs under verbatimModuleSyntax; bare require() stays an error.
      '@typescript-eslint/no-require-imports': ['error', { allowAsImport: true }],
      // An async function with no await is how a Promise-returning interface is implemented so
      // that a throw becomes a rejection (migrator steps, close(), stop()); flagging it is noise.
      '@typescript-eslint/require-await': 'off',
      // Unused names are already an error in tsc (noUnusedLocals/noUnusedParameters); one report is enough.
      '@typescript-eslint/no-unused-vars': 'off',
      // Handled by tsc for TypeScript, and reports DOM and Node globals as undefined here.
      'no-undef': 'off',
    },
  },
  {
    files: ['tests/**/*.ts'],
    rules: {
      // Tests hand a helper's method to a hook (`afterAll(dir.remove)`) and to `expect(...)`;
      // the helpers are closures with no `this`, and vitest's matchers take methods by design.
      '@typescript-eslint/unbound-method': 'off',
      // Tests read the ledger file's raw rows (JSON.parse of a payload, a pg row) on purpose, to
      // check what was stored rather than what the production schemas would make of it, and
      // vitest's asymmetric matchers (`expect.any`, `expect.stringMatching`) are typed `any`.
      // Production code keeps all four rules: there an `any` must be parsed before it is used.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      // `let kiosk: TestKiosk` is set in beforeAll, and afterAll closes it with `kiosk?.close()`
      // so a failed start reports its own error rather than a TypeError on the way out; the
      // types cannot see that beforeAll may have failed.
      '@typescript-eslint/no-unnecessary-condition': 'off',
    },
  },
  {
    files: ['renderer/**/*.tsx', 'renderer/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
);
