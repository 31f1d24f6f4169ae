/**
 * The Action's cold start against the real floor: one Node process doing the same GET with
 * node:http. Also shown: `fetch` (which pays for loading undici) and the floor the prescribed
 * packages set, a bundle of @actions/core and @actions/http-client alone doing the GET (both load
 * undici eagerly: http-client imports its ProxyAgent at the top). Every variant runs in turn, n
 * rounds, the order rotating each round, on the Node that GitHub runs actions with (24).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ncc from '@vercel/ncc';
import { actionNode } from '../harness/runtimes.js';
import { runAction } from '../harness/action-runner.js';
import { ROOT } from '../harness/root.js';
import { SANDBOX_TOKEN, type Sandbox } from '../sandbox/server.js';
import { median, round } from './stats.js';

const run = promisify(execFile);

export interface ColdStart {
  node: string;
  runs: number;
  medianMs: { action: number; nodeHttp: number; fetch: number; prescribed: number; prescribedCommonJs: number; empty: number };
  /** Action / node:http, the goal (<= 1.5). */
  ratio: number;
  ratioToFetch: number;
  /** The prescribed packages' floor / node:http. */
  prescribedRatio: number;
  /** Action / the prescribed floor, bundled as ES module and as CommonJS (the Action's format): the goal is <= 1.0. */
  floorRatio: { esm: number; commonJs: number };
  /** What a get loads: index.js and the chunks it asks for (the wire). */
  bundleBytes: number;
}

/** @actions/core + @actions/http-client, bundled by ncc (as an ES module, or as CommonJS like the Action), doing the same GET. */
async function prescribedFloor(dir: string, esm: boolean): Promise<string> {
  // In the repo, so that ncc resolves the packages from its node_modules.
  const entry = join(ROOT, 'build', 'cold-start-floor.mjs');
  writeFileSync(
    entry,
    `import * as core from '@actions/core';
import { HttpClient } from '@actions/http-client';
const http = new HttpClient('floor');
const res = await http.get(process.env.URL, { authorization: 'Bearer ' + process.env.TOKEN });
await res.readBody();
core.setOutput('status', String(res.message.statusCode));
`,
  );
  const { code } = await ncc(entry, { quiet: true, minify: true, esm, cache: false, sourceMap: false });
  rmSync(entry);
  const file = join(dir, esm ? 'floor.mjs' : 'floor.cjs');
  writeFileSync(file, code);
  return file;
}

/** A chunk a get loads: the wire's (node:http and the request), not streams files, multipart or the proxy stack. */
const loadedByGet = (file: string) =>
  /^\d+\.index\.js$/.test(file) && readFileSync(join(ROOT, 'action/dist', file), 'utf8').includes('Request timeout: ');

export async function coldStart(sandbox: Sandbox, n = 15): Promise<ColdStart> {
  const node = actionNode();
  const url = `${sandbox.apiBaseUrl}/meetings/85746065123/livestream`;
  const dir = mkdtempSync(join(tmpdir(), 'zoom-cold-'));
  // Resolved from the repo's node_modules by ncc; the bundle itself is self-contained.
  const floor = await prescribedFloor(dir, true);
  const floorCommonJs = await prescribedFloor(dir, false);
  const headers = `{authorization:'Bearer ${SANDBOX_TOKEN}'}`;
  const bareHttp = `require('node:http').get(${JSON.stringify(url)},{headers:${headers}},r=>{r.resume();r.on('end',()=>process.exit(r.statusCode===200?0:1))})`;
  const bareFetch = `fetch(${JSON.stringify(url)},{headers:${headers}}).then(async r=>{await r.text();process.exit(r.status===200?0:1)})`;
  const env = { ...process.env, URL: url, TOKEN: SANDBOX_TOKEN, GITHUB_OUTPUT: '' };
  const variants: [keyof ColdStart['medianMs'], () => Promise<unknown>][] = [
    [
      'action',
      async () => {
        const result = await runAction(
          { 'meeting-id': '85746065123', action: 'get', 'access-token': SANDBOX_TOKEN, 'api-base-url': sandbox.apiBaseUrl },
          { node },
        );
        if (result.code !== 0) throw new Error(result.stdout);
      },
    ],
    ['nodeHttp', () => run(node, ['-e', bareHttp])],
    ['fetch', () => run(node, ['-e', bareFetch])],
    ['prescribed', () => run(node, [floor], { env })],
    ['prescribedCommonJs', () => run(node, [floorCommonJs], { env })],
    ['empty', () => run(node, ['-e', '0'])],
  ];
  const times = new Map(variants.map(([name]) => [name, [] as number[]]));
  try {
    for (let round = -2; round < n; round++) {
      // Two warm-up rounds (disk cache), then n measured; the order rotates every round.
      const order = variants.map((_, i) => variants[(i + Math.max(round, 0)) % variants.length]!);
      for (const [name, fn] of order) {
        const began = performance.now();
        await fn();
        if (round >= 0) times.get(name)!.push(performance.now() - began);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const m = Object.fromEntries([...times].map(([name, t]) => [name, round(median(t), 1)])) as ColdStart['medianMs'];
  return {
    node: (await run(node, ['--version'])).stdout.trim(),
    runs: n,
    medianMs: m,
    ratio: round(m.action / m.nodeHttp),
    ratioToFetch: round(m.action / m.fetch),
    prescribedRatio: round(m.prescribed / m.nodeHttp),
    floorRatio: { esm: round(m.action / m.prescribed), commonJs: round(m.action / m.prescribedCommonJs) },
    bundleBytes: readdirSync(join(ROOT, 'action/dist'))
      .filter((f) => f === 'index.js' || loadedByGet(f))
      .reduce((sum, f) => sum + statSync(join(ROOT, 'action/dist', f)).size, 0),
  };
}
