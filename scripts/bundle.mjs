// Bundles the faces with ncc, deterministically, each as CommonJS: the Action and the command line
// because Node starts CommonJS faster (docs/benchmarks.md), the Node-RED nodes because Node-RED 4's
// require() and the test helper expect it. Each lazy import is a chunk of its own beside index.js.
import ncc from '@vercel/ncc';
import { minify } from 'terser';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv[2];

async function build(entry, outDir, options, extra = () => {}, banner = '') {
  const { code, assets } = await ncc(join(root, entry), {
    quiet: true,
    minify: true,
    sourceMap: false,
    license: 'licenses.txt',
    // ncc's disk cache is named by the entry alone, not by options such as esm: a cache left by an
    // ES module build gave a CommonJS bundle an ES import (seen once in CI). Every build is fresh.
    cache: false,
    ...options,
  });
  rmSync(join(root, outDir), { recursive: true, force: true });
  mkdirSync(join(root, outDir), { recursive: true });
  writeFileSync(join(root, outDir, options.filename ?? 'index.js'), banner + code, { mode: banner ? 0o755 : 0o644 });
  for (const [name, asset] of Object.entries(assets)) {
    mkdirSync(dirname(join(root, outDir, name)), { recursive: true });
    // ncc minifies the entry only: its lazy chunks (N.index.js) are minified here, as less to parse.
    const chunk = /^\d+\.[\w-]+\.js$/.test(name) && options.minify !== false;
    const source = chunk
      ? (await minify(String(asset.source), { module: options.esm !== false, compress: true, mangle: true })).code
      : asset.source;
    writeFileSync(join(root, outDir, name), source);
  }
  await extra(join(root, outDir));
  console.log(`bundled ${entry} -> ${outDir} (${Buffer.byteLength(code)} bytes)`);
}

/**
 * A dialog row, from `<!-- @field NODE.FIELD [row="CLASSES"] [icon=fa-tag] [label=KEY] [type=password]
 * [placeholder="TEXT" | hint=KEY] [width=70%] [unit=KEY] [typed] [select=SECTION:A,B] -->`: the label
 * (NODE.label.KEY, FIELD unless given), the input with its placeholder (the text, or NODE.KEY from
 * the catalog), its unit, for `typed` the hidden field that holds a typed input's type; or, for
 * `select`, a list of the values A, B… labelled NODE.SECTION.A…
 * The rows are alike but for these, so they are written once, here.
 */
const CONFIG_NODES = ['zoom-account', 'zoom-destination'];

