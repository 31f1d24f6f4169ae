import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      'build/**',
      'node_modules/**',
      'coverage/**',
      'test-output/**',
      'bench/results/**',
      '.node-red-demo/**',
      '.runtimes/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.mocha } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  { files: ['**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  // TypeScript checks names itself.
  { files: ['**/*.ts'], rules: { 'no-undef': 'off' } },
  // The wall: the faces reach the core only through its public index; the core knows no face; what
  // ships (core and the faces) never imports the Zoom stand-in, the test harness, tests or benchmarks.
  {
    files: ['action/**/*.ts', 'node-red/**/*.ts', 'node-red/**/*.cjs', 'cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['../core/*', '!../core/index.js'], message: 'Faces import the core through core/index.ts only.' },
            {
              group: ['../sandbox/*', '../harness/*', '../test/*', '../bench/*', '../scripts/*'],
              message: 'What ships never imports the sandbox, the harness, tests or benchmarks.',
            },
            {
              group: ['../action/*', '../node-red/*', '../cli/*'],
              message: 'A face does not import another face: share it through the core.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['../action/*', '../node-red/*', '../cli/*'], message: 'The core knows no face.' },
            {
              group: ['../sandbox/*', '../harness/*', '../test/*', '../bench/*', '../scripts/*'],
              message: 'What ships never imports the sandbox, the harness, tests or benchmarks.',
            },
          ],
        },
      ],
    },
  },
);
