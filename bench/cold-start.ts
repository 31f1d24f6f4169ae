/**
 * The Action's cold start (a whole `node action/dist/index.js` get, as the runner starts it) against
 * the floor its prescribed packages set: a bundle of @actions/core and @actions/http-client alone
 * doing the same GET, as they ship (http-client imports undici at its top) and as lean as the
 * Action (undici left out). Also shown: one node:http GET, `fetch` (which loads undici) and
 * `node -e 0`. CPU time (user + system, by the same preload in every process) and wall time; every
 * variant runs in turn, n rounds, the order rotating each round, on the Node that GitHub runs
 * actions with (24).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ncc from '@vercel/ncc';
import { actionNode } from '../harness/runtimes.js';
import { runAction } from '../harness/action-runner.js';
import { ROOT } from '../harness/root.js';
import { SANDBOX_TOKEN, startSandbox, type Sandbox } from '../sandbox/server.js';
import { cpuPreload } from './cpu-time.js';
import { median, printWhenRun, round } from './stats.js';

const run = promisify(execFile);

type Variant = 'action' | 'nodeHttp' | 'fetch' | 'floorShipped' | 'floorLean' | 'empty';

export interface ColdStart {
  node: string;
  runs: number;
  medianMs: Record<Variant, number>;
  /** CPU time (user + system) of each process, read by the same preload in every variant. */
  cpuMs: Record<Variant, number>;
  /** Action / node:http, the goal (<= 1.5). */
  ratio: number;
  ratioToFetch: number;
  /** The prescribed packages' floor / node:http. */
  prescribedRatio: number;
  /** Action / the prescribed floor as shipped (the goal: <= 1.0) and as lean as ours (undici left out), in wall and in CPU time. */
  floorRatio: { shipped: number; lean: number };
  floorCpuRatio: { shipped: number; lean: number };
  /** What a get loads: index.js and the chunks it asks for (the wire). */
  bundleBytes: number;
}

const FLOOR_SOURCE = `import * as core from '@actions/core';
import { HttpClient } from '@actions/http-client';
const http = new HttpClient('floor');
const res = await http.get(process.env.URL, { authorization: 'Bearer ' + process.env.TOKEN });
await res.readBody();
core.setOutput('status', String(res.message.statusCode));
`;

/**
 * @actions/core + @actions/http-client doing the same GET, bundled by ncc as CommonJS like the
 * Action. `asShipped`: built outside the repo, so the packages are bundled as they ship (undici,
 * which http-client imports at its top, included): the issue's floor. Otherwise built in the repo,
 * where tsconfig.json leaves undici out as it does for the Action: what is left is the packages'
 * own code, and the Action's excess over it is ours alone.
 */
async function prescribedFloor(dir: string, asShipped: boolean): Promise<string> {
  const home = asShipped ? mkdtempSync(join(tmpdir(), 'zoom-floor-')) : join(ROOT, 'build');
  const entry = join(home, 'cold-start-floor.mjs');
  writeFileSync(entry, FLOOR_SOURCE);
  const cwd = process.cwd();
  try {
    if (asShipped) {
      // ncc reads the tsconfig.json between the entry and the working directory: none out here.
      symlinkSync(join(ROOT, 'node_modules'), join(home, 'node_modules'), 'dir');
      process.chdir(home);
    }
    const { code } = await ncc(entry, { quiet: true, minify: true, esm: false, cache: false, sourceMap: false });
    if (asShipped !== code.includes('undici'))
      throw new Error(`the floor ${asShipped ? 'lacks' : 'has'} undici: not the floor it is named`);
    const file = join(dir, asShipped ? 'floor-shipped.cjs' : 'floor-lean.cjs');
    writeFileSync(file, code);
    return file;
  } finally {
    process.chdir(cwd);
    rmSync(asShipped ? home : entry, { recursive: true, force: true });
  }
}

/** A chunk a get loads: the wire's (node:http and the request), not streams files, multipart or the proxy stack. */
const loadedByGet = (file: string) =>
  /^\d+\.index\.js$/.test(file) && readFileSync(join(ROOT, 'action/dist', file), 'utf8').includes('Request timeout: ');

