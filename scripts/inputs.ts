/**
 * `npm run inputs`: writes action.yml's inputs and docs/action.md's table of them from core's one
 * table of named inputs (core/faces/inputs.ts), as actions/checkout writes its README from
 * action.yml, and streams.schema.json from the streams file's field table (core/fleet/fields.ts).
 * `--check` writes nothing and exits 1 when a file is stale (the metadata test runs the same
 * check). Defaults and descriptions are written once, in the tables.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { parse } from 'yaml';
import { NAMED_INPUTS, type NamedInput } from '../core/faces/inputs.js';
import { streamsFileSchema } from '../core/fleet/fields.js';
import { ROOT } from '../harness/root.js';

const inputs = NAMED_INPUTS as readonly NamedInput[];

/** A YAML scalar on one line: plain when YAML reads it back as the same text, else single-quoted. */
function yamlScalar(text: string): string {
  let plain = false;
  try {
    plain = parse(`x: ${text}`)?.x === text;
  } catch {
    // Not plain YAML: quoted below.
  }
  return plain ? text : `'${text.replace(/'/g, "''")}'`;
}

function actionYmlInputs(): string {
  return inputs
    .map((i) =>
      [
        `  ${i.name}:`,
        `    description: ${yamlScalar(i.description)}`,
        `    required: ${i.required === true}`,
        ...(i.default !== undefined ? [`    default: ${yamlScalar(i.default)}`] : []),
      ].join('\n'),
    )
    .join('\n');
}

function docsTable(): string {
  const rows = inputs.map(
    (i) => `| \`${i.name}\` | ${i.required ? 'yes' : 'no'} | ${i.default !== undefined ? `\`${i.default}\`` : ''} | ${i.description} |`,
  );
  return ['| input | required | default | description |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

/** The files as the tables make them, formatted as the repository formats them. */
export async function generatedInputFiles(): Promise<{ path: string; text: string }[]> {
  const ymlPath = join(ROOT, 'action.yml');
  const yml = readFileSync(ymlPath, 'utf8');
  const start = yml.indexOf('\ninputs:\n');
  const end = yml.indexOf('\noutputs:\n');
  if (start < 0 || end < start) throw new Error('action.yml has no inputs: block followed by outputs:');
  const newYml = `${yml.slice(0, start)}\ninputs:\n${actionYmlInputs()}${yml.slice(end)}`;

  const docsPath = join(ROOT, 'docs', 'action.md');
  const docs = readFileSync(docsPath, 'utf8');
  const table = /(<!-- inputs:start -->\n)[\s\S]*?(\n<!-- inputs:end -->)/;
  if (!table.test(docs)) throw new Error('docs/action.md has no inputs table between its markers');
  const newDocs = docs.replace(table, (_, open: string, close: string) => `${open}\n${docsTable()}\n${close}`);

  const schemaPath = join(ROOT, 'streams.schema.json');
  const formatted = async (path: string, text: string) => format(text, { ...(await resolveConfig(path)), filepath: path });
  return [
    { path: ymlPath, text: await formatted(ymlPath, newYml) },
    { path: docsPath, text: await formatted(docsPath, newDocs) },
    { path: schemaPath, text: await formatted(schemaPath, JSON.stringify(streamsFileSchema())) },
  ];
}

/** The files whose committed text differs from what the table makes. */
export async function staleInputFiles(): Promise<string[]> {
  return (await generatedInputFiles()).filter((f) => readFileSync(f.path, 'utf8') !== f.text).map((f) => f.path);
}

if (process.argv[1]?.endsWith('inputs.js')) {
  if (process.argv.includes('--check')) {
    const stale = await staleInputFiles();
    for (const path of stale) console.error(`${path} is stale: run npm run inputs`);
    process.exitCode = stale.length ? 1 : 0;
  } else {
    for (const file of await generatedInputFiles()) writeFileSync(file.path, file.text);
  }
}
