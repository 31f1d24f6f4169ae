/** action.yml is valid, matches the code that reads it, and docs/action.md documents exactly it. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { readActionYml } from '../../harness/action-runner.js';
import { ROOT } from '../../harness/root.js';
import { NAMED_INPUTS } from '../../core/index.js';
import { type NamedInput } from '../../core/faces/inputs.js';
import { USAGE } from '../../cli/help.js';

const require = createRequire(import.meta.url);
const { validateAction } = require('@action-validator/core') as typeof import('@action-validator/core');

/** Table cells without the padding a formatter adds. */
const normalise = (row: string) =>
  row
    .split('|')
    .map((cell) => cell.trim())
    .join('|');

/** The README rows for inputs (`name | required | default | description`) or outputs. */
export function tableRows(kind: 'inputs' | 'outputs'): string[] {
  const yml = readActionYml();
  const rows =
    kind === 'outputs'
      ? Object.entries(yml.outputs).map(([name, o]) => `| \`${name}\` | ${o.description} |`)
      : Object.entries(yml.inputs).map(
          ([name, i]) =>
            `| \`${name}\` | ${i.required ? 'yes' : 'no'} | ${i.default !== undefined ? `\`${i.default}\`` : ''} | ${i.description} |`,
        );
  return rows.map(normalise);
}

function readmeSection(kind: string): string[] {
  const readme = readFileSync(join(ROOT, 'docs', 'action.md'), 'utf8');
  const match = new RegExp(`<!-- ${kind}:start -->([\\s\\S]*?)<!-- ${kind}:end -->`).exec(readme);
  assert.ok(match, `README has a ${kind} table between markers`);
  return match[1]!
    .split('\n')
    .filter((l) => l.startsWith('| `'))
    .map(normalise);
}

describe('action.yml', () => {
  const yml = readActionYml();
  const text = readFileSync(join(ROOT, 'action.yml'), 'utf8');

  it('validates against the action schema (node24 allowed explicitly)', () => {
    // @action-validator 0.6.0's schema predates node24; check everything else with node20 in its place.
    assert.equal(yml.runs.using, 'node24');
    const result = validateAction(text.replace(/using: node24/, 'using: node20'));
    assert.deepEqual(result.errors, []);
    assert.notDeepEqual(validateAction(text.replace(/description:/, 'descriptio:')).errors, [], 'the validator does catch errors');
  });

  it('runs the committed bundle', () => {
    assert.equal(yml.runs.main, 'action/dist/index.js');
    assert.ok(existsSync(join(ROOT, yml.runs.main)));
  });

  it('declares exactly the inputs the code reads, and the outputs it sets', () => {
    const code = ['core/faces/named-inputs.ts', 'action/main.ts', 'action/fleet.ts']
      .map((f) => readFileSync(join(ROOT, f), 'utf8'))
      .join('\n');
    const read = new Set([...code.matchAll(/input\('([a-z-]+)'\)/g)].map((m) => m[1]!));
    for (const secret of ['access-token', 'client-secret', 'stream-key']) read.add(secret);
    assert.deepEqual([...read].sort(), Object.keys(yml.inputs).sort());
    const set = new Set([...code.matchAll(/setOutput\('([a-z-]+)'/g)].map((m) => m[1]!));
    assert.deepEqual([...set].sort(), Object.keys(yml.outputs).sort());
  });

  it("action.yml's inputs are core's one table of named inputs: names, defaults, required, descriptions", () => {
    const fromTable = NAMED_INPUTS.map((i: NamedInput) => ({
      name: i.name,
      required: i.required === true,
      default: i.default,
      description: i.description,
    }));
    const fromYml = Object.entries(yml.inputs).map(([name, i]) => ({
      name,
      required: i.required === true,
      default: i.default,
      description: i.description,
    }));
    assert.deepEqual(fromYml, fromTable);
  });

  it('the CLI help and docs/cli.md name every flag and every credential variable of the table', () => {
    const docs = readFileSync(join(ROOT, 'docs', 'cli.md'), 'utf8');
    for (const input of NAMED_INPUTS as readonly NamedInput[]) {
      if (input.cli === 'positional') continue;
      const word = 'env' in input.cli ? input.cli.env : `--${input.cli.flag}`;
      assert.ok(USAGE.includes(word), `the help lacks ${word}`);
      assert.ok(docs.includes(word), `docs/cli.md lacks ${word}`);
    }
  });

  it('uses a Feather icon the marketplace accepts', () => {
    assert.ok(['video', 'radio', 'cast', 'play-circle'].includes((yml as unknown as { branding: { icon: string } }).branding.icon));
  });

  it("action.yml's inputs and docs/action.md's table are what `npm run inputs` writes from the table", async () => {
    const { staleInputFiles } = await import('../../scripts/inputs.js');
    assert.deepEqual(await staleInputFiles(), []);
  });

  it('README inputs and outputs tables match action.yml', () => {
    assert.deepEqual(readmeSection('inputs'), tableRows('inputs'));
    assert.deepEqual(readmeSection('outputs'), tableRows('outputs'));
  });
});
