// Bundles the Action (ESM, as @actions/core 3 requires) and the Node-RED nodes (CommonJS, as
// Node-RED 4's require() and the test helper expect) with ncc, deterministically.
import ncc from '@vercel/ncc';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
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
    ...options,
  });
  rmSync(join(root, outDir), { recursive: true, force: true });
  mkdirSync(join(root, outDir), { recursive: true });
  writeFileSync(join(root, outDir, options.filename ?? 'index.js'), banner + code, { mode: banner ? 0o755 : 0o644 });
  for (const [name, asset] of Object.entries(assets)) {
    mkdirSync(dirname(join(root, outDir, name)), { recursive: true });
    writeFileSync(join(root, outDir, name), asset.source);
  }
  extra(join(root, outDir));
  console.log(`bundled ${entry} -> ${outDir} (${Buffer.byteLength(code)} bytes)`);
}

if (!only || only === 'action') {
  await build('action/index.ts', 'action/dist', {});
}
if (!only || only === 'cli') {
  // The npm package's `zoom-livestream` command: ESM like the Action, run by node from a shebang.
  await build(
    'cli/index.ts',
    'cli/dist',
    {},
    (out) => writeFileSync(join(out, 'package.json'), '{ "type": "module" }\n'),
    '#!/usr/bin/env node\n',
  );
}
if (!only || only === 'node-red') {
  await build('node-red/entry.cjs', 'node-red/dist', { esm: false, filename: 'zoom-livestream.js' }, (out) => {
    // The root package is ESM; this bundle is CommonJS.
    writeFileSync(join(out, 'package.json'), '{ "type": "commonjs" }\n');
    cpSync(join(root, 'node-red/editor/zoom-livestream.html'), join(out, 'zoom-livestream.html'));
    cpSync(join(root, 'node-red/locales'), join(out, 'locales'), { recursive: true });
    cpSync(join(root, 'node-red/icons'), join(out, 'icons'), { recursive: true });
  });
}
