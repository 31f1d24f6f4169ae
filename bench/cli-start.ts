/**
 * The command line's start-up, as cron and monitors pay it: the bundled `zoom-livestream` (what npm
 * installs) against `node -e 0` on the same Node, CPU time of each process (user + system, read by
 * a preload at its exit, the same preload for every variant), `rounds` interleaved rounds whose
 * order alternates, medians. A real `get` on loopback is held to 1.6x `node -e 0` plus the round
 * trip, the round trip being what a bare node:http GET costs beyond `node -e 0`; curl's wall time is
 * shown beside it (curl is no Node process: wall time, not CPU).
 * Alone: `node build/bench/cli-start.js`.
 */
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { actionNode } from '../harness/runtimes.js';
import { ROOT } from '../harness/root.js';
import { SANDBOX_TOKEN, startSandbox } from '../sandbox/server.js';
import { cpuPreload } from './cpu-time.js';
import { median, printWhenRun, round } from './stats.js';

export interface CliStart {
  node: string;
  rounds: number;
  /** Median CPU ms of each variant. */
  cpuMs: Record<'empty' | 'version' | 'help' | 'dryRun' | 'get' | 'bareGet', number>;
  /** Median wall ms of the real get and of curl's same GET. */
  wallMs: { get: number; curl: number };
}

const MEETING = '85746065123';
const run = promisify(execFile);

export async function cliStart(rounds = 30): Promise<CliStart> {
  const node = actionNode();
  const sandbox = await startSandbox();
  const dir = mkdtempSync(join(tmpdir(), 'cli-start-'));
  const { nodeOptions, cpuMs } = cpuPreload(dir);
  const cli = join(ROOT, 'cli', 'dist', 'index.js');
  const url = `${sandbox.apiBaseUrl}/meetings/${MEETING}/livestream`;
  const env = {
    ...process.env,
    ZOOM_ACCESS_TOKEN: SANDBOX_TOKEN,
    ZOOM_API_BASE_URL: sandbox.apiBaseUrl,
    NODE_OPTIONS: nodeOptions,
  };
  const bareGet = `require('node:http').get(${JSON.stringify(url)},{headers:{authorization:'Bearer ${SANDBOX_TOKEN}'}},r=>{r.resume();r.on('end',()=>process.exit(r.statusCode===200?0:1))})`;
  const variants: [keyof CliStart['cpuMs'], string[]][] = [
    ['empty', ['-e', '0']],
    ['version', [cli, '--version']],
    ['help', [cli, '--help']],
    ['dryRun', [cli, 'get', '--meeting', MEETING, '--dry-run']],
    ['get', [cli, 'get', '--meeting', MEETING]],
    ['bareGet', ['-e', bareGet]],
  ];
  const cpu = new Map(variants.map(([name]) => [name, [] as number[]]));
  const wall = { get: [] as number[], curl: [] as number[] };
  try {
    for (let r = -2; r < rounds; r++) {
      // Two warm-up rounds (disk cache), then `rounds` measured, the order reversed every other round.
      const order = r % 2 ? [...variants].reverse() : variants;
      for (const [name, args] of order) {
        const began = performance.now();
        const { stderr } = await run(node, args, { env });
        const took = performance.now() - began;
        if (r < 0) continue;
        cpu.get(name)!.push(cpuMs(stderr));
        if (name === 'get') wall.get.push(took);
      }
      const began = performance.now();
      await run('curl', ['-sS', '-o', '/dev/null', '-H', `authorization: Bearer ${SANDBOX_TOKEN}`, url]);
      if (r >= 0) wall.curl.push(performance.now() - began);
    }
  } finally {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    node: spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim(),
    rounds,
    cpuMs: Object.fromEntries([...cpu].map(([name, t]) => [name, round(median(t), 1)])) as CliStart['cpuMs'],
    wallMs: { get: round(median(wall.get), 1), curl: round(median(wall.curl), 1) },
  };
}

/** The benchmark table's rows. */
export function cliStartRows(c: CliStart): string[] {
  const ratio = (ms: number) => round(ms / c.cpuMs.empty);
  const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
  const roundTrip = c.cpuMs.bareGet - c.cpuMs.empty;
  const getGoal = 1.6 * c.cpuMs.empty + roundTrip;
  const how = `CPU ms, median of ${c.rounds} interleaved rounds, ${c.node}, the CommonJS bundle`;
  return [
    `| command line: \`--version\` vs \`node -e 0\` (${how}) | ${c.cpuMs.version} vs ${c.cpuMs.empty} = ${ratio(c.cpuMs.version)}x | <= 1.2x: ${met(ratio(c.cpuMs.version) <= 1.2)} |`,
    `| command line: \`--help\` vs \`node -e 0\` | ${c.cpuMs.help} vs ${c.cpuMs.empty} = ${ratio(c.cpuMs.help)}x | <= 1.2x: ${met(ratio(c.cpuMs.help) <= 1.2)} |`,
    `| command line: \`get --dry-run\` vs \`node -e 0\` | ${c.cpuMs.dryRun} vs ${c.cpuMs.empty} = ${ratio(c.cpuMs.dryRun)}x | <= 1.5x: ${met(ratio(c.cpuMs.dryRun) <= 1.5)} |`,
    `| command line: a real \`get\` on loopback vs \`node -e 0\` plus the round trip (a bare node:http GET: ${c.cpuMs.bareGet} ms) | ${c.cpuMs.get} ms vs 1.6 x ${c.cpuMs.empty} + ${round(roundTrip, 1)} = ${round(getGoal, 1)} ms | <= that: ${met(c.cpuMs.get <= getGoal)} |`,
    `| command line: the same \`get\` vs curl's GET, wall time | ${c.wallMs.get} ms vs ${c.wallMs.curl} ms = ${round(c.wallMs.get / c.wallMs.curl)}x | (curl starts no runtime) |`,
  ];
}

await printWhenRun(import.meta.url, async () => cliStartRows(await cliStart()));
