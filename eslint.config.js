import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

import { readFileSync } from 'node:fs';

/** The faces, named once (faces.json). */
const { faces: FACES } = JSON.parse(readFileSync(new URL('./faces.json', import.meta.url), 'utf8'));

const OUTSIDE = [...FACES.map((f) => `**/${f}/*`), '**/sandbox/*', '**/harness/*', '**/test/*', '**/bench/*', '**/scripts/*'];

/** The core's layers (core/layers.json): each folder may import only the folders it lists. */
const { layers: ALLOWED } = JSON.parse(readFileSync(new URL('./core/layers.json', import.meta.url), 'utf8'));
const FOLDERS = Object.keys(ALLOWED);
/** Each core folder, with the folders it must not import. */
const LAYERS = FOLDERS.map((layer) => [layer, FOLDERS.filter((other) => other !== layer && !ALLOWED[layer].includes(other))]);

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
    rule(['core/errors.ts', 'core/text.ts', 'core/words.ts', 'core/files.ts'], FOLDERS, 'The root files are the bottom layer.'),
    ...LAYERS.map(([layer, forbidden]) =>
      rule(
        [`core/${layer}/**/*.ts`],
        forbidden,
        `core/${layer} imports only ${ALLOWED[layer].join(', ') || 'the root files'} (core/layers.json).`,
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
  // The wall: the faces reach the core only through its doors (index, and startup for what is said
  // before the command is known); the core knows no face; what
  // ships (core and the faces) never imports the Zoom stand-in, the test harness, tests or benchmarks.
  {
    files: FACES.flatMap((f) => [`${f}/**/*.ts`, `${f}/**/*.cjs`]),
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../core/*', '!../core/index.js', '!../core/startup.js'],
              message: 'Faces import the core through core/index.ts (or core/startup.ts, for --version and --help) only.',
            },
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
  // The core's layers, one way down (core/layers.json): a layer imports only those it lists; the
  // core knows no face, and never imports the Zoom stand-in, the harness, tests or benchmarks.
  ...layers(),
);
