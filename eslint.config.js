import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

import { readFileSync } from 'node:fs';

/** The faces, named once (faces.json). */
const { faces: FACES } = JSON.parse(readFileSync(new URL('./faces.json', import.meta.url), 'utf8'));

const OUTSIDE = [...FACES.map((f) => `**/${f}/*`), '**/sandbox/*', '**/harness/*', '**/test/*', '**/bench/*', '**/scripts/*'];

/** Each core folder, with the folders above it, which it must not import. */
const LAYERS = [
  ['http', ['zoom', 'webhooks', 'check', 'confirm', 'tasks', 'fleet', 'faces']],
  ['zoom', ['webhooks', 'check', 'confirm', 'tasks', 'fleet', 'faces']],
  ['webhooks', ['check', 'confirm', 'tasks', 'fleet', 'faces']],
  ['check', ['webhooks', 'confirm', 'tasks', 'fleet', 'faces']],
  ['confirm', ['webhooks', 'check', 'tasks', 'fleet', 'faces']],
  ['tasks', ['webhooks', 'fleet', 'faces']],
  ['fleet', ['webhooks', 'faces']],
  ['faces', []],
];

function layers() {
  const rule = (files, above, message) => ({
    files,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...(above.length ? [{ group: above.map((a) => `**/${a}/*`), message }] : []),
            { group: OUTSIDE, message: 'The core knows no face, and never imports the sandbox, the harness, tests or benchmarks.' },
          ],
        },
      ],
    },
  });
  return [
    rule(['core/*.ts'], [], ''),
    rule(
      ['core/errors.ts', 'core/text.ts'],
      ['http', 'zoom', 'webhooks', 'check', 'confirm', 'tasks', 'fleet', 'faces'],
      'errors.ts and text.ts are the bottom layer.',
    ),
    ...LAYERS.map(([layer, above]) =>
      rule(
        [`core/${layer}/**/*.ts`],
        above,
        `core/${layer} imports only the layers below it (faces > fleet > tasks > check, confirm, webhooks > zoom > http).`,
      ),
    ),
  ];
}

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
    files: FACES.flatMap((f) => [`${f}/**/*.ts`, `${f}/**/*.cjs`]),
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
              group: FACES.map((f) => `../${f}/*`),
              message: 'A face does not import another face: share it through the core.',
            },
          ],
        },
      ],
    },
  },
  // The core's layers, one way down: faces > tasks > check > webhooks, zoom > http > the root
  // (errors, text). A layer imports only those below it; the core knows no face, and what ships
  // never imports the Zoom stand-in, the harness, tests or benchmarks.
  ...layers(),
);