export async function coldStart(sandbox: Sandbox, n = 15): Promise<ColdStart> {
  const node = actionNode();
  const url = `${sandbox.apiBaseUrl}/meetings/85746065123/livestream`;
  const dir = mkdtempSync(join(tmpdir(), 'zoom-cold-'));
  const { nodeOptions, cpuMs } = cpuPreload(dir);
  // Resolved from the repo's node_modules by ncc; the bundle itself is self-contained.
  const floorShipped = await prescribedFloor(dir, true);
  const floorLean = await prescribedFloor(dir, false);
  const headers = `{authorization:'Bearer ${SANDBOX_TOKEN}'}`;
  const bareHttp = `require('node:http').get(${JSON.stringify(url)},{headers:${headers}},r=>{r.resume();r.on('end',()=>process.exit(r.statusCode===200?0:1))})`;
  const bareFetch = `fetch(${JSON.stringify(url)},{headers:${headers}}).then(async r=>{await r.text();process.exit(r.status===200?0:1)})`;
  const env = { ...process.env, URL: url, TOKEN: SANDBOX_TOKEN, GITHUB_OUTPUT: '', NODE_OPTIONS: nodeOptions };
  const node_ = async (args: string[]) => (await run(node, args, { env })).stderr;
  const variants: [Variant, () => Promise<string>][] = [
    [
      'action',
      async () => {
        const result = await runAction(
          { 'meeting-id': '85746065123', action: 'get', 'access-token': SANDBOX_TOKEN, 'api-base-url': sandbox.apiBaseUrl },
          { node, env: { NODE_OPTIONS: nodeOptions } },
        );
        if (result.code !== 0) throw new Error(result.stdout);
        return result.stderr;
      },
    ],
    ['nodeHttp', () => node_(['-e', bareHttp])],
    ['fetch', () => node_(['-e', bareFetch])],
    ['floorShipped', () => node_([floorShipped])],
    ['floorLean', () => node_([floorLean])],
    ['empty', () => node_(['-e', '0'])],
  ];
  const times = new Map(variants.map(([name]) => [name, [] as number[]]));
  const cpu = new Map(variants.map(([name]) => [name, [] as number[]]));
  try {
    for (let round = -2; round < n; round++) {
      // Two warm-up rounds (disk cache), then n measured; the order rotates every round.
      const order = variants.map((_, i) => variants[(i + Math.max(round, 0)) % variants.length]!);
      for (const [name, fn] of order) {
        const began = performance.now();
        const stderr = await fn();
        if (round < 0) continue;
        times.get(name)!.push(performance.now() - began);
        cpu.get(name)!.push(cpuMs(stderr));
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const medians = (samples: Map<Variant, number[]>) =>
    Object.fromEntries([...samples].map(([name, t]) => [name, round(median(t), 1)])) as Record<Variant, number>;
  const m = medians(times);
  const c = medians(cpu);
  return {
    node: (await run(node, ['--version'])).stdout.trim(),
    runs: n,
    medianMs: m,
    cpuMs: c,
    ratio: round(m.action / m.nodeHttp),
    ratioToFetch: round(m.action / m.fetch),
    prescribedRatio: round(m.floorShipped / m.nodeHttp),
    floorRatio: { shipped: round(m.action / m.floorShipped), lean: round(m.action / m.floorLean) },
    floorCpuRatio: { shipped: round(c.action / c.floorShipped), lean: round(c.action / c.floorLean) },
    bundleBytes: readdirSync(join(ROOT, 'action/dist'))
      .filter((f) => f === 'index.js' || loadedByGet(f))
      .reduce((sum, f) => sum + statSync(join(ROOT, 'action/dist', f)).size, 0),
  };
}

/** The benchmark table's rows: CPU time first (the measure), wall time beside it. */
export function coldStartRows(c: ColdStart): string[] {
  const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
  const how = `CPU ms by preload, median of ${c.runs} rotated rounds, ${c.node}; each floor bundled by ncc as CommonJS, like the Action`;
  return [
    `| Action \`get\` vs its prescribed floor as shipped (@actions/core + @actions/http-client doing one GET, undici included) (${how}) | ${c.cpuMs.action} vs ${c.cpuMs.floorShipped} = ${c.floorCpuRatio.shipped}x (wall ${c.medianMs.action} vs ${c.medianMs.floorShipped} ms = ${c.floorRatio.shipped}x) | <= 1.0x: ${met(c.floorCpuRatio.shipped <= 1)} |`,
    `| same run: vs that floor bundled as lean as the Action (undici left out of both): the excess is our own code | ${c.cpuMs.action} vs ${c.cpuMs.floorLean} = ${c.floorCpuRatio.lean}x (wall ${c.floorRatio.lean}x) | |`,
    `| same run: Action wall time vs one node:http GET (the real floor), \`fetch\`, \`node -e 0\` | ${c.medianMs.action} vs ${c.medianMs.nodeHttp} ms = ${c.ratio}x; fetch ${c.medianMs.fetch} ms (${c.ratioToFetch}x); empty ${c.medianMs.empty} ms | <= 1.5x: ${met(c.ratio <= 1.5)}; the floor as shipped alone: ${c.prescribedRatio}x |`,
    `| Action bundle a get loads (index.js and the wire's chunk) | ${c.bundleBytes} bytes | |`,
  ];
}

/** Alone: `node build/bench/cold-start.js [rounds]`. */
await printWhenRun(import.meta.url, async () => {
  const sandbox = await startSandbox();
  try {
    return coldStartRows(await coldStart(sandbox, Number(process.argv[2] ?? 15)));
  } finally {
    await sandbox.close();
  }
});