function fieldRow(node, field, attributes, lists) {
  const attr = Object.fromEntries([...attributes.matchAll(/(\w+)(?:=(?:"([^"]*)"|(\S+)))?/g)].map((m) => [m[1], m[2] ?? m[3] ?? true]));
  const id = `${CONFIG_NODES.includes(node) ? 'node-config-input' : 'node-input'}-${field}`;
  const extras = [
    attr.placeholder && ` placeholder="${attr.placeholder}"`,
    attr.width && ` style="width:${attr.width}"`,
    attr.hint && ` data-i18n="[placeholder]${node}.${attr.hint}"`,
  ]
    .filter(Boolean)
    .join('');
  const icon = attr.icon ? `<i class="fa ${attr.icon}"></i> ` : '';
  const [section, given] = String(attr.select ?? '').split(':');
  // `select=kind:@DESTINATION_KINDS`: core's own list, so a new kind shows without an edit here.
  const values = given?.startsWith('@') ? lists[given.slice(1)]?.join(',') : given;
  if (given?.startsWith('@') && !values) throw new Error(`the editor asks for core's list ${given}, which bundle.mjs does not provide`);
  const input = values
    ? [
        `    <select id="${id}"${extras}>`,
        ...values.split(',').map((value) => `      <option value="${value}" data-i18n="${node}.${section}.${value}"></option>`),
        `    </select>`,
      ]
    : [`    <input type="${attr.type ?? 'text'}" id="${id}"${extras} />`];
  return [
    `<div class="form-row${attr.row ? ` ${attr.row}` : ''}">`,
    `    <label for="${id}">${icon}<span data-i18n="${node}.label.${attr.label ?? field}"></span></label>`,
    ...input,
    ...(attr.unit ? [`    <span data-i18n="${node}.label.${attr.unit}"></span>`] : []),
    ...(attr.typed ? [`    <input type="hidden" id="${id}Type" />`] : []),
    `  </div>`,
  ].join('\n');
}

/**
 * A managed service's credential, `<!-- @credentials NODE -->`: a row per variable, labelled in the
 * catalog (NODE.credential.NAME), the variable's name as its placeholder (the name the service's
 * documentation and the environment use), shown for the kinds that read it.
 */
function credentialRow(node, { name, kinds, secret }) {
  const id = `node-config-input-${name}`;
  return [
    `<div class="form-row zoom-cred" data-kinds="${kinds.join(' ')}">`,
    `    <label for="${id}"><i class="fa ${secret ? 'fa-key' : 'fa-id-card'}"></i> <span data-i18n="${node}.credential.${name}"></span></label>`,
    `    <input type="${secret ? 'password' : 'text'}" id="${id}" style="width:70%" placeholder="${name} (empty: from the environment)" />`,
    `  </div>`,
  ].join('\n');
}

/**
 * The editor's HTML with its rows written out (fieldRow), and core's own rules written in where it says
 * `/* @core NAME *\/ undefined`: the ID rule as the function core runs (compiled by tsc into build/),
 * the event list as JSON, the subscription ID's pattern as a regular expression.
 */
async function editorHtml() {
  const { targetFromText } = await import(join(root, 'build/core/zoom/target-text.js'));
  const { KNOWN_EVENTS } = await import(join(root, 'build/core/events/events.js'));
  const { TASK_ACTIONS } = await import(join(root, 'build/core/tasks/plan.js'));
  const { DESTINATION_KINDS } = await import(join(root, 'build/core/confirm/ladder.js'));
  const { SUBSCRIPTION_ID } = await import(join(root, 'build/core/events/socket.js'));
  const { DESTINATION_APIS } = await import(join(root, 'build/core/confirm/destinations.js'));
  const { SERVICE_VARIABLES } = await import(join(root, 'build/core/confirm/service-credentials.js'));
  const lists = { TASK_ACTIONS, DESTINATION_KINDS };
  const values = {
    targetFromText: targetFromText.toString(),
    KNOWN_EVENTS: JSON.stringify(KNOWN_EVENTS),
    TASK_ACTIONS: JSON.stringify(TASK_ACTIONS),
    SUBSCRIPTION_ID: String(SUBSCRIPTION_ID),
    MANAGED_KINDS: JSON.stringify(DESTINATION_KINDS.filter((kind) => DESTINATION_APIS[kind].service)),
    SERVICE_CREDENTIALS: JSON.stringify(
      Object.fromEntries(SERVICE_VARIABLES.map((v) => [v.name, { type: v.secret ? 'password' : 'text' }])),
    ),
  };
  const html = readFileSync(join(root, 'node-red/editor/zoom-livestream.html'), 'utf8')
    .replace(/<!-- @field ([\w-]+)\.(\w+)(.*?) -->/g, (_, node, field, attributes) => fieldRow(node, field, attributes, lists))
    .replace(/<!-- @credentials ([\w-]+) -->/g, (_, node) => SERVICE_VARIABLES.map((v) => credentialRow(node, v)).join('\n  '));
  return html.replace(/\/\* @core (\w+) \*\/ undefined/g, (_, name) => {
    if (!(name in values)) throw new Error(`the editor asks for core's ${name}, which bundle.mjs does not provide`);
    return values[name];
  });
}

/** Each face's bundle: its entry, ncc's options and what goes beside the code. */
const BUNDLES = {
  // CommonJS, which Node loads faster than ES modules (docs/benchmarks.md, cold start); ncc turns
  // @actions/core's ES modules into it.
  action: () =>
    build('action/index.ts', 'action/dist', { esm: false }, (out) => writeFileSync(join(out, 'package.json'), '{ "type": "commonjs" }\n')),
  // The npm package's `zoom-livestream` command, run by node from a shebang: CommonJS, which Node
  // loads faster than ES modules (docs/benchmarks.md, start-up).
  cli: () =>
    build(
      'cli/index.ts',
      'cli/dist',
      { esm: false },
      (out) => writeFileSync(join(out, 'package.json'), '{ "type": "commonjs" }\n'),
      '#!/usr/bin/env node\n',
    ),
  'node-red': () =>
    build('node-red/entry.cjs', 'node-red/dist', { esm: false, filename: 'zoom-livestream.js' }, async (out) => {
      // The root package is ESM; this bundle is CommonJS.
      writeFileSync(join(out, 'package.json'), '{ "type": "commonjs" }\n');
      writeFileSync(join(out, 'zoom-livestream.html'), await editorHtml());
      cpSync(join(root, 'node-red/locales'), join(out, 'locales'), { recursive: true });
      cpSync(join(root, 'node-red/icons'), join(out, 'icons'), { recursive: true });
    }),
};

// faces.json names the faces once: a face without a bundle here (or a bundle of no face) is a mistake.
const { faces } = JSON.parse(readFileSync(join(root, 'faces.json'), 'utf8'));
if (JSON.stringify([...faces].sort()) !== JSON.stringify(Object.keys(BUNDLES).sort())) {
  throw new Error(`faces.json names ${faces.join(', ')}; scripts/bundle.mjs bundles ${Object.keys(BUNDLES).join(', ')}`);
}
for (const face of faces) if (!only || only === face) await BUNDLES[face]();
